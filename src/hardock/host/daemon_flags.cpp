#include "hardock/host/daemon_flags.h"

#include <array>
#include <optional>

namespace hardock::host {
namespace {

enum class Kind { kBool, kValue };

struct FlagSpec {
  std::string_view name;  // long name without dashes
  char shorthand;         // 0 when none
  std::string_view key;   // daemon.json key
  Kind kind;
};

// dockerd's flags that hardock judges or that take a value (so the word after
// them is not read as a flag), with their daemon.json names. Deprecated
// spellings (-g/--graph) map to the key that replaced them.
constexpr std::array kFlags{
    FlagSpec{"host", 'H', "hosts", Kind::kValue},
    FlagSpec{"data-root", 0, "data-root", Kind::kValue},
    FlagSpec{"graph", 'g', "data-root", Kind::kValue},
    FlagSpec{"group", 'G', "group", Kind::kValue},
    FlagSpec{"log-level", 'l', "log-level", Kind::kValue},
    FlagSpec{"debug", 'D', "debug", Kind::kBool},
    FlagSpec{"pidfile", 'p', "pidfile", Kind::kValue},
    FlagSpec{"bridge", 'b', "bridge", Kind::kValue},
    FlagSpec{"storage-driver", 's', "storage-driver", Kind::kValue},
    FlagSpec{"storage-opt", 0, "storage-opts", Kind::kValue},
    FlagSpec{"icc", 0, "icc", Kind::kBool},
    FlagSpec{"iptables", 0, "iptables", Kind::kBool},
    FlagSpec{"ip6tables", 0, "ip6tables", Kind::kBool},
    FlagSpec{"ip-forward", 0, "ip-forward", Kind::kBool},
    FlagSpec{"ip-masq", 0, "ip-masq", Kind::kBool},
    FlagSpec{"ipv6", 0, "ipv6", Kind::kBool},
    FlagSpec{"ip", 0, "ip", Kind::kValue},
    FlagSpec{"bip", 0, "bip", Kind::kValue},
    FlagSpec{"fixed-cidr", 0, "fixed-cidr", Kind::kValue},
    FlagSpec{"mtu", 0, "mtu", Kind::kValue},
    FlagSpec{"dns", 0, "dns", Kind::kValue},
    FlagSpec{"dns-opt", 0, "dns-opts", Kind::kValue},
    FlagSpec{"dns-search", 0, "dns-search", Kind::kValue},
    FlagSpec{"label", 0, "labels", Kind::kValue},
    FlagSpec{"insecure-registry", 0, "insecure-registries", Kind::kValue},
    FlagSpec{"registry-mirror", 0, "registry-mirrors", Kind::kValue},
    FlagSpec{"tls", 0, "tls", Kind::kBool},
    FlagSpec{"tlsverify", 0, "tlsverify", Kind::kBool},
    FlagSpec{"tlscacert", 0, "tlscacert", Kind::kValue},
    FlagSpec{"tlscert", 0, "tlscert", Kind::kValue},
    FlagSpec{"tlskey", 0, "tlskey", Kind::kValue},
    FlagSpec{"default-ulimit", 0, "default-ulimits", Kind::kValue},
    FlagSpec{"userns-remap", 0, "userns-remap", Kind::kValue},
    FlagSpec{"cgroup-parent", 0, "cgroup-parent", Kind::kValue},
    FlagSpec{"authorization-plugin", 0, "authorization-plugins", Kind::kValue},
    FlagSpec{"log-driver", 0, "log-driver", Kind::kValue},
    FlagSpec{"log-opt", 0, "log-opts", Kind::kValue},
    FlagSpec{"no-new-privileges", 0, "no-new-privileges", Kind::kBool},
    FlagSpec{"live-restore", 0, "live-restore", Kind::kBool},
    FlagSpec{"userland-proxy", 0, "userland-proxy", Kind::kBool},
    FlagSpec{"userland-proxy-path", 0, "userland-proxy-path", Kind::kValue},
    FlagSpec{"seccomp-profile", 0, "seccomp-profile", Kind::kValue},
    FlagSpec{"experimental", 0, "experimental", Kind::kBool},
    FlagSpec{"selinux-enabled", 0, "selinux-enabled", Kind::kBool},
    FlagSpec{"rootless", 0, "rootless", Kind::kBool},
    FlagSpec{"config-file", 0, "config-file", Kind::kValue},
    FlagSpec{"containerd", 0, "containerd", Kind::kValue},
    FlagSpec{"containerd-namespace", 0, "containerd-namespace", Kind::kValue},
    FlagSpec{"exec-opt", 0, "exec-opts", Kind::kValue},
    FlagSpec{"exec-root", 0, "exec-root", Kind::kValue},
    FlagSpec{"default-runtime", 0, "default-runtime", Kind::kValue},
    FlagSpec{"add-runtime", 0, "runtimes", Kind::kValue},
    FlagSpec{"cluster-store", 0, "cluster-store", Kind::kValue},
    FlagSpec{"cluster-advertise", 0, "cluster-advertise", Kind::kValue},
    FlagSpec{"max-concurrent-downloads", 0, "max-concurrent-downloads", Kind::kValue},
    FlagSpec{"max-concurrent-uploads", 0, "max-concurrent-uploads", Kind::kValue},
    FlagSpec{"shutdown-timeout", 0, "shutdown-timeout", Kind::kValue},
    FlagSpec{"default-address-pool", 0, "default-address-pools", Kind::kValue},
    FlagSpec{"default-cgroupns-mode", 0, "default-cgroupns-mode", Kind::kValue},
    FlagSpec{"default-ipc-mode", 0, "default-ipc-mode", Kind::kValue},
    FlagSpec{"metrics-addr", 0, "metrics-addr", Kind::kValue},
    FlagSpec{"oom-score-adjust", 0, "oom-score-adjust", Kind::kValue},
    FlagSpec{"init", 0, "init", Kind::kBool},
    FlagSpec{"init-path", 0, "init-path", Kind::kValue},
    FlagSpec{"raw-logs", 0, "raw-logs", Kind::kBool},
    FlagSpec{"no-legacy-registry", 0, "no-legacy-registry", Kind::kBool},
};

const FlagSpec* find_long(std::string_view name) {
  for (const auto& spec : kFlags) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const FlagSpec* find_short(char shorthand) {
  for (const auto& spec : kFlags) {
    if (spec.shorthand == shorthand) return &spec;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        word += c;
      continue;
    }
    if (c == '\\' && pos + 1 < text.size()) {
      word += text[++pos];
      in_word = true;
      continue;
    }
    if (quote == '"') {
      if (c == '"')
        quote = 0;
      else
        word += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool is_boolean_setting(std::string_view key) {
  for (const auto& spec : kFlags) {
    if (spec.key == key && spec.kind == Kind::kBool) return true;
  }
  return false;
}

bool is_dockerd_program(std::string_view word) {
  const auto slash = word.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? word : word.substr(slash + 1);
  return base == "dockerd" || base == "dockerd-rootless.sh";
}

std::vector<DaemonSetting> parse_dockerd_flags(const std::vector<WordSource>& args) {
  std::vector<DaemonSetting> settings;
  for (size_t idx = 0; idx < args.size(); ++idx) {
    const std::string& word = args[idx].word;
    const size_t flag_idx = idx;
    if (word.size() < 2 || word[0] != '-' || word == "--") continue;  // dockerd takes no operands
    std::string written;  // the flag as written, without any =value
    std::optional<std::string> value;
    const FlagSpec* spec = nullptr;
    std::string name;
    if (word[1] == '-') {
      const auto eq = word.find('=');
      name = word.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (eq != std::string::npos) value = word.substr(eq + 1);
      written = "--" + name;
      spec = find_long(name);
    } else {
      // pflag shorthand: -H value, -Hvalue, -H=value; booleans may be grouped (-D).
      spec = find_short(word[1]);
      written = word.substr(0, 2);
      name = spec != nullptr ? std::string(spec->name) : word.substr(1, 1);
      if (word.size() > 2) value = word[2] == '=' ? word.substr(3) : word.substr(2);
    }
    const Kind kind =
        spec != nullptr
            ? spec->kind
            // Unknown flag: dockerd has no operands, so a following
            // non-flag word can only be its value.
            : (idx + 1 < args.size() && !args[idx + 1].word.starts_with("-") ? Kind::kValue
                                                                             : Kind::kBool);
    if (!value) {
      if (kind == Kind::kBool) {
        value = "true";
      } else if (idx + 1 < args.size()) {
        value = args[++idx].word;
      } else {
        value = "";
      }
    }
    DaemonSetting setting;
    setting.key = spec != nullptr ? std::string(spec->key) : name;
    setting.values = {*value};
    setting.origin = SettingOrigin::kFlag;
    setting.flag = written;
    setting.source = args[flag_idx].source;
    settings.push_back(std::move(setting));
  }
  return settings;
}

}  // namespace hardock::host
