// File and directory names in the plan directory for names that come from the engine (container
// names, Compose project names). A name a snapshot hands over may be "../../x", hold a newline
// or be 20 MB long: it never becomes a path component as it is.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace hardock::harden {

class FileNames {
 public:
  // A file name for `wanted`, unique among those this object has given out:
  //   - `wanted` itself when it is a portable name ([A-Za-z0-9._-], first character not '.' or
  //     '-', at most 128 bytes) not given out yet (so "web" stays "web");
  //   - otherwise its portable characters with '_' for the others, cut to 64 bytes, then "-" and
  //     an 8-digit hash of `wanted` ("../../x" -> "_.._x-1a2b3c4d"), then "-2", "-3" ... while
  //     taken. Never empty, ".", ".." or holding '/'.
  [[nodiscard]] std::string claim(std::string_view wanted);

 private:
  std::set<std::string> taken_;
};

}  // namespace hardock::harden
