// Helpers shared by the RUN-script rules (HDK-B-040 ..): the RUNs of a Dockerfile with their
// commands (the scripts of `sh -c '...'` looked into, one level), package-manager invocations
// read into tool, subcommand, options and package operands, cache mounts and file modes.
//
// Everything here reads DockerfileSubject::scripts (split once by dockerfile::split_run); the only
// further split is of the script operand of `sh -c` / `bash -c`, never recursively, so the work
// stays linear in the RUN's text.
#pragma once

#include <string.h>  // memrchr (GNU)

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/checks/dockerfile/util.h"
#include "hardock/dockerfile/shell_split.h"
#include "hardock/secrets/secrets.h"

namespace hardock::audit::checks::dockerfile_rules {

using dockerfile::Position;
using dockerfile::ShellScript;
using dockerfile::ShellWord;
using dockerfile::SimpleCommand;

inline std::string_view base_name(std::string_view word) {
  // memrchr: glibc's reads a word's bytes many at a time (rfind and a byte loop read one).
  const void* slash = word.empty() ? nullptr : ::memrchr(word.data(), '/', word.size());
  if (slash == nullptr) return word;
  return word.substr(static_cast<std::size_t>(static_cast<const char*>(slash) - word.data()) + 1);
}

// (Always inlined, with equals: the lists are constants, so the compiler compares each size and
// the bytes of a candidate of the same size in place; the rules ask this of every word of every
// RUN, and out of line it was 78 K calls per thousand files.)
[[gnu::always_inline]] inline bool is_any(std::string_view word,
                                          std::initializer_list<std::string_view> names) {
  for (const std::string_view name : names) {
    if (equals(word, name)) return true;
  }
  return false;
}

// Index of the first byte of `text` that is in `set`, text.size() when none. (find_first_of
// calls memchr on `set` for each byte of `text`; this runs on every package operand.)
inline std::size_t first_of(std::string_view text, std::string_view set) {
  for (std::size_t k = 0; k < text.size(); ++k) {
    for (const char c : set) {
      if (text[k] == c) return k;
    }
  }
  return text.size();
}
inline bool has_any_of(std::string_view text, std::string_view set) {
  return first_of(text, set) != text.size();
}

// sh, bash, dash, ash, zsh, ksh, mksh (by base name).
inline bool is_shell_name(std::string_view word) {
  const std::string_view name = base_name(word);
  return name.ends_with("sh") &&  // each of them does
         is_any(name, {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"});
}

// Index of the word that names the command actually run, past wrappers that run their operands
// as a command: sudo [-u USER] ..., env [NAME=value]..., exec, command, nohup, nice [-n N],
// time. words.size() when nothing is left.
// `base` is set to the base name of words[start] ("" when none), which the last pass read.
inline std::size_t command_start(const SimpleCommand& cmd, std::string_view& base) {
  enum class Wrapper { kNone, kSudo, kEnv, kNice, kPlain };
  // Which wrapper the name is, told by its first byte and then one or two compares (most
  // commands are none).
  const auto wrapper = [](std::string_view name) {
    if (name.empty()) return Wrapper::kNone;
    switch (name[0]) {
      case 's':
        return equals(name, "sudo") ? Wrapper::kSudo : Wrapper::kNone;
      case 'd':
        return equals(name, "doas") ? Wrapper::kSudo : Wrapper::kNone;
      case 'e':
        if (equals(name, "env")) return Wrapper::kEnv;
        return equals(name, "exec") ? Wrapper::kPlain : Wrapper::kNone;
      case 'n':
        if (equals(name, "nice")) return Wrapper::kNice;
        return equals(name, "nohup") ? Wrapper::kPlain : Wrapper::kNone;
      case 'c':
        return equals(name, "command") ? Wrapper::kPlain : Wrapper::kNone;
      case 't':
        return equals(name, "time") ? Wrapper::kPlain : Wrapper::kNone;
      default:
        return Wrapper::kNone;
    }
  };
  std::size_t k = 0;
  // Each pass consumes at least one word, so this ends after words.size() steps.
  base = {};
  while (k < cmd.words.size()) {
    base = base_name(cmd.words[k].text);
    const Wrapper kind = wrapper(base);
    if (kind == Wrapper::kSudo) {
      ++k;
      while (k < cmd.words.size() && cmd.words[k].text.starts_with('-')) {
        const std::string_view opt = cmd.words[k].text;
        ++k;
        if (is_any(opt, {"-u", "-g", "-h", "-p", "-C", "-r", "-t", "-U"})) ++k;
        if (equals(opt, "--")) break;
      }
    } else if (kind == Wrapper::kEnv) {
      ++k;
      while (k < cmd.words.size() && (cmd.words[k].text.starts_with('-') ||
                                      cmd.words[k].text.find('=') != std::string::npos)) {
        const std::string_view opt = cmd.words[k].text;
        ++k;
        if (is_any(opt, {"-u", "--unset", "-C", "--chdir", "-S"})) ++k;
      }
    } else if (kind == Wrapper::kNice) {
      ++k;
      if (k < cmd.words.size() && equals(cmd.words[k].text, "-n"))
        k += 2;
      else if (k < cmd.words.size() && cmd.words[k].text.starts_with('-'))
        ++k;
    } else if (kind == Wrapper::kPlain) {
      ++k;
      while (k < cmd.words.size() && cmd.words[k].text.starts_with('-')) ++k;
    } else {
      break;
    }
    base = {};
  }
  return std::min(k, cmd.words.size());
}

inline std::size_t command_start(const SimpleCommand& cmd) {
  std::string_view base;
  return command_start(cmd, base);
}

// The command name after wrappers ("apt-get" for `sudo apt-get ...`), base name; "" when none.
inline std::string_view command_name(const SimpleCommand& cmd) {
  const std::size_t start = command_start(cmd);
  return start < cmd.words.size() ? base_name(cmd.words[start].text) : std::string_view();
}

// A word of a command as evidence may show it, appended to `text`: "****" for a word holding a
// secret (a token, a password in a URL, --password=..., NAME=value named like a secret) or
// following an option that takes a password (-u user:password, -p, --password).
inline void append_shown_word(std::string& text, std::string_view word, std::string_view previous) {
  if (previous.starts_with('-') &&
      is_any(previous, {"-u", "--user", "-p", "--password", "--pass", "--token", "--secret"})) {
    text += "****";
    return;
  }
  if (word.size() >= secrets::kShortestTextMatch && !secrets::in_text(word).empty()) {
    text += "****";
    return;
  }
  std::string_view key = word;
  while (key.starts_with('-')) key.remove_prefix(1);
  if (const std::size_t eq = key.find('='); eq != std::string_view::npos && eq > 0) {
    std::string name(key.substr(0, eq));
    std::replace(name.begin(), name.end(), '-', '_');
    if (secrets::in_assignment(name, key.substr(eq + 1))) {
      text.append(word.substr(0, word.size() - key.size() + eq + 1));
      text += "****";
      return;
    }
  }
  text.append(word);
}

// The command's words joined by spaces, shortened and with secrets masked (append_shown_word),
// for evidence; appended to `out`.
inline void append_command_text(std::string& out, const SimpleCommand& cmd, std::size_t max = 120) {
  const std::size_t base = out.size();
  out.reserve(base + max + 4);  // the text is cut at max, then "..."
  std::string_view previous;
  for (const auto& word : cmd.words) {
    if (out.size() > base) out += ' ';
    append_shown_word(out, word.text, previous);
    previous = word.text;
    if (out.size() - base > max) {
      out.resize(base + max);
      out += "...";
      break;
    }
  }
}

inline std::string command_text(const SimpleCommand& cmd, std::size_t max = 120) {
  std::string text;
  append_command_text(text, cmd, max);
  return text;
}

// command_text(cmd, max) as a piece of evidence_text().
struct CommandText {
  const SimpleCommand& cmd;
  std::size_t max = 120;
};
inline void append_piece(std::string& out, const CommandText& piece) {
  append_command_text(out, piece.cmd, piece.max);
}

// The script operand of `sh -c SCRIPT` (also `bash -ec`, `sudo sh -c`), or nullptr; `start` is
// command_start(cmd).
// `name` is base_name(cmd.words[start]) when the caller knows it.
inline const ShellWord* shell_c_script(const SimpleCommand& cmd, std::size_t start,
                                       std::optional<std::string_view> name = std::nullopt) {
  std::size_t k = start;
  if (k >= cmd.words.size()) return nullptr;
  const std::string_view base = name ? *name : base_name(cmd.words[k].text);
  if (!base.ends_with("sh") || !is_any(base, {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"})) {
    return nullptr;  // is_shell_name
  }
  bool seen_c = false;
  for (++k; k < cmd.words.size(); ++k) {
    const std::string_view word = cmd.words[k].text;
    if (equals(word, "--")) continue;
    if ((word.starts_with('-') || word.starts_with('+')) && word.size() > 1 &&
        !word.starts_with("--")) {
      if (word.find('c') != std::string_view::npos) seen_c = true;
      if (word.back() == 'o' || word.back() == 'O') ++k;  // -o pipefail
      continue;
    }
    if (word.starts_with("--")) continue;
    return seen_c ? &cmd.words[k] : nullptr;
  }
  return nullptr;
}

// A RUN --mount of type cache or tmpfs at one of `targets` (or below it): what the package
// manager writes there never reaches the layer.
inline bool has_cache_mount(const Instruction& run,
                            std::initializer_list<std::string_view> targets) {
  for (const auto& mount : run.mounts) {
    if (!equals(mount.type, "cache") && !equals(mount.type, "tmpfs")) continue;
    auto target = mount.option("target");
    if (!target) target = mount.option("dst");
    if (!target) target = mount.option("destination");
    if (!target) continue;
    std::string_view path = *target;
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    for (const std::string_view wanted : targets) {
      if (path == wanted ||
          (wanted.starts_with(path) && wanted.size() > path.size() && wanted[path.size()] == '/')) {
        return true;
      }
    }
  }
  return false;
}

// `rm ... PATH...` with an operand at or under `prefix` (/var/lib/apt/lists, /var/lib/apt/lists/*);
// `start` is command_start(cmd).
inline bool removes_path(const SimpleCommand& cmd, std::size_t start, std::string_view prefix) {
  if (start >= cmd.words.size()) return false;
  const std::string_view name = cmd.words[start].text;
  if (!name.ends_with("rm") || base_name(name) != "rm") return false;
  for (std::size_t k = start + 1; k < cmd.words.size(); ++k) {
    std::string_view word = cmd.words[k].text;
    if (!word.starts_with(prefix)) continue;
    word.remove_prefix(prefix.size());
    if (word.empty() || word.starts_with('/')) return true;
  }
  return false;
}

// ---- package managers ----------------------------------------------------------------------

enum class Manager { kApt, kApk, kYum, kDnf, kMicrodnf, kZypper, kPip, kNpm, kGem };

struct PackageOption {
  const ShellWord* word = nullptr;
  const ShellWord* value = nullptr;  // the separate argument of an option that takes one
};

// One package-manager invocation: `apt-get -q install -y --no-install-recommends curl=7.*`.
struct PackageCommand {
  Manager manager = Manager::kApt;
  std::string_view tool;  // "apt-get", "pip3", "pip" for python -m pip
  const SimpleCommand* cmd = nullptr;
  const ShellWord* sub = nullptr;  // the subcommand ("install"), nullptr when none
  bool install = false;            // the subcommand installs packages (is_install)
  // Views of the RunScript's pools (one block each for all its commands, not two allocations
  // per command).
  std::span<const PackageOption> options;      // before and after the subcommand
  std::span<const ShellWord* const> operands;  // after the subcommand (packages for install)

  [[nodiscard]] std::string_view subcommand() const {
    return sub == nullptr ? std::string_view() : std::string_view(sub->text);
  }
  // --name, or --name=..., or -x exactly.
  [[nodiscard]] bool has(std::initializer_list<std::string_view> names) const {
    for (const auto& opt : options) {
      const std::string_view word = opt.word->text;
      for (const std::string_view name : names) {
        if (word == name || (name.starts_with("--") && word.starts_with(name) &&
                             word.size() > name.size() && word[name.size()] == '=')) {
          return true;
        }
      }
    }
    return false;
  }
  // A short option cluster holding `letter` (-y, -qy, -yq).
  [[nodiscard]] bool has_short(char letter) const {
    for (const auto& opt : options) {
      const std::string_view word = opt.word->text;
      if (word.size() >= 2 && word[0] == '-' && word[1] != '-' &&
          word.find('=') == std::string_view::npos &&
          word.find(letter, 1) != std::string_view::npos) {
        return true;
      }
    }
    return false;
  }
  // The values of --name=VALUE and `--name VALUE` (also -o VALUE).
  [[nodiscard]] std::vector<std::string_view> values(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& opt : options) {
      const std::string_view word = opt.word->text;
      if (word == name && opt.value != nullptr) out.push_back(opt.value->text);
      if (word.size() > name.size() + 1 && word.starts_with(name) && word[name.size()] == '=') {
        out.push_back(word.substr(name.size() + 1));
      }
    }
    return out;
  }
};

namespace shell_detail {

inline bool takes_value(Manager manager, std::string_view opt) {
  switch (manager) {
    case Manager::kApt:
      return is_any(opt, {"-o", "-c", "-t", "--option", "--config-file", "--target-release",
                          "--default-release"});
    case Manager::kApk:
      return is_any(opt, {"-X", "--repository", "-p", "--root", "-t", "--virtual", "--arch",
                          "--cache-dir", "--keys-dir", "--repositories-file", "--cache-max-age",
                          "--progress-fd", "--timeout"});
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      return is_any(opt,
                    {"-c", "--config", "--setopt", "--enablerepo", "--disablerepo", "--installroot",
                     "--releasever", "-d", "--debuglevel", "-e", "--errorlevel", "-x", "--exclude",
                     "--repo", "--repoid", "--forcearch", "--downloaddir", "--destdir"});
    case Manager::kZypper:
      return is_any(opt, {"-R", "--root", "-D", "--reposd-dir", "-C", "--cache-dir", "--config",
                          "-c", "-t", "--type", "-r", "--repo", "--from"});
    case Manager::kPip:
      return is_any(opt, {"-r",
                          "--requirement",
                          "-c",
                          "--constraint",
                          "-i",
                          "--index-url",
                          "--extra-index-url",
                          "-f",
                          "--find-links",
                          "-t",
                          "--target",
                          "--prefix",
                          "--root",
                          "-e",
                          "--editable",
                          "--trusted-host",
                          "--cache-dir",
                          "--src",
                          "--upgrade-strategy",
                          "--platform",
                          "--python-version",
                          "--implementation",
                          "--abi",
                          "--progress-bar",
                          "--log",
                          "--proxy",
                          "--retries",
                          "--timeout",
                          "--exists-action",
                          "--cert",
                          "--client-cert",
                          "--only-binary",
                          "--no-binary",
                          "--report",
                          "-C",
                          "--config-settings",
                          "--global-option",
                          "--python"});
    case Manager::kNpm:
      return is_any(opt, {"--prefix", "--registry", "--tag", "--cache", "-w", "--workspace",
                          "--omit", "--include", "--userconfig", "--loglevel"});
    case Manager::kGem:
      return is_any(
          opt, {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source", "-P",
                "--trust-policy", "--platform", "-g", "--file", "--build-root"});
  }
  return false;
}

inline std::optional<Manager> manager_of(std::string_view name) {
  // Told by the first byte, then one or two compares (most commands are none of these).
  if (name.empty()) return std::nullopt;
  switch (name[0]) {
    case 'a':
      if (equals(name, "apt-get") || equals(name, "apt")) return Manager::kApt;
      if (equals(name, "apk")) return Manager::kApk;
      return std::nullopt;
    case 'y':
      if (equals(name, "yum")) return Manager::kYum;
      return std::nullopt;
    case 'd':
      if (equals(name, "dnf") || equals(name, "dnf5")) return Manager::kDnf;
      return std::nullopt;
    case 't':
      if (equals(name, "tdnf")) return Manager::kDnf;
      return std::nullopt;
    case 'm':
      if (equals(name, "microdnf")) return Manager::kMicrodnf;
      return std::nullopt;
    case 'z':
      if (equals(name, "zypper")) return Manager::kZypper;
      return std::nullopt;
    case 'n':
      if (equals(name, "npm")) return Manager::kNpm;
      return std::nullopt;
    case 'g':
      if (equals(name, "gem")) return Manager::kGem;
      return std::nullopt;
    case 'p':
      // pip, pip3, pip3.12
      if (equals(name, "pip") ||
          (name.starts_with("pip") && name.size() > 3 &&
           name.find_first_not_of("0123456789.", 3) == std::string_view::npos)) {
        return Manager::kPip;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// `sub` of `manager` installs packages (PackageCommand::install).
inline bool installs(Manager manager, std::string_view sub) {
  switch (manager) {
    case Manager::kApt:
      return equals(sub, "install");
    case Manager::kApk:
      return equals(sub, "add");
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      return is_any(sub, {"install", "groupinstall", "localinstall", "reinstall"});
    case Manager::kZypper:
      return is_any(sub, {"install", "in"});
    case Manager::kPip:
      return equals(sub, "install");
    case Manager::kNpm:
      return is_any(sub, {"install", "i", "add", "isntall", "in"});
    case Manager::kGem:
      return equals(sub, "install");
  }
  return false;
}

inline bool is_python(std::string_view name) {
  if (name.size() < 6 || name[0] != 'p' || name[1] != 'y') return false;
  return equals(name, "python") ||
         (name.starts_with("python") &&
          name.find_first_not_of("0123456789.", 6) == std::string_view::npos);
}

}  // namespace shell_detail

// Where a PackageCommand's options and operands are until its pools stop growing.
struct PackageSlices {
  std::size_t options_at = 0;
  std::size_t options_end = 0;
  std::size_t operands_at = 0;
  std::size_t operands_end = 0;
};

// The command read as a package-manager invocation, or nullopt when it is none; `start` is
// command_start(cmd). Its options and operands are appended to the pools, and `slices` says
// where: the caller sets the spans when the pools are complete.
inline std::optional<PackageCommand> package_command(const SimpleCommand& cmd, std::size_t start,
                                                     std::vector<PackageOption>& option_pool,
                                                     std::vector<const ShellWord*>& operand_pool,
                                                     PackageSlices& slices,
                                                     std::size_t pool_hint = 0,
                                                     std::optional<std::string_view> base = {}) {
  std::size_t k = start;
  if (k >= cmd.words.size()) return std::nullopt;
  std::string_view name = base ? *base : base_name(cmd.words[k].text);
  if (shell_detail::is_python(name)) {  // python3 -m pip install ...
    if (k + 2 >= cmd.words.size() || std::string_view(cmd.words[k + 1].text) != "-m") {
      return std::nullopt;
    }
    k += 2;
    name = cmd.words[k].text;
    if (!equals(name, "pip")) return std::nullopt;
  }
  const auto manager = shell_detail::manager_of(name);
  if (!manager) return std::nullopt;
  PackageCommand out;
  out.manager = *manager;
  out.tool = name;
  out.cmd = &cmd;
  if (option_pool.capacity() == 0) {  // the first package command of its file
    option_pool.reserve(std::max(pool_hint, cmd.words.size()));
    operand_pool.reserve(std::max(pool_hint, cmd.words.size()));
  }
  slices.options_at = option_pool.size();
  slices.operands_at = operand_pool.size();
  bool options_end = false;
  for (++k; k < cmd.words.size(); ++k) {
    const ShellWord& word = cmd.words[k];
    if (!options_end && std::string_view(word.text) == "--") {
      options_end = true;
      continue;
    }
    if (!options_end && word.text.size() > 1 && word.text[0] == '-') {
      PackageOption opt{&word, nullptr};
      if (shell_detail::takes_value(*manager, word.text) && k + 1 < cmd.words.size()) {
        opt.value = &cmd.words[++k];
      }
      option_pool.push_back(opt);
      continue;
    }
    if (out.sub == nullptr) {
      out.sub = &word;
    } else {
      operand_pool.push_back(&word);
    }
  }
  slices.options_end = option_pool.size();
  slices.operands_end = operand_pool.size();
  out.install = shell_detail::installs(out.manager, out.subcommand());
  return out;
}

// The subcommand installs packages: apt install, apk add, yum/dnf install, zypper install/in,
// pip install, npm install/i/add, gem install. (Read once, by package_command: nine rules ask.)
inline bool is_install(const PackageCommand& pkg) { return pkg.install; }

// The operand's package name without version, release or architecture ("curl" for
// curl=7.88.1-10, curl~7, curl:amd64, curl>=7).
inline std::string_view package_name(std::string_view operand) {
  std::size_t end = 0;
  while (end < operand.size() && operand[end] != '=' && operand[end] != '~' &&
         operand[end] != '<' && operand[end] != '>' && operand[end] != ':') {
    ++end;
  }
  return operand.substr(0, end);
}

// An operand that is an expansion ($PKGS), a file, a URL: its version cannot be read here.
inline bool opaque_operand(std::string_view operand) {
  return operand.empty() || operand.find('$') != std::string_view::npos ||
         operand.find('`') != std::string_view::npos ||
         operand.find('/') != std::string_view::npos || operand.starts_with('.') ||
         operand.find("://") != std::string_view::npos;
}

// ---- file modes ----------------------------------------------------------------------------

struct ModeBits {
  bool world_writable = false;
  bool sticky = false;
  bool setuid = false;  // setuid or setgid
};

// A chmod mode, octal ("0777", "4755") or symbolic ("o+w", "a=rwx", "u+s,g+s"). nullopt when
// the word is neither. Symbolic modes only ever add bits here (-, and = without w/s, add none).
inline std::optional<ModeBits> parse_mode(std::string_view mode) {
  if (mode.empty()) return std::nullopt;
  ModeBits bits;
  if (mode.find_first_not_of("01234567") == std::string_view::npos) {
    if (mode.size() > 5) return std::nullopt;
    unsigned value = 0;
    for (const char c : mode) value = value * 8 + static_cast<unsigned>(c - '0');
    bits.world_writable = (value & 02u) != 0;
    bits.sticky = (value & 01000u) != 0;
    bits.setuid = (value & 06000u) != 0;
    return bits;
  }
  // Clauses [ugoa]*[+-=][rwxXst]*..., comma-separated.
  std::size_t i = 0;
  while (i < mode.size()) {
    std::string who;
    while (i < mode.size() && std::string_view("ugoa").find(mode[i]) != std::string_view::npos) {
      who += mode[i++];
    }
    if (i >= mode.size()) return std::nullopt;
    while (i < mode.size() && mode[i] != ',') {
      const char op = mode[i];
      if (op != '+' && op != '-' && op != '=') return std::nullopt;
      ++i;
      std::string perms;
      while (i < mode.size() &&
             std::string_view("rwxXstugo").find(mode[i]) != std::string_view::npos) {
        perms += mode[i++];
      }
      if (op == '-') continue;
      const bool others = who.empty() ? false : who.find_first_of("oa") != std::string::npos;
      if (others && perms.find('w') != std::string::npos) bits.world_writable = true;
      if (perms.find('s') != std::string::npos &&
          (who.empty() || who.find_first_of("uga") != std::string::npos)) {
        bits.setuid = true;
      }
      if (perms.find('t') != std::string::npos) bits.sticky = true;
    }
    if (i < mode.size()) ++i;  // ','
  }
  return bits;
}

// Modes a command sets: chmod MODE, install -m MODE, mkdir -m MODE (with their words); `start`
// is command_start(cmd).
inline std::vector<const ShellWord*> mode_words(const SimpleCommand& cmd, std::size_t start) {
  std::vector<const ShellWord*> out;
  if (start >= cmd.words.size()) return out;
  const std::string_view name = base_name(cmd.words[start].text);
  if (equals(name, "chmod")) {
    for (std::size_t k = start + 1; k < cmd.words.size(); ++k) {
      const std::string_view word = cmd.words[k].text;
      if (equals(word, "--reference") || word.starts_with("--reference=")) return out;
      if (word.starts_with("--")) continue;                      // --recursive
      if (word.starts_with('-') && !parse_mode(word)) continue;  // -R, -v (but -w is a mode)
      out.push_back(&cmd.words[k]);                              // the first operand is the mode
      return out;
    }
  } else if (equals(name, "install") || equals(name, "mkdir")) {
    for (std::size_t k = start + 1; k < cmd.words.size(); ++k) {
      const std::string_view word = cmd.words[k].text;
      if ((equals(word, "-m") || equals(word, "--mode")) && k + 1 < cmd.words.size()) {
        out.push_back(&cmd.words[k + 1]);
      } else if (word.starts_with("--mode=") || (word.starts_with("-m") && word.size() > 2)) {
        out.push_back(&cmd.words[k]);  // the caller strips the option part
      }
    }
  }
  return out;
}

// The mode text of a mode word from mode_words() ("--mode=0777" -> "0777", "-m777" -> "777").
inline std::string_view mode_text(std::string_view word) {
  if (word.starts_with("--mode=")) return word.substr(7);
  if (word.starts_with("-m")) return word.substr(2);
  return word;
}

// Every mode the Dockerfile sets: chmod/install -m/mkdir -m in RUNs and COPY/ADD --chmod, all
// stages (a mode set in a build stage travels with COPY --from).
// Views of the subject's AST; the evidence is written only for a site a rule reports.
struct ModeSite {
  Position pos;
  std::string_view mode;               // "0777", "u+s"
  const SimpleCommand* cmd = nullptr;  // chmod/install/mkdir; nullptr for COPY/ADD --chmod
  const Instruction* copy = nullptr;   // the COPY or ADD otherwise
  std::optional<ModeBits> bits;        // parse_mode(mode)

  // "chmod 777 /app", "COPY --chmod=777"
  [[nodiscard]] std::string evidence() const {
    if (cmd != nullptr) return command_text(*cmd);
    return copy->keyword_text + " --chmod=" + std::string(mode);
  }
};

// One command of a RUN as the shell rules see it, with what most of them ask of every command
// read once when the RUN's view is built (fourteen rules each read every command as a package
// manager invocation: a tenth of a lint run when each did it again).
struct RunCommand {
  const SimpleCommand* cmd = nullptr;
  std::size_t start = 0;                  // command_start(*cmd)
  std::optional<PackageCommand> package;  // package_command(*cmd, start)
  std::string_view base;                  // name(), read once

  // The command name after wrappers, base name ("apt-get" for `sudo apt-get ...`); "" when none.
  [[nodiscard]] std::string_view name() const { return base; }
  const SimpleCommand& operator*() const { return *cmd; }
  const SimpleCommand* operator->() const { return cmd; }
};

// A bit per Manager, for RunScript::managers.
constexpr std::uint16_t manager_bit(Manager manager) {
  return static_cast<std::uint16_t>(1U << static_cast<unsigned>(manager));
}
constexpr std::uint16_t kRpmManagers =
    manager_bit(Manager::kYum) | manager_bit(Manager::kDnf) | manager_bit(Manager::kMicrodnf);

// One RUN (or ONBUILD RUN) as the shell rules see it.
struct RunScript {
  std::size_t index = 0;             // in subject.file.instructions
  const Instruction* run = nullptr;  // the RUN (an ONBUILD's trigger)
  bool in_image = false;             // in the final stage or a stage it is built FROM
  // manager_bit() of every package manager its commands run: a rule about one manager skips the
  // RUNs without it (most), instead of reading each of their commands.
  std::uint16_t managers = 0;
  bool pipes = false;  // a command of it is piped into the next (`|` or `|&`)
  // subject.scripts[index] in order, each `sh -c SCRIPT` command followed by SCRIPT's commands
  // (positions inside SCRIPT assume the operand is one quoted string without escapes). A view
  // of RunScripts::commands.
  std::span<const RunCommand> commands;
};

// What run_scripts() keeps per subject: the RUNs, and in one block each for the whole file their
// commands, the package commands' options and operands and the `sh -c` scripts (per RUN they
// were four allocations and four frees). The views into the blocks stay valid when this is
// moved; it is never copied.
struct RunScripts {
  std::vector<RunScript> scripts;
  std::vector<RunCommand> commands;
  std::vector<PackageOption> option_pool;
  std::vector<const ShellWord*> operand_pool;
  std::vector<std::unique_ptr<ShellScript>> inner;  // owns the `sh -c` scripts' commands
  // mode_sites(), made by the first of the two rules that read it.
  mutable std::optional<std::vector<ModeSite>> modes;
};

// Fills `out`, made in place at the end of all.commands (a RunCommand returned was copied
// there). `pool_hint`: the words of the file's RUN commands, room enough for the package
// commands' options and operands in the pools (one allocation each per file).
inline void run_command(RunCommand& out, const SimpleCommand& cmd, RunScripts& all,
                        std::vector<PackageSlices>& slices, std::size_t pool_hint) {
  out.cmd = &cmd;
  out.start = command_start(cmd, out.base);  // and the base name, read once
  PackageSlices slice;
  out.package = package_command(cmd, out.start, all.option_pool, all.operand_pool, slice, pool_hint,
                                out.base);
  if (out.package) slices.push_back(slice);
}

inline RunScripts build_run_scripts(const DockerfileSubject& subject) {
  RunScripts all;
  // The image's instructions, in file order: read beside the RUNs, which are too (no table of
  // every instruction per file).
  const std::vector<std::size_t>& image = subject.image_instructions();
  std::size_t next_in_image = 0;
  const std::size_t count = std::min(subject.scripts.size(), subject.file.instructions.size());
  const auto run_of = [&subject](std::size_t index) -> const Instruction* {
    const Instruction& inst = subject.file.instructions[index];
    const Instruction* run = &inst;
    if (inst.keyword == Keyword::kOnbuild && !inst.trigger.empty()) run = &inst.trigger.front();
    return run->keyword == Keyword::kRun ? run : nullptr;
  };
  std::size_t runs = 0;
  std::size_t commands = 0;
  std::size_t words = 0;
  for (std::size_t index = 0; index < count; ++index) {
    if (run_of(index) == nullptr) continue;
    ++runs;
    commands += subject.scripts[index].commands.size();
    for (const auto& cmd : subject.scripts[index].commands) words += cmd.words.size();
  }
  all.scripts.reserve(runs);
  all.commands.reserve(commands);  // more only for `sh -c` scripts
  // Scratch of the build, kept by the thread for the next file (two allocations and frees per
  // file otherwise): where each RUN's commands end in all.commands, and where each package
  // command's options and operands are in the pools.
  thread_local std::vector<std::size_t> ends;
  thread_local std::vector<PackageSlices> slices;
  ends.clear();
  slices.clear();
  for (std::size_t index = 0; index < count; ++index) {
    const Instruction* run = run_of(index);
    if (run == nullptr) continue;
    RunScript script;
    script.index = index;
    script.run = run;
    while (next_in_image < image.size() && image[next_in_image] < index) ++next_in_image;
    script.in_image = next_in_image < image.size() && image[next_in_image] == index;
    const std::size_t begin = all.commands.size();
    for (const auto& cmd : subject.scripts[index].commands) {
      run_command(all.commands.emplace_back(), cmd, all, slices, words);
      const ShellWord* body =
          shell_c_script(cmd, all.commands.back().start, all.commands.back().base);
      if (body == nullptr) continue;
      const Position start = body->pos;
      const std::uint32_t skip = body->quoted ? 1 : 0;
      auto inner = std::make_unique<ShellScript>(
          dockerfile::split_shell(body->text, [start, skip](std::size_t off) {
            return Position{start.line, start.column + skip + static_cast<std::uint32_t>(off)};
          }));
      for (const auto& inner_cmd : inner->commands) {
        run_command(all.commands.emplace_back(), inner_cmd, all, slices, words);
      }
      all.inner.push_back(std::move(inner));
    }
    for (std::size_t k = begin; k < all.commands.size(); ++k) {
      if (all.commands[k].package) script.managers |= manager_bit(all.commands[k].package->manager);
      const std::string_view separator = all.commands[k]->separator;
      if (equals(separator, "|") || equals(separator, "|&")) script.pipes = true;
    }
    ends.push_back(all.commands.size());
    all.scripts.push_back(script);
  }
  // The blocks are complete: the views into them, in order.
  std::size_t begin = 0;
  for (std::size_t k = 0; k < all.scripts.size(); ++k) {
    all.scripts[k].commands =
        std::span<const RunCommand>(all.commands).subspan(begin, ends[k] - begin);
    begin = ends[k];
  }
  std::size_t next = 0;
  for (RunCommand& command : all.commands) {
    if (!command.package) continue;
    const PackageSlices& slice = slices[next++];
    command.package->options = std::span<const PackageOption>(all.option_pool)
                                   .subspan(slice.options_at, slice.options_end - slice.options_at);
    command.package->operands =
        std::span<const ShellWord* const>(all.operand_pool)
            .subspan(slice.operands_at, slice.operands_end - slice.operands_at);
  }
  return all;
}

// Every RUN of `subject` as the shell rules see it, built once per subject and shared by the
// twenty rules that read it (each built its own: a fifth of a lint run's time).
inline const RunScripts& run_scripts_of(const DockerfileSubject& subject) {
  if (subject.derived == nullptr || subject.derived_for != &subject) {
    subject.derived = std::make_shared<const RunScripts>(build_run_scripts(subject));
    subject.derived_for = &subject;
  }
  return *static_cast<const RunScripts*>(subject.derived.get());
}
inline const std::vector<RunScript>& run_scripts(const DockerfileSubject& subject) {
  return run_scripts_of(subject).scripts;
}

inline std::vector<ModeSite> build_mode_sites(const DockerfileSubject& subject) {
  std::vector<ModeSite> out;
  for (const auto& script : run_scripts(subject)) {
    for (const RunCommand& cmd : script.commands) {
      // mode_words reads chmod, install and mkdir only: the name read once tells.
      const std::string_view name = cmd.name();
      if (!equals(name, "chmod") && !equals(name, "install") && !equals(name, "mkdir")) continue;
      for (const ShellWord* word : mode_words(*cmd, cmd.start)) {
        const std::string_view mode = mode_text(word->text);
        out.push_back({word->pos, mode, cmd.cmd, nullptr, parse_mode(mode)});
      }
    }
  }
  for (const auto& inst : subject.file.instructions) {
    const Instruction* copy = &inst;
    if (inst.keyword == Keyword::kOnbuild && !inst.trigger.empty()) copy = &inst.trigger.front();
    if (copy->keyword != Keyword::kCopy && copy->keyword != Keyword::kAdd) continue;
    const auto* flag = copy->flag("chmod");
    if (flag == nullptr || !flag->value) continue;
    const std::string_view mode =
        flag->expanded.value().empty() ? std::string_view(*flag->value) : flag->expanded.value();
    out.push_back({flag->pos, mode, nullptr, copy, parse_mode(mode)});
  }
  return out;
}

// build_mode_sites(subject), made once per subject for the two rules that read it.
inline const std::vector<ModeSite>& mode_sites(const DockerfileSubject& subject) {
  const RunScripts& all = run_scripts_of(subject);
  if (!all.modes) all.modes = build_mode_sites(subject);
  return *all.modes;
}

// ---- stage environment ---------------------------------------------------------------------

// The value an ENV of the RUN's stage (or of the stages it is built FROM) set for `name` before
// instruction `index`, the last one; nullopt when none did.
inline std::optional<std::string> stage_env(const DockerfileSubject& subject, std::size_t index,
                                            std::string_view name) {
  const auto& insts = subject.file.instructions;
  if (index >= insts.size() || !insts[index].stage) return std::nullopt;
  std::size_t stage_index = *insts[index].stage;
  std::size_t end = index;  // exclusive
  // Walk this stage, then each stage it is FROM; base_stage always names an earlier stage.
  for (std::size_t guard = 0; guard <= subject.file.stages.size(); ++guard) {
    const auto& stage = subject.file.stages[stage_index];
    for (std::size_t k = end; k-- > stage.from_instruction;) {
      if (insts[k].keyword != Keyword::kEnv) continue;
      const auto* pairs = insts[k].as<std::vector<dockerfile::KeyValue>>();
      if (pairs == nullptr) continue;
      for (auto it = pairs->rbegin(); it != pairs->rend(); ++it) {
        if (it->key.value() == name) return std::string(it->value.value());
      }
    }
    if (!stage.base_stage || *stage.base_stage >= stage_index) break;
    stage_index = *stage.base_stage;
    end = subject.file.stages[stage_index].last_instruction + 1;
  }
  return std::nullopt;
}

}  // namespace hardock::audit::checks::dockerfile_rules
