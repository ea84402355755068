#include "hardock/harden/journal.h"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "hardock/io/json_guard.h"

namespace hardock::harden {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<RecordState, std::string_view>, 8> kStateNames = {{
    {RecordState::kStarted, "started"},
    {RecordState::kRenamed, "renamed"},
    {RecordState::kCreated, "created"},
    {RecordState::kReplaced, "replaced"},
    {RecordState::kFailed, "failed"},
    {RecordState::kRestoredStopped, "restored-stopped"},
    {RecordState::kRolledBack, "rolled-back"},
    {RecordState::kPruned, "pruned"},
}};

// Thrown inside parse_journal only, caught at its boundary.
struct BadField {
  std::string field;
  std::string message;
};

const json& member(const json& object, const char* key, const std::string& where) {
  if (!object.is_object()) throw BadField{where, "expected an object"};
  auto found = object.find(key);
  if (found == object.end()) throw BadField{where + "." + key, "missing"};
  return *found;
}

std::string string_at(const json& object, const char* key, const std::string& where,
                      bool required = true) {
  if (!required && (!object.contains(key) || object.at(key).is_null())) return {};
  const json& value = member(object, key, where);
  if (!value.is_string()) throw BadField{where + "." + key, "expected a string"};
  return value.get<std::string>();
}

bool bool_at(const json& object, const char* key, const std::string& where, bool required = true) {
  if (!required && !object.contains(key)) return false;
  const json& value = member(object, key, where);
  if (!value.is_boolean()) throw BadField{where + "." + key, "expected true or false"};
  return value.get<bool>();
}

const json& array_at(const json& object, const char* key, const std::string& where,
                     bool required = true) {
  static const json kEmpty = json::array();
  if (!required && !object.contains(key)) return kEmpty;
  const json& value = member(object, key, where);
  if (!value.is_array()) throw BadField{where + "." + key, "expected an array"};
  return value;
}

ContainerRecord read_container(const json& node, const std::string& where) {
  ContainerRecord record;
  record.name = string_at(node, "name", where);
  record.old_id = string_at(node, "old_id", where);
  record.old_name = string_at(node, "old_name", where);
  record.new_id = string_at(node, "new_id", where, false);
  record.was_running = bool_at(node, "was_running", where);
  const std::string state = string_at(node, "state", where);
  auto parsed = parse_record_state(state);
  if (!parsed) throw BadField{where + ".state", "unknown state"};
  record.state = *parsed;
  const json& kept = array_at(node, "kept_volumes", where, false);
  for (size_t index = 0; index < kept.size(); ++index) {
    const std::string at = where + ".kept_volumes[" + std::to_string(index) + "]";
    record.kept_volumes.push_back(
        {string_at(kept[index], "path", at), string_at(kept[index], "volume", at)});
  }
  record.message = string_at(node, "message", where, false);
  return record;
}

NetworkRecord read_network(const json& node, const std::string& where) {
  NetworkRecord record;
  record.name = string_at(node, "name", where);
  record.id = string_at(node, "id", where, false);
  const std::string state = string_at(node, "state", where);
  if (state == "created") {
    record.state = NetworkState::kCreated;
  } else if (state == "removed") {
    record.state = NetworkState::kRemoved;
  } else {
    throw BadField{where + ".state", "unknown state"};
  }
  return record;
}

ApplyEntry read_entry(const json& node, const std::string& where) {
  ApplyEntry entry;
  entry.stamp = string_at(node, "stamp", where);
  entry.rolled_back = bool_at(node, "rolled_back", where);
  if (node.contains("daemon")) {
    const json& daemon = node.at("daemon");
    const std::string at = where + ".daemon";
    entry.daemon = DaemonRecord{string_at(daemon, "path", at), string_at(daemon, "backup", at),
                                bool_at(daemon, "existed", at)};
  }
  const json& containers = array_at(node, "containers", where);
  for (size_t index = 0; index < containers.size(); ++index) {
    entry.containers.push_back(
        read_container(containers[index], where + ".containers[" + std::to_string(index) + "]"));
  }
  const json& networks = array_at(node, "networks", where, false);
  for (size_t index = 0; index < networks.size(); ++index) {
    entry.networks.push_back(
        read_network(networks[index], where + ".networks[" + std::to_string(index) + "]"));
  }
  return entry;
}

}  // namespace

std::string_view to_string(RecordState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "unknown";
}

std::optional<RecordState> parse_record_state(std::string_view text) {
  for (const auto& [value, name] : kStateNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

bool needs_rollback(RecordState state) {
  switch (state) {
    case RecordState::kStarted:
    case RecordState::kRenamed:
    case RecordState::kCreated:
    case RecordState::kReplaced:
    case RecordState::kRestoredStopped:
      return true;
    case RecordState::kFailed:
    case RecordState::kRolledBack:
    case RecordState::kPruned:
      return false;
  }
  return false;
}

ApplyEntry& Journal::entry(const std::string& stamp) {
  for (auto& existing : applies) {
    if (existing.stamp == stamp) return existing;
  }
  applies.push_back(ApplyEntry{stamp, false, std::nullopt, {}, {}});
  return applies.back();
}

ApplyEntry* Journal::last_active() {
  for (auto it = applies.rbegin(); it != applies.rend(); ++it) {
    if (!it->rolled_back) return &*it;
  }
  return nullptr;
}

bool Journal::has_stamp(std::string_view stamp) const {
  for (const auto& existing : applies) {
    if (existing.stamp == stamp) return true;
  }
  return false;
}

core::Result<Journal> parse_journal(std::string_view text) {
  auto malformed = [](const std::string& message) {
    return core::fail(core::ErrorCode::kMalformedInput, "journal: " + message);
  };
  if (const std::string deep = io::json_nesting_error(text); !deep.empty()) return malformed(deep);
  const json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) return malformed("not JSON");
  if (!document.is_object() || !document.contains("schema") || !document["schema"].is_string() ||
      document["schema"].get<std::string>() != kJournalSchema) {
    return malformed("not a hardock journal (" + std::string(kJournalSchema) + ")");
  }
  Journal journal;
  try {
    const json& applies = array_at(document, "applies", "");
    for (size_t index = 0; index < applies.size(); ++index) {
      journal.applies.push_back(
          read_entry(applies[index], "applies[" + std::to_string(index) + "]"));
    }
  } catch (const BadField& bad) {
    const std::string field = bad.field.starts_with(".") ? bad.field.substr(1) : bad.field;
    return malformed(field + ": " + bad.message);
  }
  return journal;
}

std::string serialize_journal(const Journal& journal) {
  json applies = json::array();
  for (const auto& entry : journal.applies) {
    json containers = json::array();
    for (const auto& record : entry.containers) {
      json kept = json::array();
      for (const auto& volume : record.kept_volumes) {
        kept.push_back({{"path", volume.path}, {"volume", volume.volume}});
      }
      containers.push_back({{"name", record.name},
                            {"old_id", record.old_id},
                            {"old_name", record.old_name},
                            {"new_id", record.new_id},
                            {"was_running", record.was_running},
                            {"state", to_string(record.state)},
                            {"kept_volumes", kept},
                            {"message", record.message}});
    }
    json networks = json::array();
    for (const auto& record : entry.networks) {
      networks.push_back(
          {{"name", record.name},
           {"id", record.id},
           {"state", record.state == NetworkState::kCreated ? "created" : "removed"}});
    }
    json node = {{"stamp", entry.stamp},
                 {"rolled_back", entry.rolled_back},
                 {"containers", containers},
                 {"networks", networks}};
    if (entry.daemon) {
      node["daemon"] = {{"path", entry.daemon->path},
                        {"backup", entry.daemon->backup},
                        {"existed", entry.daemon->existed}};
    }
    applies.push_back(std::move(node));
  }
  const json document = {{"schema", kJournalSchema}, {"applies", applies}};
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace hardock::harden
