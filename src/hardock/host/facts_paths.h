// Reading files under a host root without escaping it: every path goes through one
// io::RootDir, which resolves it as the kernel would for a process chrooted at the root
// (symlinks with absolute targets start again at the root, ".." stops there).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/host/host_facts.h"
#include "hardock/io/root_dir.h"

namespace hardock::host::facts {

// The whole regular file at host path `path`, at most `max_bytes`. kNotFound when absent;
// every other failure (permission denied, not a regular file, too large, a link loop) is an
// error whose message names `path` as the host sees it.
[[nodiscard]] core::Result<std::string> read_text(const io::RootDir& root, const std::string& path,
                                                  std::size_t max_bytes = io::kMaxConfigFileBytes);

// uid -> user name and gid -> group name from <root>/etc/passwd and group.
struct Accounts {
  std::map<long, std::string> users;
  std::map<long, std::string> groups;
};
Accounts read_accounts(const io::RootDir& root);

// stat of `path` (links followed inside the root); absent -> exists=false, other
// failures -> error.
FileFact stat_file(const io::RootDir& root, const std::string& path, const std::string& role,
                   const Accounts& accounts);

// True when `path` exists; false when absent or when it could not be looked at.
bool exists_in_root(const io::RootDir& root, const std::string& path);

// Entries of a directory, sorted; `error` is empty when it was listed or is absent.
struct Listing {
  std::vector<std::string> names;
  std::string error;
};
Listing list_dir(const io::RootDir& root, const std::string& path);

}  // namespace hardock::host::facts
