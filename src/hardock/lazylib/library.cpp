#include "hardock/lazylib/library.h"

#include <dlfcn.h>

namespace hardock::lazylib {

void Library::open() {
  if (handle_ == nullptr) {
    // RTLD_LOCAL: the library's symbols stay out of the global scope, where hardock's forwarding
    // functions of the same names are.
    handle_ = dlopen(soname_, RTLD_LAZY | RTLD_LOCAL);
    if (handle_ == nullptr) {
      const char* why = dlerror();
      throw LoadError(std::string(soname_) +
                      " could not be loaded: " + (why != nullptr ? why : "unknown error"));
    }
  }
  // The set-up looks up the library's functions through symbol(): the lock is recursive. If it
  // throws, the library stays open and the next call runs the set-up again.
  if (set_up_ != nullptr) set_up_(*this);
  ready_ = true;
}

void* Library::symbol(const char* name) {
  void* handle = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!ready_ && !in_set_up_) {
      in_set_up_ = true;
      try {
        open();
      } catch (...) {
        in_set_up_ = false;
        throw;
      }
      in_set_up_ = false;
    }
    handle = handle_;
  }
  dlerror();
  void* address = dlsym(handle, name);
  if (address == nullptr) {
    const char* why = dlerror();
    throw LoadError(std::string(soname_) + " has no function " + name + ": " +
                    (why != nullptr ? why : "null address"));
  }
  return address;
}

bool Library::loaded() const {
  std::lock_guard lock(mutex_);
  return ready_;
}

}  // namespace hardock::lazylib
