#pragma once
// A shared library opened on first use. hardock links libcurl, libpq and libarchive through
// this (curl.cpp, pq.cpp, archive.cpp define their functions, each forwarding to the library's
// own): loading the 38 libraries they pull in cost every run 8-9 ms, most of a `hardock lint`
// of one file, which uses none of them (docs/benchmarks.md).
#include <mutex>
#include <stdexcept>
#include <string>

namespace hardock::lazylib {

// A library or one of its functions could not be loaded. The message names both and says why.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Library {
 public:
  // SONAME: the name the dynamic loader looks up ("libcurl.so.4"). SET_UP: run once, right
  // after the library is opened and before any of its functions is returned.
  explicit Library(const char* soname, void (*set_up)(Library&) = nullptr)
      : soname_(soname), set_up_(set_up) {}
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  // The address of the library's own NAME (looked up in the library and its dependencies only,
  // never in hardock, whose function of the same name forwards here). Opens the library on the
  // first call from any thread; throws LoadError when it or NAME cannot be found (a later call
  // tries again).
  void* symbol(const char* name);
  // Whether the library has been opened and set up (by this object): for tests.
  bool loaded() const;
  const char* soname() const { return soname_; }

 private:
  void open();

  const char* soname_;
  void (*set_up_)(Library&);
  mutable std::recursive_mutex mutex_;
  void* handle_ = nullptr;
  bool ready_ = false;      // opened and set up
  bool in_set_up_ = false;  // the set-up's own look-ups must not start it again
};

}  // namespace hardock::lazylib

// The library's own FUNCTION, typed as hardock's declaration of it (the library's header), so a
// forwarding definition cannot get the types wrong. Looked up once per function (a static); a
// look-up that threw is tried again on the next call.
#define HARDOCK_LAZYLIB_REAL(library, function)                             \
  ([&]() {                                                                  \
    static auto* const address =                                            \
        reinterpret_cast<decltype(&function)>((library).symbol(#function)); \
    return address;                                                         \
  }())
