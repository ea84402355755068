#include "hardock/harden/apply.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace hardock::harden {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using nlohmann::json;

constexpr std::string_view kJournalSchema = "hardock.harden-journal/1";

}  // namespace

std::string utc_stamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d%H%M%S", &tm);
  return buffer;
}

namespace {

std::string stamp_of(const ApplyOptions& options) {
  return options.stamp.empty() ? utc_stamp() : options.stamp;
}

core::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail(ErrorCode::kIo, "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes a file in the same directory then renames it over `path`: readers see the old or the
// new content, never half of it.
core::Result<void> write_atomically(const std::string& path, const std::string& text,
                                    fs::perms mode) {
  const std::string temporary = path + ".hardock-tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return core::fail(ErrorCode::kIo, "cannot write " + temporary);
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) {
      ::close(fd);
      ::unlink(temporary.c_str());
      return core::fail(ErrorCode::kIo, "cannot write " + temporary);
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  std::error_code error;
  fs::permissions(temporary, mode, error);
  if (!synced || error) {
    ::unlink(temporary.c_str());
    return core::fail(ErrorCode::kIo, "cannot write " + temporary);
  }
  fs::rename(temporary, path, error);
  if (error) {
    ::unlink(temporary.c_str());
    return core::fail(ErrorCode::kIo, "cannot replace " + path + ": " + error.message());
  }
  return {};
}

// The journal: every apply, what it changed, and how far each change got.
class Journal {
 public:
  static core::Result<Journal> open(const std::string& state_dir) {
    Journal journal;
    journal.path_ = state_dir + "/journal.json";
    std::error_code error;
    fs::create_directories(state_dir, error);
    if (error) {
      return core::fail(ErrorCode::kIo,
                        "cannot create state directory " + state_dir + ": " + error.message());
    }
    if (!fs::exists(journal.path_)) {
      journal.data_ = {{"schema", kJournalSchema}, {"applies", json::array()}};
      return journal;
    }
    auto text = read_file(journal.path_);
    if (!text) return core::fail(text.error());
    journal.data_ = json::parse(*text, nullptr, false);
    if (!journal.data_.is_object() || journal.data_.value("schema", "") != kJournalSchema ||
        !journal.data_.contains("applies") || !journal.data_["applies"].is_array()) {
      return core::fail(ErrorCode::kMalformedInput, journal.path_ + " is not a hardock journal (" +
                                                        std::string(kJournalSchema) +
                                                        "); move it away to start afresh");
    }
    return journal;
  }

  // The apply entry for `stamp`, created when absent.
  json& apply(const std::string& stamp) {
    for (auto& entry : data_["applies"]) {
      if (entry.value("stamp", "") == stamp) return entry;
    }
    data_["applies"].push_back(
        {{"stamp", stamp}, {"rolled_back", false}, {"containers", json::array()}});
    return data_["applies"].back();
  }

  // The newest apply not rolled back yet, or nullptr.
  json* last_active() {
    auto& applies = data_["applies"];
    for (auto it = applies.rbegin(); it != applies.rend(); ++it) {
      if (!it->value("rolled_back", false)) return &*it;
    }
    return nullptr;
  }

  json& applies() { return data_["applies"]; }

  core::Result<void> save() {
    return write_atomically(path_, data_.dump(2) + "\n",
                            fs::perms::owner_read | fs::perms::owner_write);
  }

 private:
  std::string path_;
  json data_;
};

std::string first_line(const core::Error& error) { return error.to_string(); }

// The engine multiplexes stdout/stderr in 8-byte framed chunks unless the container has a TTY.
std::string demultiplex(const std::string& raw) {
  std::string out;
  size_t at = 0;
  while (at + 8 <= raw.size() && (raw[at] == 0 || raw[at] == 1 || raw[at] == 2)) {
    const auto size = (static_cast<uint32_t>(static_cast<unsigned char>(raw[at + 4])) << 24) |
                      (static_cast<uint32_t>(static_cast<unsigned char>(raw[at + 5])) << 16) |
                      (static_cast<uint32_t>(static_cast<unsigned char>(raw[at + 6])) << 8) |
                      static_cast<uint32_t>(static_cast<unsigned char>(raw[at + 7]));
    out += raw.substr(at + 8, size);
    at += 8 + size;
  }
  if (at == 0) return raw;
  return out;
}

std::string last_log_lines(docker::EngineClient& client, const std::string& id) {
  auto logs = client.request("GET", "/containers/" + id + "/logs?stdout=1&stderr=1&tail=5");
  if (!logs) return {};
  std::string text = demultiplex(logs->body);
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text.empty() ? std::string() : " (last log lines: " + text + ")";
}

core::Result<json> inspect(docker::EngineClient& client, const std::string& id) {
  return client.get_json("/containers/" + id + "/json");
}

// Waits until the new container is healthy, or (without a healthcheck) still up after the grace
// period. Returns why it is not.
core::Result<void> wait_until_settled(docker::EngineClient& client, const std::string& id,
                                      const ApplyOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  const auto grace = std::chrono::seconds(options.grace_seconds);
  const auto deadline = started + std::chrono::seconds(options.health_timeout_seconds);
  while (true) {
    auto state = inspect(client, id);
    if (!state) return core::fail(state.error());
    const json& s = (*state)["State"];
    const bool running = s.value("Running", false) && !s.value("Restarting", false);
    if (!running || state->value("RestartCount", 0) > 0) {
      return core::fail(ErrorCode::kProtocol, "the hardened container stopped (status " +
                                                  s.value("Status", "?") + ", exit code " +
                                                  std::to_string(s.value("ExitCode", 0)) + ")");
    }
    const bool has_health = s.contains("Health") && s["Health"].is_object();
    if (has_health) {
      const std::string health = s["Health"].value("Status", "");
      if (health == "healthy") return {};
      if (health == "unhealthy") {
        return core::fail(ErrorCode::kProtocol, "the hardened container is unhealthy");
      }
      if (clock::now() > deadline) {
        return core::fail(ErrorCode::kTimeout, "the hardened container was not healthy within " +
                                                   std::to_string(options.health_timeout_seconds) +
                                                   " s");
      }
    } else if (clock::now() - started >= grace) {
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

core::Result<void> start(docker::EngineClient& client, const std::string& id) {
  auto started = client.request("POST", "/containers/" + id + "/start");
  if (!started) return core::fail(started.error());
  return {};
}

core::Result<void> rename(docker::EngineClient& client, const std::string& id,
                          const std::string& name) {
  auto renamed =
      client.request("POST", "/containers/" + id + "/rename?name=" + docker::escape_segment(name));
  if (!renamed) return core::fail(renamed.error());
  return {};
}

core::Result<void> remove(docker::EngineClient& client, const std::string& id) {
  // Never v=1: volumes hold the workload's data and outlive any container hardock touches.
  auto removed = client.request("DELETE", "/containers/" + id + "?force=1");
  if (!removed) return core::fail(removed.error());
  return {};
}

// Volume names for data kept from a writable layer: NAME-kept-<n>.
std::string kept_volume_name(const std::string& name, const std::string& stamp, size_t index) {
  return "hardock-kept-" + name + "-" + stamp + "-" + std::to_string(index);
}

bool has_mount_at(const RunSpec& spec, const std::string& target) {
  for (const auto& mount : spec.mounts) {
    if (mount.target == target) return true;
  }
  return false;
}

class Recreator {
 public:
  Recreator(docker::EngineClient& client, Journal& journal, json& entry,
            const ApplyOptions& options, std::string stamp,
            const std::vector<NetworkRequest>& networks)
      : client_(client),
        journal_(journal),
        entry_(entry),
        options_(options),
        stamp_(std::move(stamp)) {
    for (const auto& network : networks) pending_networks_.emplace(network.name, network);
  }

  core::Result<RecreateOutcome> run(const RecreateRequest& request) {
    RecreateOutcome outcome;
    outcome.name = request.name;
    if (!request.data_paths.empty() && !options_.keep_changes) {
      std::string paths;
      for (const auto& path : request.data_paths) paths += (paths.empty() ? "" : ", ") + path;
      outcome.message = "not recreated: its writable layer holds data at " + paths +
                        " that a new container would not have; rerun with --keep-changes to "
                        "copy it into volumes";
      return outcome;
    }
    RunSpec spec = request.hardened;
    spec.name = request.name;
    for (const auto& attachment : spec.networks) {
      auto created = create_network_if_pending(attachment.network);
      if (!created) {
        outcome.message = "not recreated: cannot create network " + attachment.network + ": " +
                          first_line(created.error());
        return outcome;
      }
      if (*created) outcome.created_networks.push_back(attachment.network);
    }
    std::vector<std::pair<std::string, std::string>> kept;  // path, volume
    if (options_.keep_changes) {
      for (size_t i = 0; i < request.data_paths.size(); ++i) {
        const std::string& path = request.data_paths[i];
        if (has_mount_at(spec, path)) {
          // The hardened spec already mounts a new volume there: the data is copied into it.
          kept.emplace_back(path, "the volume mounted at " + path);
          continue;
        }
        std::string volume = kept_volume_name(request.name, stamp_, i);
        auto created = client_.post_json(
            "/volumes/create",
            {{"Name", volume},
             {"Labels", {{"hardock.kept-from", request.name}, {"hardock.path", path}}}});
        if (!created) {
          outcome.message =
              "not recreated: cannot create volume " + volume + ": " + first_line(created.error());
          return outcome;
        }
        MountSpec mount;
        mount.type = "volume";
        mount.source = volume;
        mount.target = path;
        spec.mounts.push_back(std::move(mount));
        kept.emplace_back(path, volume);
      }
    }

    outcome.old_name = request.name + ".hardock-old." + stamp_;
    json record = {{"name", request.name},
                   {"old_id", request.container_id},
                   {"old_name", outcome.old_name},
                   {"new_id", ""},
                   {"was_running", request.was_running},
                   {"state", "started"}};
    entry_["containers"].push_back(record);
    json& journal_record = entry_["containers"].back();
    if (auto saved = journal_.save(); !saved) return core::fail(saved.error());

    auto stopped =
        client_.request("POST",
                        "/containers/" + request.container_id +
                            "/stop?t=" + std::to_string(options_.stop_timeout_seconds),
                        {}, "application/json", (options_.stop_timeout_seconds + 30) * 1000L);
    if (!stopped) return give_up(outcome, journal_record, "cannot stop it", stopped.error());
    if (auto renamed = rename(client_, request.container_id, outcome.old_name); !renamed) {
      restart_old(request);
      return give_up(outcome, journal_record, "cannot rename it", renamed.error());
    }
    journal_record["state"] = "renamed";
    if (auto saved = journal_.save(); !saved) return core::fail(saved.error());

    auto created = client_.post_json(
        "/containers/create?name=" + docker::escape_segment(request.name), create_body(spec));
    if (!created) {
      undo(request, "");
      return give_up(outcome, journal_record, "the engine refused the hardened configuration",
                     created.error());
    }
    outcome.new_id = created->value("Id", "");
    journal_record["new_id"] = outcome.new_id;
    journal_record["state"] = "created";
    if (auto saved = journal_.save(); !saved) return core::fail(saved.error());

    for (size_t i = 1; i < spec.networks.size(); ++i) {
      const auto& network = spec.networks[i];
      json endpoint = json::object();
      if (!network.aliases.empty()) endpoint["Aliases"] = network.aliases;
      if (!network.ipv4_address.empty()) {
        endpoint["IPAMConfig"] = {{"IPv4Address", network.ipv4_address}};
      }
      auto connected =
          client_.post_json("/networks/" + docker::escape_segment(network.network) + "/connect",
                            {{"Container", outcome.new_id}, {"EndpointConfig", endpoint}});
      if (!connected) {
        undo(request, outcome.new_id);
        return give_up(outcome, journal_record, "cannot connect it to " + network.network,
                       connected.error());
      }
    }
    for (const auto& [path, volume] : kept) {
      // "PATH/." asks for the directory's content, so it lands inside the volume at PATH.
      auto archive =
          client_.request("GET", "/containers/" + request.container_id +
                                     "/archive?path=" + docker::escape_segment(path + "/."));
      if (!archive) {
        undo(request, outcome.new_id);
        return give_up(outcome, journal_record, "cannot read " + path, archive.error());
      }
      auto put = client_.request(
          "PUT", "/containers/" + outcome.new_id + "/archive?path=" + docker::escape_segment(path),
          archive->body, "application/x-tar");
      if (!put) {
        undo(request, outcome.new_id);
        return give_up(outcome, journal_record, "cannot copy " + path + " into " + volume,
                       put.error());
      }
    }
    if (request.was_running) {
      if (auto started = start(client_, outcome.new_id); !started) {
        std::string logs = last_log_lines(client_, outcome.new_id);
        undo(request, outcome.new_id);
        return give_up(outcome, journal_record, "the hardened container did not start" + logs,
                       started.error());
      }
      if (auto settled = wait_until_settled(client_, outcome.new_id, options_); !settled) {
        std::string logs = last_log_lines(client_, outcome.new_id);
        undo(request, outcome.new_id);
        return give_up(outcome, journal_record, settled.error().message + logs, std::nullopt);
      }
    }
    outcome.replaced = true;
    journal_record["state"] = "replaced";
    journal_record["kept_volumes"] = json::array();
    for (const auto& [path, volume] : kept) {
      journal_record["kept_volumes"].push_back({{"path", path}, {"volume", volume}});
    }
    if (auto saved = journal_.save(); !saved) return core::fail(saved.error());
    outcome.message = "recreated hardened; the old container is stopped as " + outcome.old_name +
                      (kept.empty() ? "" : " (writable-layer data copied into volumes)");
    return outcome;
  }

 private:
  // Creates `name` when the plan wants it and this apply has not made it yet; true when created.
  // The journal records it first thing, so --rollback removes it.
  core::Result<bool> create_network_if_pending(const std::string& name) {
    auto pending = pending_networks_.find(name);
    if (pending == pending_networks_.end()) return false;
    const NetworkRequest request = pending->second;
    pending_networks_.erase(pending);
    const json body = {{"Name", request.name},         {"Driver", "bridge"},
                       {"Internal", request.internal}, {"CheckDuplicate", true},
                       {"Options", request.options},   {"Labels", request.labels}};
    auto created = client_.post_json("/networks/create", body);
    if (!created) {
      if (created.error().is_http(core::HttpStatus::kConflict)) return false;
      return core::fail(created.error());
    }
    if (!entry_.contains("networks")) entry_["networks"] = json::array();
    entry_["networks"].push_back({{"name", request.name},
                                  {"id", created->value("Id", std::string())},
                                  {"state", "created"}});
    if (auto saved = journal_.save(); !saved) return core::fail(saved.error());
    return true;
  }

  void restart_old(const RecreateRequest& request) {
    if (request.was_running) (void)start(client_, request.container_id);
  }

  // Puts the old container back as it was: new one removed, old name, old state.
  void undo(const RecreateRequest& request, const std::string& new_id) {
    if (!new_id.empty()) (void)remove(client_, new_id);
    (void)rename(client_, request.container_id, request.name);
    restart_old(request);
  }

  core::Result<RecreateOutcome> give_up(RecreateOutcome& outcome, json& record,
                                        const std::string& what,
                                        const std::optional<core::Error>& error) {
    record["state"] = "failed";
    record["new_id"] = "";
    outcome.replaced = false;
    outcome.new_id.clear();
    outcome.message = "not recreated, the old container is back: " + what +
                      (error ? ": " + first_line(*error) : std::string());
    record["message"] = outcome.message;
    if (auto saved = journal_.save(); !saved) return core::fail(saved.error());
    return outcome;
  }

  docker::EngineClient& client_;
  Journal& journal_;
  std::map<std::string, NetworkRequest> pending_networks_;  // to create when first joined
  json& entry_;
  const ApplyOptions& options_;
  std::string stamp_;
};

}  // namespace

core::Result<std::string> apply_daemon_json(const std::string& path,
                                            const std::string& expected_current,
                                            const std::string& new_text,
                                            const ApplyOptions& options) {
  const std::string stamp = stamp_of(options);
  const bool existed = fs::exists(path);
  std::string current;
  if (existed) {
    auto text = read_file(path);
    if (!text) return core::fail(text.error());
    current = std::move(*text);
  }
  if (current != expected_current) {
    return core::fail(ErrorCode::kInvalidArgument,
                      path + " changed since the plan was made; run harden again");
  }
  auto journal = Journal::open(options.state_dir);
  if (!journal) return core::fail(journal.error());
  json& entry = journal->apply(stamp);
  std::string backup;
  fs::perms mode = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                   fs::perms::others_read;
  if (existed) {
    backup = path + ".hardock-" + stamp + ".bak";
    std::error_code error;
    fs::copy_file(path, backup, fs::copy_options::overwrite_existing, error);
    if (error) {
      return core::fail(ErrorCode::kIo,
                        "cannot back up " + path + " to " + backup + ": " + error.message());
    }
    mode = fs::status(path).permissions();
  } else {
    std::error_code error;
    fs::create_directories(fs::path(path).parent_path(), error);
  }
  entry["daemon"] = {{"path", path}, {"backup", backup}, {"existed", existed}};
  if (auto saved = journal->save(); !saved) return core::fail(saved.error());
  if (auto written = write_atomically(path, new_text, mode); !written) {
    return core::fail(written.error());
  }
  return existed ? "wrote " + path + " (backup: " + backup + ")"
                 : "wrote " + path + " (there was none before)";
}

core::Result<std::vector<RecreateOutcome>> recreate_containers(
    docker::EngineClient& client, const std::vector<RecreateRequest>& requests,
    const ApplyOptions& options, const std::vector<NetworkRequest>& networks) {
  const std::string stamp = stamp_of(options);
  auto journal = Journal::open(options.state_dir);
  if (!journal) return core::fail(journal.error());
  json& entry = journal->apply(stamp);
  Recreator recreator(client, *journal, entry, options, stamp, networks);
  std::vector<RecreateOutcome> outcomes;
  for (const auto& request : requests) {
    auto outcome = recreator.run(request);
    if (!outcome) return core::fail(outcome.error());
    outcomes.push_back(std::move(*outcome));
  }
  return outcomes;
}

core::Result<RollbackOutcome> rollback(docker::EngineClient* client, const ApplyOptions& options) {
  auto journal = Journal::open(options.state_dir);
  if (!journal) return core::fail(journal.error());
  json* entry = journal->last_active();
  if (entry == nullptr) {
    return core::fail(ErrorCode::kNotFound,
                      "nothing to roll back: no apply recorded in " + options.state_dir);
  }
  RollbackOutcome outcome;
  auto& containers = (*entry)["containers"];
  for (auto it = containers.rbegin(); it != containers.rend(); ++it) {
    json& record = *it;
    const std::string state = record.value("state", "");
    const std::string name = record.value("name", "");
    if (state == "pruned") {
      outcome.failed.push_back(name + ": the original container was pruned; it cannot be restored");
      continue;
    }
    if (state != "replaced" && state != "renamed" && state != "created") continue;
    if (client == nullptr) {
      outcome.failed.push_back(name + ": no engine to restore it on");
      continue;
    }
    const std::string new_id = record.value("new_id", "");
    if (!new_id.empty()) {
      if (auto removed = remove(*client, new_id); !removed) {
        outcome.failed.push_back(
            name + ": cannot remove the hardened container: " + first_line(removed.error()));
        continue;
      }
    }
    const std::string old_id = record.value("old_id", "");
    if (auto renamed = rename(*client, old_id, name); !renamed) {
      outcome.failed.push_back(name + ": cannot rename " + record.value("old_name", "") +
                               " back: " + first_line(renamed.error()));
      continue;
    }
    if (record.value("was_running", false)) {
      if (auto started = start(*client, old_id); !started) {
        outcome.failed.push_back(
            name + ": renamed back but cannot start it: " + first_line(started.error()));
        continue;
      }
    }
    record["state"] = "rolled-back";
    outcome.restored.push_back(name + ": the original container is back" +
                               (record.value("was_running", false) ? " and running" : ""));
  }
  // The networks the apply created, now that the restored containers left them.
  if (entry->contains("networks")) {
    auto& networks = (*entry)["networks"];
    for (auto it = networks.rbegin(); it != networks.rend(); ++it) {
      json& record = *it;
      if (record.value("state", "") != "created") continue;
      const std::string name = record.value("name", "");
      if (client == nullptr) {
        outcome.failed.push_back("network " + name + ": no engine to remove it from");
        continue;
      }
      const std::string id = record.value("id", "");
      auto removed =
          client->request("DELETE", "/networks/" + docker::escape_segment(id.empty() ? name : id));
      if (!removed && !removed.error().is_http(core::HttpStatus::kNotFound)) {
        outcome.failed.push_back("network " + name +
                                 ": cannot remove it: " + first_line(removed.error()));
        continue;
      }
      record["state"] = "removed";
      outcome.restored.push_back("network " + name + ": removed (the apply had created it)");
    }
  }
  if (entry->contains("daemon")) {
    const json& daemon = (*entry)["daemon"];
    const std::string path = daemon.value("path", "");
    const std::string backup = daemon.value("backup", "");
    if (daemon.value("existed", false)) {
      auto text = read_file(backup);
      if (!text) {
        outcome.failed.push_back(path + ": cannot read the backup " + backup);
      } else if (auto written = write_atomically(path, *text, fs::status(backup).permissions());
                 !written) {
        outcome.failed.push_back(path + ": " + first_line(written.error()));
      } else {
        outcome.restored.push_back(path + ": restored from " + backup);
      }
    } else {
      std::error_code error;
      fs::remove(path, error);
      outcome.restored.push_back(path + ": removed (there was none before)");
    }
  }
  if (outcome.failed.empty()) (*entry)["rolled_back"] = true;
  if (auto saved = journal->save(); !saved) return core::fail(saved.error());
  return outcome;
}

core::Result<std::vector<std::string>> prune(docker::EngineClient& client,
                                             const ApplyOptions& options) {
  auto journal = Journal::open(options.state_dir);
  if (!journal) return core::fail(journal.error());
  std::vector<std::string> removed;
  for (auto& entry : journal->applies()) {
    if (entry.value("rolled_back", false)) continue;
    for (auto& record : entry["containers"]) {
      if (record.value("state", "") != "replaced") continue;
      const std::string old_id = record.value("old_id", "");
      auto deleted = client.request("DELETE", "/containers/" + old_id);
      if (!deleted && !deleted.error().is_http(core::HttpStatus::kNotFound)) {
        return core::fail(deleted.error().with_context("prune " + record.value("old_name", "")));
      }
      record["state"] = "pruned";
      removed.push_back(record.value("old_name", ""));
    }
  }
  if (auto saved = journal->save(); !saved) return core::fail(saved.error());
  return removed;
}

}  // namespace hardock::harden
