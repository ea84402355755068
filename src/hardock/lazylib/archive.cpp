// libarchive, opened on first use (library.h): only image layers, saved images and advisory
// archives need it. hardock's definitions of the libarchive functions it calls, each forwarding
// to libarchive's own; the declarations are archive.h's and archive_entry.h's.
#include <archive.h>
#include <archive_entry.h>

#include <cstdarg>
#include <cstdio>

#include "hardock/lazylib/library.h"

namespace {

hardock::lazylib::Library& libarchive() {
  static hardock::lazylib::Library library("libarchive.so.13");
  return library;
}

}  // namespace

extern "C" {

struct archive* archive_read_new(void) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_new)();
}

// The free of nothing does nothing, as libarchive's does, without opening it: it runs in
// destructors.
int archive_read_free(struct archive* handle) {
  if (handle == nullptr) return ARCHIVE_OK;
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_free)(handle);
}

int archive_read_support_filter_all(struct archive* handle) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_support_filter_all)(handle);
}

int archive_read_support_filter_gzip(struct archive* handle) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_support_filter_gzip)(handle);
}

int archive_read_support_filter_zstd(struct archive* handle) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_support_filter_zstd)(handle);
}

int archive_read_support_format_raw(struct archive* handle) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_support_format_raw)(handle);
}

int archive_read_support_format_tar(struct archive* handle) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_support_format_tar)(handle);
}

int archive_read_support_format_zip(struct archive* handle) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_support_format_zip)(handle);
}

int archive_read_open(struct archive* handle, void* client_data, archive_open_callback* open,
                      archive_read_callback* read, archive_close_callback* close) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_open)(handle, client_data, open, read,
                                                               close);
}

int archive_read_open_fd(struct archive* handle, int fd, size_t block_size) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_open_fd)(handle, fd, block_size);
}

int archive_read_next_header(struct archive* handle, struct archive_entry** entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_next_header)(handle, entry);
}

la_ssize_t archive_read_data(struct archive* handle, void* buffer, size_t size) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_read_data)(handle, buffer, size);
}

la_int64_t archive_filter_bytes(struct archive* handle, int filter) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_filter_bytes)(handle, filter);
}

const char* archive_error_string(struct archive* handle) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_error_string)(handle);
}

// printf-style: formatted here (bounded), then handed over as one "%s" argument.
void archive_set_error(struct archive* handle, int error, const char* format, ...) {
  auto* real = HARDOCK_LAZYLIB_REAL(libarchive(), archive_set_error);
  char message[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(message, sizeof message, format, args);
  va_end(args);
  real(handle, error, "%s", message);
}

const char* archive_entry_pathname(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_pathname)(entry);
}

const char* archive_entry_hardlink(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_hardlink)(entry);
}

const char* archive_entry_symlink(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_symlink)(entry);
}

__LA_MODE_T archive_entry_filetype(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_filetype)(entry);
}

__LA_MODE_T archive_entry_perm(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_perm)(entry);
}

la_int64_t archive_entry_size(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_size)(entry);
}

int archive_entry_size_is_set(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_size_is_set)(entry);
}

la_int64_t archive_entry_uid(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_uid)(entry);
}

la_int64_t archive_entry_gid(struct archive_entry* entry) {
  return HARDOCK_LAZYLIB_REAL(libarchive(), archive_entry_gid)(entry);
}

}  // extern "C"
