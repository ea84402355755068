#include "hardock/harden/daemon_json.h"

#include <fmt/format.h>

#include <string_view>

#include "hardock/host/daemon_sources.h"
#include "hardock/io/json_guard.h"

namespace hardock::harden {
namespace {

// The file keeps its key order: nlohmann::json sorts keys, ordered_json does not.
using OrderedJson = nlohmann::ordered_json;

// One hardened daemon setting. `wanted` null means "remove the key" (revert to dockerd's
// default); `write_when_absent` false means an absent key is already fine.
struct Hardening {
  std::string_view key;
  Level min_level;
  nlohmann::json wanted;
  bool write_when_absent;
  bool (*file_ok)(const OrderedJson& value);
  bool (*flag_ok)(const host::DaemonConfig& config, std::string_view key);
  std::string_view why;
  std::vector<std::string> fixes;  // codes of the checks this setting satisfies
};

bool is_false(const OrderedJson& value) { return value.is_boolean() && !value.get<bool>(); }
bool is_true(const OrderedJson& value) { return value.is_boolean() && value.get<bool>(); }
bool is_info(const OrderedJson& value) { return value.is_string() && value == "info"; }
bool non_empty_object(const OrderedJson& value) { return value.is_object() && !value.empty(); }
bool non_empty_string(const OrderedJson& value) {
  return value.is_string() && !value.get<std::string>().empty();
}
bool not_unconfined(const OrderedJson& value) {
  return !value.is_string() || value != "unconfined";
}

bool flag_false(const host::DaemonConfig& config, std::string_view key) {
  return config.boolean(key) == false;
}
bool flag_true(const host::DaemonConfig& config, std::string_view key) {
  return config.boolean(key) == true;
}
bool flag_not_true(const host::DaemonConfig& config, std::string_view key) {
  return config.boolean(key) != true;
}
std::string last_value(const host::DaemonConfig& config, std::string_view key) {
  const host::DaemonSetting* setting = config.last(key);
  return setting == nullptr || setting->values.empty() ? "" : setting->values.back();
}
bool flag_info(const host::DaemonConfig& config, std::string_view key) {
  return last_value(config, key) == "info";
}
bool flag_any(const host::DaemonConfig& config, std::string_view key) {
  return config.last(key) != nullptr;
}
bool flag_non_empty(const host::DaemonConfig& config, std::string_view key) {
  return !last_value(config, key).empty();
}
bool flag_not_unconfined(const host::DaemonConfig& config, std::string_view key) {
  return last_value(config, key) != "unconfined";
}

// The codes are those of src/hardock/audit/checks/host/daemon_*.cpp (HDK-H, the effective
// configuration), daemon/*.cpp (HDK-D, the engine's /info) and network/icc_enabled.cpp.
const std::vector<Hardening>& hardenings() {
  static const std::vector<Hardening> kHardenings{
      {"icc",
       Level::kBaseline,
       false,
       true,
       is_false,
       flag_false,
       "containers on the default bridge no longer reach every port of each other (CIS 2.2); "
       "containers that must talk share a user-defined network",
       {"HDK-H-002", "HDK-N-006"}},
      {"no-new-privileges",
       Level::kBaseline,
       true,
       true,
       is_true,
       flag_true,
       "processes in containers cannot gain privileges through setuid binaries (CIS 2.14)",
       {"HDK-H-014"}},
      {"live-restore",
       Level::kBaseline,
       true,
       true,
       is_true,
       flag_true,
       "containers keep running while dockerd restarts or is upgraded (CIS 2.15)",
       {"HDK-H-015", "HDK-D-008"}},
      {"userland-proxy",
       Level::kBaseline,
       false,
       true,
       is_false,
       flag_false,
       "published ports use hairpin NAT instead of one docker-proxy process each (CIS 2.16)",
       {"HDK-H-016"}},
      {"log-level",
       Level::kBaseline,
       "info",
       true,
       is_info,
       flag_info,
       "info logs the events an investigation needs without debug noise (CIS 2.3)",
       {"HDK-H-003"}},
      {"debug",
       Level::kBaseline,
       false,
       false,
       is_false,
       flag_not_true,
       "debug mode overrides log-level and logs at debug (CIS 2.3)",
       {"HDK-H-003", "HDK-D-002"}},
      {"default-ulimits",
       Level::kBaseline,
       nlohmann::json{{"nofile", {{"Name", "nofile"}, {"Hard", 64000}, {"Soft", 64000}}}},
       true,
       non_empty_object,
       flag_any,
       "containers no longer inherit dockerd's own open-file limit, so one cannot exhaust it "
       "for all (CIS 2.8)",
       {"HDK-H-008"}},
      {"seccomp-profile",
       Level::kBaseline,
       nullptr,
       false,
       not_unconfined,
       flag_not_unconfined,
       "\"unconfined\" turns seccomp off for every container; without the key Docker's default "
       "profile applies (CIS 2.17)",
       {"HDK-H-017", "HDK-D-009"}},
      {"userns-remap",
       Level::kStrict,
       "default",
       true,
       non_empty_string,
       flag_non_empty,
       "root in a container maps to an unprivileged host user (dockremap) (CIS 2.9)",
       {"HDK-H-009", "HDK-D-005"}},
  };
  return kHardenings;
}

std::vector<const host::DaemonSetting*> flags_for(const host::DaemonConfig& config,
                                                  std::string_view key) {
  std::vector<const host::DaemonSetting*> out;
  for (const auto& setting : config.settings) {
    if (setting.origin == host::SettingOrigin::kFlag && setting.key == key) out.push_back(&setting);
  }
  return out;
}

// "--icc=true", "-D", "--default-ulimit nofile=1024:1024": the flag as a user finds it.
std::string flag_words(const host::DaemonSetting& flag) {
  std::string out = flag.flag.empty() ? "--" + flag.key : flag.flag;
  if (flag.values.empty()) return out;
  std::string values;
  for (const auto& value : flag.values) values += (values.empty() ? "" : ",") + value;
  return out + (flag.flag.starts_with("--") ? "=" : " ") + values;
}

std::string flag_sources(const std::vector<const host::DaemonSetting*>& flags) {
  std::string out;
  for (const auto* flag : flags) {
    out += (out.empty() ? "" : "; ") + (flag->flag.empty() ? "--" + flag->key : flag->flag) +
           " in " + flag->source;
  }
  return out;
}

// Where a user removes a flag: the running process's command line is only a symptom of the
// unit or env file that started it.
std::string removal_place(const host::DaemonSetting& flag) {
  if (flag.source.starts_with("/proc/")) {
    return "the unit or script that starts dockerd (seen in the running " + flag.source + ")";
  }
  if (flag.source.find(".service") != std::string::npos) {
    return flag.source + " (then systemctl daemon-reload)";
  }
  return flag.source;
}

std::string conflict_advice(const Hardening& hardening,
                            const std::vector<const host::DaemonSetting*>& flags,
                            const std::string& path) {
  std::string removals;
  for (const auto* flag : flags) {
    removals +=
        (removals.empty() ? "" : " and ") + flag_words(*flag) + " from " + removal_place(*flag);
  }
  const std::string carry = hardening.wanted.is_null()
                                ? "leave \"" + std::string(hardening.key) + "\" out of " + path
                                : "set \"" + std::string(hardening.key) +
                                      "\": " + hardening.wanted.dump() + " in " + path +
                                      " (run hardock harden again to write it)";
  return "remove " + removals + ", then " + carry +
         "; dockerd refuses to start when a setting is both a flag and in daemon.json";
}

// The current file's keys that a flag in use also sets: dockerd cannot start with both, so
// there is no safe merge to offer.
core::Result<void> refuse_existing_conflicts(const std::vector<host::DaemonSetting>& file_settings,
                                             const host::DaemonConfig& effective,
                                             const std::string& path) {
  std::string clashes;
  for (const auto& setting : file_settings) {
    const auto flags = flags_for(effective, setting.key);
    if (flags.empty()) continue;
    clashes += (clashes.empty() ? "" : "; ") +
               fmt::format("\"{}\" in {} and {}", setting.key, setting.source, flag_sources(flags));
  }
  if (clashes.empty()) return {};
  return core::fail(core::ErrorCode::kInvalidArgument,
                    path +
                        " already conflicts with dockerd's command line (dockerd refuses to "
                        "start with a setting both as a flag and in the file): " +
                        clashes + ". Remove each from one place, then plan again");
}

core::Result<OrderedJson> parse_current(const std::optional<std::string>& current_text,
                                        const std::string& path,
                                        std::vector<host::DaemonSetting>& file_settings) {
  if (!current_text) return OrderedJson::object();
  // Values nested deeper than any daemon.json would crash the recursive dump and destructor.
  if (const std::string deep = io::json_nesting_error(*current_text); !deep.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput, path + ": " + deep);
  }
  // parse_daemon_json validates with dockerd's rules and names the line and column.
  auto settings = host::parse_daemon_json(*current_text, path);
  if (!settings) return core::fail(settings.error());
  file_settings = std::move(*settings);
  if (file_settings.empty() && current_text->find('{') == std::string::npos) {
    return OrderedJson::object();  // empty file: an empty configuration, as for dockerd
  }
  try {
    return OrderedJson::parse(*current_text);
  } catch (const nlohmann::json::exception& error) {
    return core::fail(core::ErrorCode::kMalformedInput, path + ": " + error.what());
  }
}

}  // namespace

core::Result<DaemonJsonPlan> plan_daemon_json(const std::optional<std::string>& current_text,
                                              const std::string& path,
                                              const host::DaemonConfig& effective, Level level) {
  std::vector<host::DaemonSetting> file_settings;
  auto parsed = parse_current(current_text, path, file_settings);
  if (!parsed) return core::fail(parsed.error());
  OrderedJson document = std::move(*parsed);
  if (auto refused = refuse_existing_conflicts(file_settings, effective, path); !refused) {
    return core::fail(refused.error());
  }

  DaemonJsonPlan plan;
  plan.path = path;
  if (!current_text) plan.notes.push_back("no file at " + path + ": a new one is written");
  if (effective.absent()) {
    plan.notes.push_back(
        "no dockerd command line or unit was found: conflicts with flags could not be checked");
  }
  for (const auto& error : effective.errors) {
    plan.notes.push_back("could not read " + error.source + " (" + error.message +
                         "): flags it sets are unknown and may conflict");
  }

  for (const Hardening& hardening : hardenings()) {
    const std::string key(hardening.key);
    if (level == Level::kBaseline && hardening.min_level == Level::kStrict) {
      if (!document.contains(key) && flags_for(effective, key).empty()) {
        plan.notes.push_back("\"" + key + "\" is left unset at baseline; strict sets it");
      }
      continue;
    }
    if (const auto flags = flags_for(effective, key); !flags.empty()) {
      if (hardening.flag_ok(effective, key)) {
        plan.notes.push_back("\"" + key + "\" is set on the command line (" + flag_sources(flags) +
                             ") to a hardened value: left there");
      } else {
        plan.conflicts.push_back(
            {key, flag_sources(flags), conflict_advice(hardening, flags, path)});
      }
      continue;
    }
    const auto found = document.find(key);
    const bool present = found != document.end();
    if (present ? hardening.file_ok(*found) : !hardening.write_when_absent) continue;

    DaemonJsonChange change;
    change.key = key;
    change.before = present ? nlohmann::json(*found) : nlohmann::json();
    change.after = hardening.wanted;
    change.why = std::string(hardening.why);
    change.fixes = hardening.fixes;
    if (hardening.wanted.is_null()) {
      document.erase(key);
    } else if (present) {
      *found = OrderedJson(hardening.wanted);
    } else {
      document[key] = OrderedJson(hardening.wanted);
    }
    plan.changes.push_back(std::move(change));
    if (key == "userns-remap") {
      plan.notes.push_back(
          "userns-remap \"default\" creates the dockremap user (needs /etc/subuid and "
          "/etc/subgid ranges) and gives dockerd a new data directory under the data root: "
          "existing images, containers and volumes are not visible until pulled or copied, and "
          "bind-mounted host files must be owned by the remapped ids");
    }
    if (key == "live-restore") {
      plan.notes.push_back(
          "live-restore cannot be combined with Swarm mode: a swarm node must keep it off");
    }
  }

  try {
    plan.text = document.dump(2) + "\n";
  } catch (const nlohmann::json::exception& error) {
    // Invalid UTF-8 in a string of the current file.
    return core::fail(core::ErrorCode::kMalformedInput, path + ": " + error.what());
  }
  return plan;
}

}  // namespace hardock::harden
