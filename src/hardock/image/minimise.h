// The minimisation plan (issue 10, part 6): what a production image rarely needs — shells,
// package managers, compilers and toolchains, network tools, an SSH server, sudo and su,
// setuid/setgid bits, accounts with a login shell, package caches — each with the paths the
// merged tree holds, the package that owns them (from the inventory's file lists) and the bytes
// their removal frees; rendered as a Dockerfile snippet, a multi-stage rewrite suggestion, text
// for a terminal, or JSON.
//
// Every name in the plan comes from the image (attacker-controlled). The Dockerfile snippet
// passes each path, package and account name through io::shell_quote; a name that no Dockerfile
// line can carry (a line break, a NUL, a "<<" heredoc marker) or a package name that could read
// as an option is left out of the commands, with a comment saying so.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/image/analyzer.h"
#include "hardock/image/image_config.h"
#include "hardock/image/image_tree.h"

namespace hardock::image {

enum class MinimiseKind {
  kShell,
  kPackageManager,
  kCompiler,
  kNetworkTool,
  kSshServer,
  kPrivilegeTool,  // sudo, su, doas
  kSetuidBit,
  kLoginUser,
  kPackageCache,
};
std::string_view to_string(MinimiseKind kind);  // "shell", "package-manager", ... "package-cache"

enum class MinimiseAction {
  kPurgePackage,    // the owning package is removed with the package manager
  kRemovePaths,     // rm -rf the paths (the owner is a base package, or unknown)
  kClearDirectory,  // delete what is below the directory (caches), keep the directory
  kClearSetuid,     // chmod u-s,g-s
  kDisableLogin,    // usermod -s NOLOGIN
};
std::string_view to_string(MinimiseAction action);  // "purge-package", "remove-paths", ...

struct MinimiseItem {
  MinimiseKind kind = MinimiseKind::kShell;
  MinimiseAction action = MinimiseAction::kRemovePaths;
  std::string name;                // the tool ("bash"), directory ("var/cache/apt") or account
  std::vector<std::string> paths;  // normalised image paths ("usr/bin/bash"), sorted
  std::string package;             // owner of the paths when the inventory says; else empty
  std::string ecosystem;           // the owner's ("deb", "apk", "rpm")
  // Bytes of the regular files among `paths` (and below them, for directories). A mode or
  // account change frees nothing: 0.
  int64_t size = 0;
  std::string detail;  // the account's shell, the file's mode ("4755") ...
};

// A package the plan removes with the package manager, and the bytes of all its files.
struct MinimisePurge {
  std::string ecosystem;
  std::string name;
  int64_t size = 0;
};

struct MinimisePlan {
  std::vector<MinimiseItem> items;  // by kind (the enum's order), then as found
  std::vector<MinimisePurge> purges;
  // Bytes freed by the whole plan: every regular file it removes (purged packages' files
  // included), each counted once.
  int64_t total_size = 0;
  std::string package_manager;  // the command that purges: "apt-get", "apk", "dnf", "rpm", ...
  std::string nologin_shell;    // "/usr/sbin/nologin", "/sbin/nologin" or "/bin/false"
  std::string run_as;           // config.User ("" = root)
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  // The program the image runs (the entrypoint's first word, else the command's), found in the
  // tree: its normalised path, or empty when it is not there; and the interpreter it needs when
  // it is a shell or a language runtime ("sh", "python3", "node", "java").
  std::string application;
  std::string interpreter;
  std::string os_id;
  std::string libc;                // "glibc", "musl" or "" (none found: static binaries only)
  bool needs_libstdcxx = false;    // libstdc++ installed: distroless "cc" rather than "base"
  bool busybox = false;            // a busybox binary: the removed links' applets stay reachable
  std::vector<std::string> notes;  // what could not be judged ("no file lists in the inventory")
};

// Builds the plan. Never fails: what the inventory could not tell (owners unknown) leaves
// `package` empty and the action kRemovePaths.
// An image USER that runs as root: empty (the default), "root" or "0", with or without a group.
bool runs_as_root(std::string_view user);

MinimisePlan make_minimise_plan(const ImageTree& tree, const Inventory& inventory,
                                const ImageConfig& config);

// A Dockerfile snippet (comments, USER root when the image runs as someone else, one RUN that
// purges, clears caches, disables logins, clears setuid bits and removes the rest, then USER back).
// Empty plan: a comment saying there is nothing to remove.
std::string render_dockerfile_snippet(const MinimisePlan& plan);

// A multi-stage rewrite suggestion: a Dockerfile sketch that copies only the application (the
// entrypoint's program) from `image_reference` into a distroless or scratch stage, with the
// reasons as comments. A reference or path no Dockerfile line can carry is replaced by a
// placeholder and a comment.
std::string render_multistage_suggestion(const MinimisePlan& plan,
                                         std::string_view image_reference);

// For a terminal: one line per item (kind, name, owner, size, paths), every string through
// io::terminal_safe, and the total.
std::string render_minimise_plan_text(const MinimisePlan& plan);

// {"items": [{"kind","action","name","paths","package","ecosystem","size","detail"}],
//  "purges": [...], "total_size", "package_manager", "nologin_shell", "run_as", "notes"}; valid
// JSON (invalid UTF-8 replaced) whatever the names.
std::string minimise_plan_json(const MinimisePlan& plan);

}  // namespace hardock::image
