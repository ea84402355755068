#include "hardock/harden/apparmor_profile.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "hardock/harden/seccomp_profile.h"
#include "hardock/io/escape.h"

namespace hardock::harden {
namespace {

bool valid_profile_name(std::string_view name) {
  if (name.empty() || std::isalnum(static_cast<unsigned char>(name.front())) == 0) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char ch) {
    return std::isalnum(ch) != 0 || ch == '.' || ch == '_' || ch == '-';
  });
}

// `path` + "/{,**}" (the path and everything under it) as a quoted AppArmor path, every glob
// and variable character escaped so a mount target is matched literally. nullopt for a path
// that is not absolute or holds control characters.
std::optional<std::string> subtree_pattern(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path == "/") path = "";
  std::string out = "\"";
  for (char ch : path) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7f) return std::nullopt;
    if (std::string_view("\\\"*?[]{}^@").find(ch) != std::string_view::npos) out += '\\';
    out += ch;
  }
  out += "/{,**}\"";
  return out;
}

std::string sanitized_profile_name(std::string name) {
  std::replace_if(
      name.begin(), name.end(),
      [](unsigned char ch) { return std::isalnum(ch) == 0 && ch != '.' && ch != '_' && ch != '-'; },
      '-');
  if (name.empty() || std::isalnum(static_cast<unsigned char>(name.front())) == 0) {
    name.insert(0, "hardock");
  }
  return name;
}

bool uses_network(const RunSpec& spec) { return spec.network_mode != "none"; }

// The rule body, one line per element, indented by the caller.
class ProfileWriter {
 public:
  void line(std::string text = {}) { lines_.push_back(std::move(text)); }
  // A newline in a comment would start a rule: one_line() keeps it a comment.
  void comment(std::string_view text) { line("# " + io::one_line(text)); }
  [[nodiscard]] std::string body() const {
    std::string out;
    for (const auto& text : lines_) out += text.empty() ? "\n" : "  " + text + "\n";
    return out;
  }

 private:
  std::vector<std::string> lines_;
};

void write_network(const RunSpec& spec, const std::set<std::string>& caps, ProfileWriter& out) {
  out.comment("Network: unix sockets stay inside the container's filesystem and IPC.");
  out.line("network unix,");
  if (!uses_network(spec)) {
    out.comment("network_mode none: no inet sockets, not even on loopback.");
    return;
  }
  out.comment("TCP and UDP over IPv4 and IPv6; netlink for address lookups (getaddrinfo).");
  for (const char* family : {"inet", "inet6"}) {
    out.line(fmt::format("network {} tcp,", family));
    out.line(fmt::format("network {} udp,", family));
    if (caps.count("NET_RAW") != 0) out.line(fmt::format("network {} raw,", family));
  }
  out.line("network netlink raw,");
}

void write_capabilities(const std::set<std::string>& caps, ProfileWriter& out) {
  if (caps.empty()) {
    out.comment("No capabilities: the container keeps none.");
    return;
  }
  out.comment("Capabilities: the container's effective set, nothing more.");
  for (const auto& cap : caps) {
    const bool well_formed = std::all_of(cap.begin(), cap.end(), [](unsigned char ch) {
      return std::isupper(ch) != 0 || std::isdigit(ch) != 0 || ch == '_';
    });
    if (!well_formed) {
      out.comment("a capability name that is not [A-Z0-9_] is left out");
      continue;
    }
    std::string lower = cap;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    out.line(fmt::format("capability {},", lower));
  }
}

void write_files(const RunSpec& spec, Level level, ProfileWriter& out) {
  const bool strict = level == Level::kStrict;
  std::vector<std::string> writable;
  std::vector<std::string> read_only;
  bool unsafe_targets = false;
  for (const auto& mount : spec.mounts) {
    auto pattern = subtree_pattern(mount.target);
    if (!pattern) {
      unsafe_targets = true;
      continue;
    }
    (mount.read_only ? read_only : writable).push_back(*pattern);
  }

  if (spec.read_only) {
    out.comment("Files: read, map and run anything; write only where the container may write.");
    out.line("/** rkmix,");
    out.line("/dev/{tty,console,ptmx} rw,");
    out.line("/dev/pts/* rw,");
    out.line("/dev/shm/{,**} rwlk,");
    out.line("/dev/mqueue/{,**} rw,");
    for (const auto& pattern : writable) out.line(fmt::format("{} rwlk,", pattern));
    if (strict) {
      out.comment("Strict: processes write only their own attributes under /proc.");
      out.line("owner @{PROC}/@{pid}/{attr/**,comm,oom_score_adj,task/@{tid}/{attr/**,comm}} w,");
    } else {
      out.line("@{PROC}/@{pid}/** w,");
    }
  } else {
    out.comment("Files: the root filesystem is writable, so everything but read-only mounts.");
    out.line("file,");
  }
  for (const auto& pattern : read_only) out.line(fmt::format("deny {} wl,", pattern));
  if (strict && !writable.empty()) {
    out.comment(
        "Strict: nothing written at run time is executed or mapped executable (a workload that "
        "runs code it wrote needs an exception).");
    for (const auto& pattern : writable) out.line(fmt::format("deny {} mx,", pattern));
  }
  if (unsafe_targets) {
    out.comment("A mount target that is not an absolute printable path has no rule: writes there");
    out.comment("are denied (see the container's mounts).");
  }
}

void write_kernel_denials(Level level, ProfileWriter& out) {
  out.comment("Kernel interfaces (as docker-default): /proc writes only below /proc/PID and");
  out.comment("/proc/sys/kernel/shm*; no /sys writes outside cgroups; no kcore or sysrq.");
  out.line("deny @{PROC}/* w,");
  out.line(
      "deny @{PROC}/{[^1-9],[^1-9][^0-9],[^1-9s][^0-9y][^0-9s],[^1-9][^0-9][^0-9][^0-9/]*}/** w,");
  out.line("deny @{PROC}/sys/[^k]** w,");
  out.line("deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,");
  out.line("deny @{PROC}/sysrq-trigger rwklx,");
  out.line("deny @{PROC}/kcore rwklx,");
  out.line("deny /sys/[^f]*/** wklx,");
  out.line("deny /sys/f[^s]*/** wklx,");
  out.line("deny /sys/fs/[^c]*/** wklx,");
  out.line("deny /sys/fs/c[^g]*/** wklx,");
  out.line("deny /sys/fs/cg[^r]*/** wklx,");
  out.line("deny /sys/firmware/** rwklx,");
  out.line("deny /sys/devices/virtual/powercap/** rwklx,");
  out.line("deny /sys/kernel/security/** rwklx,");
  out.line();
  out.comment(
      "Mounts: none; strict also forbids unmounting (uncovering masked paths) and pivot_root.");
  out.line("deny mount,");
  if (level == Level::kStrict) {
    out.line("deny umount,");
    out.line("deny pivot_root,");
  } else {
    out.line("umount,");
  }
}

void write_peers(const std::string& profile_name, Level level, ProfileWriter& out) {
  out.comment("Signals from the engine and its runtimes (docker stop/kill), and among ourselves.");
  out.line("signal (receive) peer=unconfined,");
  out.line("signal (receive) peer=runc,");
  out.line("signal (receive) peer=crun,");
  out.line(fmt::format("signal (send,receive) peer={},", profile_name));
  if (level == Level::kStrict) {
    out.comment("Strict: ps works inside the container; no process traces another.");
    out.line(fmt::format("ptrace (read,readby) peer={},", profile_name));
  } else {
    out.comment("ptrace (ps, debuggers) only among the container's own processes.");
    out.line(fmt::format("ptrace (trace,read,tracedby,readby) peer={},", profile_name));
  }
}

}  // namespace

std::string apparmor_profile_name(const RunSpec& spec) {
  return sanitized_profile_name("hardock-" +
                                (spec.name.empty() ? std::string("container") : spec.name));
}

std::string apparmor_profile(const RunSpec& hardened, const std::string& requested_name,
                             Level level) {
  const std::string profile_name =
      valid_profile_name(requested_name) ? requested_name : sanitized_profile_name(requested_name);
  const auto caps = effective_capabilities(hardened);
  ProfileWriter body;
  write_network(hardened, caps, body);
  body.line();
  write_capabilities(caps, body);
  body.line();
  write_files(hardened, level, body);
  body.line();
  write_kernel_denials(level, body);
  body.line();
  write_peers(profile_name, level, body);

  const std::string container =
      io::one_line(hardened.name.empty() ? "the container" : hardened.name);
  return fmt::format(
      "# hardock AppArmor profile for {} (level {}): addresses HDK-C-001 apparmor-unconfined.\n"
      "# Load: apparmor_parser -r -W FILE   Use: docker run --security-opt apparmor={} ...\n"
      "\n"
      "#include <tunables/global>\n"
      "\n"
      "profile {} flags=(attach_disconnected,mediate_deleted) {{\n"
      "  #include <abstractions/base>\n"
      "\n"
      "{}}}\n",
      container, to_string(level), profile_name, profile_name, body.body());
}

std::vector<std::string> selinux_options(const RunSpec& hardened, Level /*level*/) {
  // One stock confined type serves both levels; see selinux_notes for a narrower one.
  std::vector<std::string> options = {"label=type:container_t"};
  for (const auto& option : hardened.security_opt) {
    // Docker accepts "label=level:..." and the legacy "label:level:...".
    for (const char* prefix : {"label=level:", "label:level:"}) {
      if (option.rfind(prefix, 0) == 0) {
        options.push_back("label=level:" + option.substr(std::string_view(prefix).size()));
      }
    }
  }
  return options;
}

std::vector<std::string> selinux_notes(const RunSpec& hardened, Level level) {
  std::vector<std::string> notes;
  for (const auto& mount : hardened.mounts) {
    if (mount.type != "bind") continue;
    const bool relabelled = mount.bind_mode.find('z') != std::string::npos ||
                            mount.bind_mode.find('Z') != std::string::npos;
    if (relabelled) continue;
    notes.push_back(fmt::format(
        "bind mount {} -> {}: container_t cannot use it until it is relabelled: add :Z (this "
        "container only) or :z (shared), never on system directories such as /, /etc, /usr or "
        "/home",
        mount.source, mount.target));
  }
  if (level == Level::kStrict) {
    notes.push_back(
        "strict: SELinux has no stock type narrower than container_t; generate a per-workload "
        "policy with udica from `docker inspect` and use label=type:<its type>");
  }
  return notes;
}

}  // namespace hardock::harden
