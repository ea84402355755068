// libcurl, opened on first use (library.h): hardock's definitions of the libcurl functions it
// calls, each forwarding to libcurl's own. The declarations are curl.h's, so the types are
// checked against it.
#include <curl/curl.h>

#include <cstdarg>

#include "hardock/lazylib/library.h"

namespace {

using hardock::lazylib::Library;
using hardock::lazylib::LoadError;

// libcurl's global set-up, once, before any of its other functions is returned. Since 7.84
// curl_global_init is thread-safe; the library's lock also holds every other thread until it is
// done.
void set_up(Library& library) {
  if (HARDOCK_LAZYLIB_REAL(library, curl_global_init)(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    throw LoadError(std::string(library.soname()) + " could not be initialised (curl_global_init)");
  }
}

Library& libcurl() {
  static Library library("libcurl.so.4", set_up);
  return library;
}

// An option's number says the type of its value (curl.h: CURLOPTTYPE_*; the multi options are
// numbered the same way): a long, an object or function pointer, a curl_off_t, or a blob pointer.
template <typename Real, typename Handle, typename Option>
auto set_option(Real* real, Handle* handle, Option option, va_list args) {
  const long number = option;
  if (number < CURLOPTTYPE_OBJECTPOINT) return real(handle, option, va_arg(args, long));
  if (number < CURLOPTTYPE_OFF_T) return real(handle, option, va_arg(args, void*));
  if (number < CURLOPTTYPE_BLOB) return real(handle, option, va_arg(args, curl_off_t));
  return real(handle, option, va_arg(args, void*));
}

}  // namespace

extern "C" {

CURL* curl_easy_init(void) { return HARDOCK_LAZYLIB_REAL(libcurl(), curl_easy_init)(); }

CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  auto* real = HARDOCK_LAZYLIB_REAL(libcurl(), curl_easy_setopt);
  va_list args;
  va_start(args, option);
  const CURLcode code = set_option(real, curl, option, args);
  va_end(args);
  return code;
}

CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  auto* real = HARDOCK_LAZYLIB_REAL(libcurl(), curl_easy_getinfo);
  va_list args;
  va_start(args, info);
  void* out = va_arg(args, void*);  // every CURLINFO_* takes a pointer to the answer
  va_end(args);
  return real(curl, info, out);
}

CURLHcode curl_easy_header(CURL* easy, const char* name, size_t index, unsigned int origin,
                           int request, struct curl_header** hout) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_easy_header)(easy, name, index, origin, request,
                                                           hout);
}

CURLcode curl_easy_perform(CURL* curl) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_easy_perform)(curl);
}

CURLcode curl_easy_pause(CURL* handle, int bitmask) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_easy_pause)(handle, bitmask);
}

const char* curl_easy_strerror(CURLcode code) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_easy_strerror)(code);
}

// The clean-ups of nothing do nothing, as libcurl's do, without opening it: a destructor must
// not throw.
void curl_easy_cleanup(CURL* curl) {
  if (curl != nullptr) HARDOCK_LAZYLIB_REAL(libcurl(), curl_easy_cleanup)(curl);
}

struct curl_slist* curl_slist_append(struct curl_slist* list, const char* data) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_slist_append)(list, data);
}

void curl_slist_free_all(struct curl_slist* list) {
  if (list != nullptr) HARDOCK_LAZYLIB_REAL(libcurl(), curl_slist_free_all)(list);
}

CURLM* curl_multi_init(void) { return HARDOCK_LAZYLIB_REAL(libcurl(), curl_multi_init)(); }

CURLMcode curl_multi_setopt(CURLM* multi, CURLMoption option, ...) {
  auto* real = HARDOCK_LAZYLIB_REAL(libcurl(), curl_multi_setopt);
  va_list args;
  va_start(args, option);
  const CURLMcode code = set_option(real, multi, option, args);
  va_end(args);
  return code;
}

CURLMcode curl_multi_add_handle(CURLM* multi, CURL* easy) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_multi_add_handle)(multi, easy);
}

CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* easy) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_multi_remove_handle)(multi, easy);
}

CURLMcode curl_multi_perform(CURLM* multi, int* running_handles) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_multi_perform)(multi, running_handles);
}

CURLMcode curl_multi_poll(CURLM* multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds,
                          int timeout_ms, int* ret) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_multi_poll)(multi, extra_fds, extra_nfds, timeout_ms,
                                                          ret);
}

CURLMsg* curl_multi_info_read(CURLM* multi, int* msgs_in_queue) {
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_multi_info_read)(multi, msgs_in_queue);
}

CURLMcode curl_multi_cleanup(CURLM* multi) {
  if (multi == nullptr) return CURLM_BAD_HANDLE;  // libcurl's answer, without opening it
  return HARDOCK_LAZYLIB_REAL(libcurl(), curl_multi_cleanup)(multi);
}

}  // extern "C"
