// LSM state (paper section C): AppArmor, SELinux and seccomp support of the host kernel.
#include <sstream>

#include "hardock/host/facts_readers.h"

namespace hardock::host::facts {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

AppArmorState read_apparmor(const io::RootDir& root) {
  AppArmorState state;
  auto enabled =
      read_text(root, "/sys/module/apparmor/parameters/enabled", io::kMaxKernelFileBytes);
  if (!enabled) {
    // Absent: the kernel has no AppArmor module. Anything else: could not look.
    if (enabled.error().code != core::ErrorCode::kNotFound) state.error = enabled.error().message;
    return state;
  }
  state.enabled = trim(*enabled) == "Y";
  if (!state.enabled) return state;
  auto profiles =
      read_text(root, "/sys/kernel/security/apparmor/profiles", io::kMaxKernelFileBytes);
  if (!profiles) {
    state.error = profiles.error().message;
    return state;
  }
  state.profiles_read = true;
  std::istringstream in(*profiles);
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    // "docker-default (enforce)"; names may contain spaces, the mode is last.
    const auto open = line.rfind(" (");
    if (open == std::string::npos || line.back() != ')') continue;
    state.profiles.push_back({line.substr(0, open), line.substr(open + 2, line.size() - open - 3)});
  }
  return state;
}

SelinuxState read_selinux(const io::RootDir& root) {
  SelinuxState state;
  if (auto present = root.exists("/sys/fs/selinux"); present) {
    state.present = *present;
  } else {
    state.error = present.error().message();
  }
  if (state.present) {
    auto enforce = read_text(root, "/sys/fs/selinux/enforce", io::kMaxKernelFileBytes);
    if (enforce) {
      const std::string value = trim(*enforce);
      if (value == "1" || value == "0") state.enforcing = value == "1";
    } else {
      state.error = enforce.error().message;
    }
  }
  auto config = read_text(root, "/etc/selinux/config");
  if (!config) {
    if (config.error().code != core::ErrorCode::kNotFound && state.error.empty()) {
      state.error = config.error().message;
    }
    return state;
  }
  std::istringstream in(*config);
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.rfind("SELINUX=", 0) == 0) state.configured = trim(line.substr(8));
  }
  return state;
}

SeccompState read_seccomp(const io::RootDir& root, const Kernel& kernel) {
  SeccompState state;
  auto status = read_text(root, "/proc/self/status", io::kMaxKernelFileBytes);
  if (status) {
    // The field exists only in kernels built with CONFIG_SECCOMP.
    state.source = "/proc/self/status";
    state.supported = status->find("\nSeccomp:") != std::string::npos;
    if (*state.supported) return state;
  }
  if (!kernel.release.empty()) {
    const std::string path = "/boot/config-" + kernel.release;
    auto config = read_text(root, path);
    if (config) {
      state.source = path;
      state.supported = config->find("\nCONFIG_SECCOMP=y") != std::string::npos ||
                        config->rfind("CONFIG_SECCOMP=y", 0) == 0;
      return state;
    }
  }
  if (!state.supported) {
    state.error = status ? std::string() : status.error().message;
    if (state.error.empty()) state.error = "no /proc/self/status or /boot/config-<release>";
  }
  return state;
}

}  // namespace hardock::host::facts
