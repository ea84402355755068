// Reading files under a host root without escaping it: symlinks with absolute
// targets are resolved inside the root, not on the machine running hardock.
#pragma once

#include <map>
#include <string>

#include "hardock/core/result.h"
#include "hardock/host/host_facts.h"

namespace hardock::host::facts {

// <root> + host path, following symlinks inside the root (at most 40).
// kNotFound when a component is absent; kIo (with errno text) otherwise.
[[nodiscard]] core::Result<std::string> resolve_in_root(const std::string& root,
                                                        const std::string& path);

// Whole file, read through resolve_in_root; kNotFound when absent.
[[nodiscard]] core::Result<std::string> read_text(const std::string& root, const std::string& path);

// uid -> user name and gid -> group name from <root>/etc/passwd and group.
struct Accounts {
  std::map<long, std::string> users;
  std::map<long, std::string> groups;
};
Accounts read_accounts(const std::string& root);

// lstat of the resolved path; absent -> exists=false, other failures -> error.
FileFact stat_file(const std::string& root, const std::string& path, const std::string& role,
                   const Accounts& accounts);

bool exists_in_root(const std::string& root, const std::string& path);

}  // namespace hardock::host::facts
