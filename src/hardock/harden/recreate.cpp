// recreate_containers: --apply for containers (apply.h has the order of steps).
#include <chrono>
#include <optional>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "hardock/harden/apply.h"
#include "hardock/harden/engine_steps.h"
#include "hardock/harden/text.h"

namespace hardock::harden {
namespace {

using core::ErrorCode;
using nlohmann::json;

// Volume names for data kept from a writable layer.
std::string kept_volume_name(const std::string& name, const std::string& stamp, size_t index) {
  return "hardock-kept-" + name + "-" + stamp + "-" + std::to_string(index);
}

bool has_mount_at(const RunSpec& spec, const std::string& target) {
  for (const auto& mount : spec.mounts) {
    if (mount.target == target) return true;
  }
  return false;
}

const json& field(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto found = object.find(key);
  return found == object.end() ? kNull : *found;
}

bool flag(const json& object, const char* key) {
  const json& value = field(object, key);
  return value.is_boolean() && value.get<bool>();
}

std::string text(const json& object, const char* key) {
  const json& value = field(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

int64_t number(const json& object, const char* key) {
  const json& value = field(object, key);
  return value.is_number_integer() ? value.get<int64_t>() : 0;
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
    auto inspect = client.get_json("/containers/" + docker::escape_segment(id) + "/json");
    if (!inspect) return core::fail(inspect.error());
    const json& state = field(*inspect, "State");
    const bool running = flag(state, "Running") && !flag(state, "Restarting");
    if (!running || number(*inspect, "RestartCount") > 0) {
      return core::fail(ErrorCode::kProtocol, "the hardened container stopped (status " +
                                                  text(state, "Status") + ", exit code " +
                                                  std::to_string(number(state, "ExitCode")) + ")");
    }
    const json& health = field(state, "Health");
    if (health.is_object()) {
      const std::string status = text(health, "Status");
      if (status == "healthy") return {};
      if (status == "unhealthy") {
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

// What undoing a failed recreate achieved: complete, or the step that failed and the state the
// containers were left in.
struct UndoResult {
  bool complete = true;
  std::string failure;  // "cannot rename X back to NAME: ..."
};

class Recreator {
 public:
  Recreator(docker::EngineClient& client, const StateDir& state, Journal& journal,
            std::string stamp, const ApplyOptions& options,
            const std::vector<NetworkRequest>& networks)
      : client_(client),
        state_(state),
        journal_(journal),
        stamp_(std::move(stamp)),
        options_(options) {
    for (const auto& network : networks) pending_networks_.emplace(network.name, network);
  }

  core::Result<RecreateOutcome> run(const RecreateRequest& request) {
    RecreateOutcome outcome;
    outcome.name = request.name;
    if (!request.data_paths.empty() && !options_.keep_changes) {
      outcome.message = "not recreated: its writable layer holds data at " +
                        join(request.data_paths, ", ") +
                        " that a new container would not have; rerun with --keep-changes to "
                        "copy it into volumes";
      return outcome;
    }
    RunSpec spec = request.hardened;
    spec.name = request.name;
    // The engine cannot label the original: the replacement names it, for the audit and for
    // whoever looks at the containers later.
    spec.labels[std::string(kReplacesLabel)] = request.container_id;
    for (const auto& attachment : spec.networks) {
      auto created = create_network_if_pending(attachment.network);
      if (!created) {
        outcome.message = "not recreated: cannot create network " + attachment.network + ": " +
                          created.error().to_string();
        return outcome;
      }
      if (*created) outcome.created_networks.push_back(attachment.network);
    }
    std::vector<KeptVolume> kept;
    if (options_.keep_changes) {
      for (size_t index = 0; index < request.data_paths.size(); ++index) {
        const std::string& path = request.data_paths[index];
        if (has_mount_at(spec, path)) {
          // The hardened spec already mounts a new volume there: the data is copied into it.
          kept.push_back({path, "the volume mounted at " + path});
          continue;
        }
        std::string volume = kept_volume_name(request.name, stamp_, index);
        auto created = client_.post_json(
            "/volumes/create",
            {{"Name", volume},
             {"Labels", {{"hardock.kept-from", request.name}, {"hardock.path", path}}}});
        if (!created) {
          outcome.message =
              "not recreated: cannot create volume " + volume + ": " + created.error().to_string();
          return outcome;
        }
        MountSpec mount;
        mount.type = "volume";
        mount.source = volume;
        mount.target = path;
        spec.mounts.push_back(std::move(mount));
        kept.push_back({path, volume});
      }
    }

    outcome.old_name = request.name + ".hardock-old." + stamp_;
    ApplyEntry& entry = journal_.entry(stamp_);
    entry.containers.push_back(ContainerRecord{request.name,
                                               request.container_id,
                                               outcome.old_name,
                                               "",
                                               request.was_running,
                                               RecordState::kStarted,
                                               {},
                                               ""});
    const size_t record_index = entry.containers.size() - 1;
    auto record = [&]() -> ContainerRecord& {
      return journal_.entry(stamp_).containers[record_index];
    };
    if (auto saved = save(); !saved) return core::fail(saved.error());

    if (auto stopped = steps::stop(client_, request.container_id, options_.stop_timeout_seconds);
        !stopped) {
      return give_up(outcome, record(), request, "cannot stop it", stopped.error());
    }
    if (auto renamed = steps::rename(client_, request.container_id, outcome.old_name); !renamed) {
      return give_up(outcome, record(), request, "cannot rename it", renamed.error());
    }
    record().state = RecordState::kRenamed;
    if (auto saved = save(); !saved) return core::fail(saved.error());

    auto created = client_.post_json(
        "/containers/create?name=" + docker::escape_segment(request.name), create_body(spec));
    if (!created) {
      return give_up(outcome, record(), request, "the engine refused the hardened configuration",
                     created.error());
    }
    outcome.new_id = text(*created, "Id");
    record().new_id = outcome.new_id;
    record().state = RecordState::kCreated;
    if (auto saved = save(); !saved) return core::fail(saved.error());

    for (size_t index = 1; index < spec.networks.size(); ++index) {
      const auto& network = spec.networks[index];
      json endpoint = json::object();
      if (!network.aliases.empty()) endpoint["Aliases"] = network.aliases;
      if (!network.ipv4_address.empty()) {
        endpoint["IPAMConfig"] = {{"IPv4Address", network.ipv4_address}};
      }
      auto connected =
          client_.post_json("/networks/" + docker::escape_segment(network.network) + "/connect",
                            {{"Container", outcome.new_id}, {"EndpointConfig", endpoint}});
      if (!connected) {
        return give_up(outcome, record(), request, "cannot connect it to " + network.network,
                       connected.error());
      }
    }
    for (const auto& [path, volume] : kept) {
      // "PATH/." asks for the directory's content, so it lands inside the volume at PATH.
      auto archive =
          client_.request("GET", "/containers/" + docker::escape_segment(request.container_id) +
                                     "/archive?path=" + docker::escape_segment(path + "/."));
      if (!archive) {
        return give_up(outcome, record(), request, "cannot read " + path, archive.error());
      }
      auto put = client_.request("PUT",
                                 "/containers/" + docker::escape_segment(outcome.new_id) +
                                     "/archive?path=" + docker::escape_segment(path),
                                 archive->body, "application/x-tar");
      if (!put) {
        return give_up(outcome, record(), request, "cannot copy " + path + " into " + volume,
                       put.error());
      }
    }
    if (request.was_running) {
      if (auto started = steps::start(client_, outcome.new_id); !started) {
        return give_up(
            outcome, record(), request,
            "the hardened container did not start" + steps::last_log_lines(client_, outcome.new_id),
            started.error());
      }
      if (auto settled = wait_until_settled(client_, outcome.new_id, options_); !settled) {
        return give_up(outcome, record(), request,
                       settled.error().message + steps::last_log_lines(client_, outcome.new_id),
                       std::nullopt);
      }
    }
    outcome.replaced = true;
    record().state = RecordState::kReplaced;
    record().kept_volumes = kept;
    if (auto saved = save(); !saved) return core::fail(saved.error());
    outcome.message = "recreated hardened; the old container is stopped as " + outcome.old_name +
                      (kept.empty() ? "" : " (writable-layer data copied into volumes)");
    return outcome;
  }

 private:
  core::Result<void> save() { return state_.save(journal_); }

  // Creates `name` when the plan wants it and this apply has not made it yet; true when created.
  // The journal records it first thing, so --rollback removes it.
  core::Result<bool> create_network_if_pending(const std::string& name) {
    auto pending = pending_networks_.find(name);
    if (pending == pending_networks_.end()) return false;
    const NetworkRequest request = pending->second;
    pending_networks_.erase(pending);
    auto exists = steps::network_exists(client_, request.name, false);
    if (!exists) return core::fail(exists.error());
    if (*exists) return false;  // someone else's: left alone, never removed by rollback
    const json body = {{"Name", request.name},         {"Driver", "bridge"},
                       {"Internal", request.internal}, {"CheckDuplicate", true},
                       {"Options", request.options},   {"Labels", request.labels}};
    auto created = client_.post_json("/networks/create", body);
    if (!created) return core::fail(created.error());
    journal_.entry(stamp_).networks.push_back(
        {request.name, text(*created, "Id"), NetworkState::kCreated});
    if (auto saved = save(); !saved) return core::fail(saved.error());
    return true;
  }

  // Puts the original back as it was, step by step, recording in `record` the state each step
  // reaches. Stops at the first step that fails and says which.
  UndoResult undo(ContainerRecord& record, const RecreateRequest& request) {
    UndoResult result;
    auto fail = [&](std::string failure) {
      result.complete = false;
      result.failure = std::move(failure);
      return result;
    };
    if (!record.new_id.empty()) {
      if (auto removed = steps::remove(client_, record.new_id, true); !removed) {
        return fail("cannot remove the hardened container " + record.new_id.substr(0, 12) + ": " +
                    removed.error().to_string());
      }
      record.new_id.clear();
      record.state = RecordState::kRenamed;
    }
    if (record.state == RecordState::kRenamed) {
      if (auto renamed = steps::rename(client_, request.container_id, request.name); !renamed) {
        return fail("cannot rename " + record.old_name + " back to " + request.name + ": " +
                    renamed.error().to_string());
      }
      record.state = RecordState::kRestoredStopped;
    }
    if (request.was_running) {
      record.state = RecordState::kRestoredStopped;
      if (auto started = steps::start(client_, request.container_id); !started) {
        return fail("renamed back but cannot start it: " + started.error().to_string());
      }
    }
    record.state = RecordState::kFailed;
    return result;
  }

  core::Result<RecreateOutcome> give_up(RecreateOutcome& outcome, ContainerRecord& record,
                                        const RecreateRequest& request, const std::string& what,
                                        const std::optional<core::Error>& error) {
    const std::string reason = what + (error ? ": " + error->to_string() : std::string());
    const UndoResult undone = undo(record, request);
    outcome.replaced = false;
    outcome.new_id = record.new_id;
    if (undone.complete) {
      outcome.message = "not recreated, the old container is back: " + reason;
    } else {
      outcome.undo_failed = true;
      outcome.message =
          "not recreated, and putting the old container back failed: " + undone.failure +
          " (journal state " + std::string(to_string(record.state)) +
          "; fix the cause, then run hardock harden --rollback). The apply failed "
          "because: " +
          reason;
    }
    record.message = outcome.message;
    if (auto saved = save(); !saved) return core::fail(saved.error());
    return outcome;
  }

  docker::EngineClient& client_;
  const StateDir& state_;
  Journal& journal_;
  std::string stamp_;
  const ApplyOptions& options_;
  std::map<std::string, NetworkRequest> pending_networks_;  // to create when first joined
};

}  // namespace

core::Result<std::vector<RecreateOutcome>> recreate_containers(
    docker::EngineClient& client, const StateDir& state, const std::string& stamp,
    const std::vector<RecreateRequest>& requests, const ApplyOptions& options,
    const std::vector<NetworkRequest>& networks) {
  auto journal = state.load();
  if (!journal) return core::fail(journal.error());
  (void)journal->entry(stamp);
  Recreator recreator(client, state, *journal, stamp, options, networks);
  std::vector<RecreateOutcome> outcomes;
  for (const auto& request : requests) {
    auto outcome = recreator.run(request);
    if (!outcome) return core::fail(outcome.error());
    outcomes.push_back(std::move(*outcome));
  }
  return outcomes;
}

}  // namespace hardock::harden
