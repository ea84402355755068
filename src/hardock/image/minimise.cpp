// The minimisation plan: what to look for, where, and how each finding is removed.
#include "hardock/image/minimise.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "hardock/io/escape.h"

namespace hardock::image {
namespace {

// Where executables live; a directory that is a link (merged /usr) is skipped by the lookup,
// since the index holds entries under their real paths only.
constexpr std::array<std::string_view, 7> kBinDirs = {
    "bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin", "usr/local/sbin", "usr/local/go/bin"};

struct ToolGroup {
  MinimiseKind kind;
  std::vector<std::string_view> names;
};

// Each name also matches its versioned forms ("gcc-12", "pip3.11", "clang-14").
const std::vector<ToolGroup>& tool_groups() {
  static const std::vector<ToolGroup> kGroups = {
      {MinimiseKind::kShell, {"sh", "bash", "ash", "dash", "zsh"}},
      {MinimiseKind::kPackageManager,
       {"apt", "apt-get", "apt-cache", "dpkg", "apk", "rpm", "dnf", "yum", "microdnf", "tdnf",
        "pip", "pip3"}},
      {MinimiseKind::kCompiler, {"gcc", "cc", "g++", "c++", "clang", "clang++", "make", "go"}},
      {MinimiseKind::kNetworkTool,
       {"curl", "wget", "nc", "ncat", "netcat", "socat", "telnet", "ftp", "ssh", "scp", "nmap",
        "tcpdump"}},
      {MinimiseKind::kSshServer, {"sshd"}},
      {MinimiseKind::kPrivilegeTool, {"sudo", "su", "doas"}},
  };
  return kGroups;
}

// Packages that hold the base system (the shell, coreutils, the package manager, the login
// tools): removing them with the package manager is refused or breaks it, so the plan removes
// the listed binaries instead.
bool base_package(std::string_view ecosystem, std::string_view name) {
  static const std::set<std::string, std::less<>> kDeb = {"bash",
                                                          "dash",
                                                          "coreutils",
                                                          "dpkg",
                                                          "apt",
                                                          "login",
                                                          "passwd",
                                                          "util-linux",
                                                          "libc-bin",
                                                          "base-files",
                                                          "base-passwd",
                                                          "debianutils",
                                                          "busybox",
                                                          "findutils",
                                                          "grep",
                                                          "gzip",
                                                          "sed",
                                                          "tar",
                                                          "bsdutils",
                                                          "mount",
                                                          "perl-base",
                                                          "sysvinit-utils",
                                                          "ncurses-bin",
                                                          "diffutils",
                                                          "hostname",
                                                          "init-system-helpers",
                                                          "libpam-runtime",
                                                          "login.defs"};
  static const std::set<std::string, std::less<>> kApk = {
      "busybox", "busybox-binsh", "apk-tools", "alpine-baselayout", "musl-utils", "libc-utils"};
  static const std::set<std::string, std::less<>> kRpm = {"bash",
                                                          "coreutils",
                                                          "coreutils-single",
                                                          "rpm",
                                                          "dnf",
                                                          "yum",
                                                          "microdnf",
                                                          "tdnf",
                                                          "util-linux",
                                                          "util-linux-core",
                                                          "shadow-utils",
                                                          "setup",
                                                          "filesystem",
                                                          "glibc",
                                                          "glibc-common",
                                                          "dnf-data",
                                                          "libdnf"};
  if (ecosystem == "deb") return kDeb.contains(name);
  if (ecosystem == "apk") return kApk.contains(name);
  if (ecosystem == "rpm") return kRpm.contains(name);
  return true;
}

// A package name the package manager reads as a name, never an option.
bool safe_package_name(std::string_view name) {
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '.' || c == '_' ||
           c == '~' || c == '-';
  });
}

bool versioned_form(std::string_view file, std::string_view tool) {
  if (file == tool) return true;
  if (!file.starts_with(tool)) return false;
  std::string_view rest = file.substr(tool.size());
  if (rest.starts_with('-')) rest.remove_prefix(1);
  if (rest.empty() || !std::isdigit(static_cast<unsigned char>(rest.front()))) return false;
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
}

std::string basename_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool is_file(const FileEntry& entry) { return entry.type == EntryType::kFile; }

// The entries at and below `path` (a file or a directory).
template <typename Visit>
void for_each_below(const FileIndex& index, const std::string& path, Visit visit) {
  const auto& entries = index.entries();
  if (auto it = entries.find(path); it != entries.end()) visit(it->first, it->second);
  const std::string prefix = path + "/";
  for (auto it = entries.lower_bound(prefix); it != entries.end() && it->first.starts_with(prefix);
       ++it) {
    visit(it->first, it->second);
  }
}

int64_t size_below(const FileIndex& index, const std::string& path) {
  int64_t total = 0;
  for_each_below(index, path, [&](const std::string&, const FileEntry& entry) {
    if (is_file(entry)) total += entry.size;
  });
  return total;
}

// A path with its parent directory resolved inside the image ("bin/bash" -> "usr/bin/bash"
// when bin links to usr/bin), the last component kept as it is: package file lists name paths
// as the package shipped them, the tree holds them where they landed.
class Canonical {
 public:
  explicit Canonical(const FileIndex& index) : index_(index) {}
  std::string operator()(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return path;
    const std::string parent = path.substr(0, slash);
    auto [it, inserted] = parents_.try_emplace(parent);
    if (inserted) it->second = index_.resolve(parent).value_or(parent);
    return it->second.empty() ? path.substr(slash + 1) : it->second + path.substr(slash);
  }

 private:
  const FileIndex& index_;
  std::map<std::string, std::string> parents_;
};

bool login_shell(std::string_view shell) {
  const std::string base = basename_of(shell);
  return !(shell.empty() || base == "nologin" || base == "false" || base == "true" ||
           base == "sync" || base == "halt" || base == "shutdown");
}

std::string octal_mode(uint32_t mode) {
  std::string out(4, '0');
  for (int i = 3; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>('0' + (mode & 7U));
    mode >>= 3U;
  }
  return out;
}

// The ecosystem whose packages `manager` removes.
std::string_view manager_ecosystem(std::string_view manager) {
  if (manager == "apt-get") return "deb";
  if (manager == "apk") return "apk";
  if (manager.empty()) return "-";
  return "rpm";
}

bool has_package(const Inventory& inventory, std::string_view prefix) {
  return std::any_of(inventory.packages.begin(), inventory.packages.end(),
                     [&](const Package& package) { return package.name.starts_with(prefix); });
}

}  // namespace

std::string_view to_string(MinimiseKind kind) {
  switch (kind) {
    case MinimiseKind::kShell:
      return "shell";
    case MinimiseKind::kPackageManager:
      return "package-manager";
    case MinimiseKind::kCompiler:
      return "compiler";
    case MinimiseKind::kNetworkTool:
      return "network-tool";
    case MinimiseKind::kSshServer:
      return "ssh-server";
    case MinimiseKind::kPrivilegeTool:
      return "privilege-tool";
    case MinimiseKind::kSetuidBit:
      return "setuid-bit";
    case MinimiseKind::kLoginUser:
      return "login-user";
    case MinimiseKind::kPackageCache:
      return "package-cache";
  }
  return "unknown";
}

std::string_view to_string(MinimiseAction action) {
  switch (action) {
    case MinimiseAction::kPurgePackage:
      return "purge-package";
    case MinimiseAction::kRemovePaths:
      return "remove-paths";
    case MinimiseAction::kClearDirectory:
      return "clear-directory";
    case MinimiseAction::kClearSetuid:
      return "clear-setuid";
    case MinimiseAction::kDisableLogin:
      return "disable-login";
  }
  return "unknown";
}

MinimisePlan make_minimise_plan(const ImageTree& tree, const Inventory& inventory,
                                const ImageConfig& config) {
  const FileIndex& index = tree.index();
  MinimisePlan plan;
  plan.run_as = config.user;
  plan.entrypoint = config.entrypoint;
  plan.cmd = config.cmd;
  plan.os_id = inventory.os.id;
  plan.busybox = index.find("bin/busybox") != nullptr || index.find("usr/bin/busybox") != nullptr;
  if (has_package(inventory, "libc6") || has_package(inventory, "glibc")) plan.libc = "glibc";
  if (has_package(inventory, "musl")) plan.libc = "musl";
  plan.needs_libstdcxx = has_package(inventory, "libstdc++");
  for (const char* shell : {"usr/sbin/nologin", "sbin/nologin"}) {
    if (index.resolve(shell).has_value()) {
      plan.nologin_shell = std::string("/") + shell;
      break;
    }
  }
  if (plan.nologin_shell.empty()) plan.nologin_shell = "/bin/false";
  for (const auto& [path, manager] :
       std::vector<std::pair<std::string, std::string>>{{"usr/bin/apt-get", "apt-get"},
                                                        {"sbin/apk", "apk"},
                                                        {"usr/bin/dnf", "dnf"},
                                                        {"usr/bin/microdnf", "microdnf"},
                                                        {"usr/bin/yum", "yum"},
                                                        {"usr/bin/rpm", "rpm"},
                                                        {"bin/rpm", "rpm"}}) {
    if (index.resolve(path).has_value()) {
      plan.package_manager = manager;
      break;
    }
  }

  // The application: the program the entrypoint (else the command) names, looked up as the
  // image's PATH says.
  // What the image runs is never part of the plan, even when it is a listed tool (an image whose
  // command is curl keeps curl): the path it was named by and the file that path leads to.
  std::set<std::string> application_paths;
  const std::vector<std::string>& argv = config.entrypoint.empty() ? config.cmd : config.entrypoint;
  if (!argv.empty() && !argv.front().empty()) {
    const std::string& program = argv.front();
    std::vector<std::string> candidates;
    if (program.find('/') != std::string::npos) {
      candidates.push_back(program);
    } else {
      std::string path_variable = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
      for (const auto& variable : config.env) {
        if (variable.starts_with("PATH=")) path_variable = variable.substr(5);
      }
      std::size_t start = 0;
      while (start <= path_variable.size() && candidates.size() < 64) {
        std::size_t colon = path_variable.find(':', start);
        if (colon == std::string::npos) colon = path_variable.size();
        if (colon > start)
          candidates.push_back(path_variable.substr(start, colon - start) + "/" + program);
        start = colon + 1;
      }
    }
    for (const auto& candidate : candidates) {
      const auto normal = normalize_image_path(candidate);
      if (!normal) continue;
      const auto resolved = index.resolve(*normal);
      const auto* entry = resolved.has_value() ? index.find(*resolved) : nullptr;
      if (entry != nullptr && entry->type == EntryType::kFile) {
        plan.application = *resolved;
        application_paths = {*normal, *resolved};
        break;
      }
    }
    const std::string base = basename_of(program);
    for (const std::string_view interpreter :
         {"sh", "bash", "ash", "dash", "python", "node", "java", "ruby", "perl", "php"}) {
      if (versioned_form(base, interpreter)) plan.interpreter = base;
    }
  }

  // 1. Tools in the bin directories, by kind and name.
  struct Found {
    MinimiseKind kind;
    std::string tool;
    std::string path;
  };
  std::vector<Found> found;
  for (const auto& group : tool_groups()) {
    for (const std::string_view tool : group.names) {
      for (const std::string_view dir : kBinDirs) {
        const std::string prefix = std::string(dir) + "/";
        const auto& entries = index.entries();
        for (auto it = entries.lower_bound(prefix + std::string(tool));
             it != entries.end() && it->first.starts_with(prefix + std::string(tool)); ++it) {
          const std::string_view file = std::string_view(it->first).substr(prefix.size());
          if (file.find('/') != std::string_view::npos || !versioned_form(file, tool)) continue;
          if (it->second.type == EntryType::kDirectory) continue;
          found.push_back({group.kind, std::string(tool), it->first});
        }
      }
    }
  }
  // A file matches one tool only (the first group and name that claims it: "sh" before "bash").
  {
    std::set<std::string> claimed;
    std::erase_if(found, [&](const Found& item) { return !claimed.insert(item.path).second; });
  }
  std::erase_if(found, [&](const Found& item) {
    if (!application_paths.contains(item.path)) return false;
    plan.notes.push_back("kept /" + item.path + ": the image runs it");
    return true;
  });
  // The Go toolchain under /usr/local/go is removed whole.
  if (index.find("usr/local/go/bin/go") != nullptr) {
    std::erase_if(found, [](const Found& item) { return item.path.starts_with("usr/local/go/"); });
    found.push_back({MinimiseKind::kCompiler, "go", "usr/local/go"});
  }

  // 2. Owners, from the packages' file lists (canonical paths on both sides).
  Canonical canonical(index);
  std::map<std::string, std::size_t> owner;  // canonical path -> package index
  {
    std::set<std::string> wanted;
    for (const auto& item : found) wanted.insert(canonical(item.path));
    for (const auto& [path, entry] : index.entries()) {
      if (entry.mode & 06000U) wanted.insert(canonical(path));
    }
    for (std::size_t package = 0; package < inventory.packages.size(); ++package) {
      for (const auto& file : inventory.packages[package].files) {
        const std::string key = canonical(file);
        if (wanted.contains(key)) owner.try_emplace(key, package);
      }
    }
  }
  const bool any_file_lists =
      std::any_of(inventory.packages.begin(), inventory.packages.end(),
                  [](const Package& package) { return !package.files.empty(); });
  if (!inventory.packages.empty() && !any_file_lists) {
    plan.notes.push_back("the package databases list no files: owners unknown, paths removed");
  }
  auto owner_of = [&](const std::string& path) -> const Package* {
    const auto it = owner.find(canonical(path));
    return it == owner.end() ? nullptr : &inventory.packages[it->second];
  };

  std::set<std::string> removed;  // tree paths that some item removes
  std::set<std::size_t> purged;   // package indexes
  // One item per tool and owner.
  std::map<std::pair<std::size_t, std::string>, std::size_t> item_of;  // (group order, tool+owner)
  for (const auto& item : found) {
    const Package* package = owner_of(item.path);
    const std::string owner_name = package != nullptr ? package->name : std::string();
    const auto key =
        std::make_pair(static_cast<std::size_t>(item.kind), item.tool + '\n' + owner_name);
    auto [it, inserted] = item_of.try_emplace(key, plan.items.size());
    if (inserted) {
      MinimiseItem entry;
      entry.kind = item.kind;
      entry.name = item.tool;
      if (package != nullptr) {
        entry.package = package->name;
        entry.ecosystem = package->ecosystem;
      }
      const bool purge =
          package != nullptr && package->ecosystem == manager_ecosystem(plan.package_manager) &&
          !base_package(package->ecosystem, package->name) && safe_package_name(package->name);
      entry.action = purge ? MinimiseAction::kPurgePackage : MinimiseAction::kRemovePaths;
      if (purge) purged.insert(static_cast<std::size_t>(package - inventory.packages.data()));
      plan.items.push_back(std::move(entry));
    }
    MinimiseItem& entry = plan.items[it->second];
    entry.paths.push_back(item.path);
    entry.size += size_below(index, item.path);
    for_each_below(index, item.path,
                   [&](const std::string& path, const FileEntry&) { removed.insert(path); });
  }

  // 3. Package caches.
  std::vector<std::string> caches = {"var/cache/apt", "var/lib/apt/lists", "var/cache/apk",
                                     "var/cache/yum", "var/cache/dnf",     "root/.cache/pip"};
  for (const auto& [path, entry] : index.entries()) {
    if (path.starts_with("home/") && path.ends_with("/.cache/pip") &&
        std::count(path.begin(), path.end(), '/') == 3 && entry.type == EntryType::kDirectory) {
      caches.push_back(path);
    }
  }
  for (const auto& cache : caches) {
    const std::string prefix = cache + "/";
    bool has_files = false;
    int64_t size = 0;
    for (auto it = index.entries().lower_bound(prefix);
         it != index.entries().end() && it->first.starts_with(prefix); ++it) {
      if (is_file(it->second)) {
        has_files = true;
        size += it->second.size;
      }
    }
    if (!has_files) continue;
    MinimiseItem entry;
    entry.kind = MinimiseKind::kPackageCache;
    entry.action = MinimiseAction::kClearDirectory;
    entry.name = cache;
    entry.paths = {cache};
    entry.size = size;
    plan.items.push_back(std::move(entry));
    for (auto it = index.entries().lower_bound(prefix);
         it != index.entries().end() && it->first.starts_with(prefix); ++it) {
      removed.insert(it->first);
    }
  }

  // 4. Purged packages: all their files go.
  for (const std::size_t package_index : purged) {
    const Package& package = inventory.packages[package_index];
    MinimisePurge purge{package.ecosystem, package.name, 0};
    for (const auto& file : package.files) {
      const std::string path = canonical(file);
      const FileEntry* entry = index.find(path);
      if (entry == nullptr) continue;
      if (is_file(*entry)) purge.size += entry->size;
      removed.insert(path);
    }
    plan.purges.push_back(std::move(purge));
  }

  // 5. setuid/setgid bits on what stays.
  for (const auto& [path, entry] : index.entries()) {
    if ((entry.mode & 06000U) == 0 || entry.type == EntryType::kDirectory ||
        removed.contains(path)) {
      continue;
    }
    MinimiseItem item;
    item.kind = MinimiseKind::kSetuidBit;
    item.action = MinimiseAction::kClearSetuid;
    item.name = basename_of(path);
    item.paths = {path};
    item.detail = octal_mode(entry.mode);
    if (const Package* package = owner_of(path)) {
      item.package = package->name;
      item.ecosystem = package->ecosystem;
    }
    plan.items.push_back(std::move(item));
  }

  // 6. Accounts with a login shell, other than the one the image runs as.
  const std::string run_as_name = config.user.substr(0, config.user.find(':'));
  for (const auto& user : inventory.users) {
    if (!login_shell(user.shell)) continue;
    const bool runs_as = runs_as_root(config.user)
                             ? user.id == 0 || user.name == "root"
                             : user.name == run_as_name || std::to_string(user.id) == run_as_name;
    if (runs_as) continue;
    MinimiseItem item;
    item.kind = MinimiseKind::kLoginUser;
    item.action = MinimiseAction::kDisableLogin;
    item.name = user.name;
    item.detail = user.shell;
    plan.items.push_back(std::move(item));
  }

  for (auto& item : plan.items) std::sort(item.paths.begin(), item.paths.end());
  std::stable_sort(plan.items.begin(), plan.items.end(),
                   [](const MinimiseItem& a, const MinimiseItem& b) { return a.kind < b.kind; });
  for (const auto& path : removed) {
    const FileEntry* entry = index.find(path);
    if (entry != nullptr && is_file(*entry)) plan.total_size += entry->size;
  }
  return plan;
}

bool runs_as_root(std::string_view user) {
  const std::string_view name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

}  // namespace hardock::image
