#include "hardock/harden/run.h"

#include <arpa/inet.h>

#include <filesystem>
#include <set>

#include "hardock/harden/daemon_json.h"
#include "hardock/harden/plan.h"
#include "hardock/io/escape.h"
#include "hardock/io/file_write.h"

namespace hardock::harden {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

core::Error invalid(std::string message) {
  return core::Error{ErrorCode::kInvalidArgument, std::move(message), {}};
}

// One line for the terminal: names and engine messages are made safe there.
std::string shown(const std::string& text) { return io::terminal_safe(text); }

bool is_ip_address(const std::string& text) {
  unsigned char buffer[16];
  return ::inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// daemon.json as it is: nullopt when absent (a new file is planned). Read without following a
// link at its name and bounded; a link or an unreadable file makes the daemon part refused.
core::Result<std::optional<std::string>> read_daemon_json(const std::string& path) {
  const fs::path file(path);
  auto directory = io::Directory::open(file.parent_path().string());
  if (!directory) {
    if (directory.error().code == ErrorCode::kNotFound) return std::optional<std::string>();
    return core::fail(directory.error());
  }
  return directory->read_file(file.filename().string(), kMaxDaemonJsonBytes);
}

// The per-level networks the hardened specs of the recreated containers join, when missing.
std::vector<NetworkRequest> planned_networks(const HardeningPlan& plan,
                                             const std::set<std::string>& wanted) {
  std::vector<NetworkRequest> out;
  if (!plan.networks) return out;
  for (const auto& network : plan.networks->networks) {
    if (network.exists || wanted.count(network.name) == 0) continue;
    out.push_back({network.name, network.internal, network.options, network.labels});
  }
  return out;
}

const RefusedContainer* find_refused(const HardeningPlan& plan, const std::string& name) {
  for (const auto& refused : plan.refused) {
    if (refused.name == name || refused.id == name) return &refused;
  }
  return nullptr;
}

}  // namespace

std::string locate_daemon_json(const std::string& host_root, const std::string& config_file_flag,
                               const host::HostSnapshot& host) {
  if (!config_file_flag.empty()) return config_file_flag;
  const std::string root = host_root.empty() ? "/" : host_root;
  if (auto values = host.daemon.values("config-file"); !values.empty()) {
    return (fs::path(root) / fs::path(values.back()).relative_path()).string();
  }
  return (fs::path(root) / "etc/docker/daemon.json").string();
}

core::Result<Session> Session::begin(HardenRequest request) {
  if (!request.containers.empty() && !request.apply) {
    return core::fail(invalid("--containers selects what --apply recreates; add --apply"));
  }
  if (request.apply && request.offline) {
    return core::fail(invalid("--apply needs the live engine, not a snapshot (--from)"));
  }
  if (!request.publish_address.empty() && !is_ip_address(request.publish_address)) {
    return core::fail(invalid("--publish-address " + shown(request.publish_address) +
                              " is not an IPv4 or IPv6 address"));
  }
  auto level = parse_level(request.level);
  if (!level) return core::fail(level.error());
  std::optional<StateDir> state;
  if (request.apply) {
    auto locked = StateDir::open_locked(request.state_dir);
    if (!locked) return core::fail(locked.error());
    state.emplace(std::move(*locked));
  }
  auto output = io::Directory::create_fresh(request.output_dir, request.force);
  if (!output) return core::fail(output.error());
  return Session(std::move(request), *level, std::move(*output), std::move(state));
}

core::Result<bool> Session::run(const Sources& sources, docker::EngineClient* client,
                                const Console& console) {
  if (sources.engine == nullptr || sources.document == nullptr) {
    return core::fail(invalid("harden needs an engine snapshot (an engine or --from)"));
  }
  std::error_code error;
  const std::string output_dir =
      fs::absolute(request_.output_dir, error).lexically_normal().string();

  PlanRequest plan_request;
  plan_request.engine = sources.engine;
  plan_request.document = sources.document;
  plan_request.host = sources.host;
  plan_request.config = request_.config;
  plan_request.level = level_;
  plan_request.output_dir = output_dir;
  plan_request.publish_address = request_.publish_address;
  if (client != nullptr && request_.observe) {
    plan_request.observations = observe_containers(*client, *sources.engine);
  }
  std::string daemon_read_error;
  if (sources.host != nullptr && !request_.offline) {
    plan_request.daemon_json_path =
        locate_daemon_json(request_.host_root, request_.daemon_config_file, *sources.host);
    auto text = read_daemon_json(plan_request.daemon_json_path);
    if (text) {
      plan_request.daemon_json_text = *text;
    } else {
      daemon_read_error = text.error().to_string();
      plan_request.daemon_json_path.clear();
    }
  }
  auto plan = make_plan(plan_request);
  if (!plan) return core::fail(plan.error());
  if (!daemon_read_error.empty()) plan->daemon_refusal = daemon_read_error;
  auto written = write_plan(*plan, output_);
  if (!written) return core::fail(written.error());

  size_t fixes = 0;
  for (const auto& container : plan->containers) fixes += container.fixes.size();
  console.out << "hardening plan (" << to_string(level_) << ") written to " << shown(output_dir)
              << ": " << plan->containers.size() << " container(s), " << fixes
              << " container finding(s) fixed by the hardened specs, daemon.json: "
              << (plan->daemon ? std::to_string(plan->daemon->changes.size()) + " change(s)"
                               : "not planned (" + shown(plan->daemon_refusal) + ")")
              << "\n";
  for (const auto& refused : plan->refused) {
    console.err << "hardock: not planned: container " << shown(io::truncate(refused.name, 200))
                << " (" << shown(refused.id.substr(0, 12))
                << "): " << shown(io::truncate(refused.reason, 500)) << "\n";
  }
  if (!request_.apply) {
    console.out << "nothing was changed; review " << shown(output_dir)
                << "/README.md, then rerun with --apply --force [--containers NAME...] (--force: "
                   "the plan is made again into the same directory)\n";
    return true;
  }

  // Refuse before touching anything when a named container is unknown or refused, or
  // daemon.json cannot be planned safely.
  std::vector<RecreateRequest> requests;
  std::set<std::string> networks_wanted;
  for (const auto& name : request_.containers) {
    const ContainerPlan* entry = plan->find(name);
    if (entry == nullptr) {
      if (const RefusedContainer* refused = find_refused(*plan, name)) {
        return core::fail(invalid("--containers: " + shown(name) +
                                  " was not planned: " + shown(refused->reason)));
      }
      return core::fail(invalid("--containers: no container named " + shown(name)));
    }
    const docker::Container* container =
        sources.engine->find_container(entry->hardened.container_id);
    RecreateRequest recreate;
    recreate.container_id = entry->hardened.container_id;
    recreate.name = entry->hardened.original.name;
    recreate.was_running = container != nullptr && container->running;
    recreate.hardened = spec_for_engine(*entry);
    recreate.data_paths = entry->hardened.data_paths;
    for (const auto& attachment : recreate.hardened.networks) {
      networks_wanted.insert(attachment.network);
    }
    requests.push_back(std::move(recreate));
  }
  const bool daemon_wanted = !request_.no_daemon && sources.host != nullptr;
  if (daemon_wanted && !plan->daemon) {
    return core::fail(invalid("refusing to apply: daemon.json cannot be hardened safely: " +
                              shown(plan->daemon_refusal) + " (fix it, or pass --no-daemon)"));
  }
  if (!requests.empty() && client == nullptr) {
    return core::fail(invalid("--apply needs the live engine"));
  }

  // One stamp for the whole apply: daemon.json and the containers are one journal entry, so one
  // --rollback undoes both.
  auto stamp = state_->new_stamp();
  if (!stamp) return core::fail(stamp.error());
  if (daemon_wanted && plan->daemon->changed()) {
    auto done = apply_daemon_json(*state_, *stamp, plan->daemon->path,
                                  plan->daemon_current.value_or(""), plan->daemon->text);
    if (!done) return core::fail(done.error());
    console.out << shown(*done) << "; restart dockerd to use it\n";
  }
  if (requests.empty()) {
    console.out << "no container recreated (name them with --containers)\n";
    return true;
  }
  auto outcomes = recreate_containers(*client, *state_, *stamp, requests, request_.apply_options,
                                      planned_networks(*plan, networks_wanted));
  if (!outcomes) return core::fail(outcomes.error());
  bool complete = true;
  bool undo_failed = false;
  for (const auto& outcome : *outcomes) {
    for (const auto& network : outcome.created_networks) {
      console.out << "network " << shown(network) << ": created\n";
    }
    (outcome.replaced ? console.out : console.err)
        << shown(outcome.name) << ": " << shown(outcome.message) << "\n";
    complete = complete && outcome.replaced;
    undo_failed = undo_failed || outcome.undo_failed;
  }
  if (!complete) {
    console.err << "hardock: error: some containers were not recreated (see above)"
                << (undo_failed ? "; run hardock harden --rollback once the cause is fixed" : "")
                << "\n";
    return false;
  }
  console.out << "undo with: hardock harden --rollback; remove the old containers with: hardock "
                 "harden --prune\n";
  return true;
}

core::Result<bool> run_rollback(docker::EngineClient* client, const std::string& state_dir,
                                const Console& console) {
  auto state = StateDir::open_locked(state_dir);
  if (!state) return core::fail(state.error());
  auto outcome = rollback(client, *state);
  if (!outcome) return core::fail(outcome.error());
  for (const auto& line : outcome->restored) console.out << "restored " << shown(line) << "\n";
  for (const auto& line : outcome->failed) {
    console.err << "hardock: rollback: " << shown(line) << "\n";
  }
  return outcome->failed.empty();
}

core::Result<bool> run_prune(docker::EngineClient& client, const std::string& state_dir,
                             const Console& console) {
  auto state = StateDir::open_locked(state_dir);
  if (!state) return core::fail(state.error());
  auto outcome = prune(client, *state);
  if (!outcome) return core::fail(outcome.error());
  console.out << "pruned " << outcome->removed.size() << " old container(s)";
  for (size_t index = 0; index < outcome->removed.size(); ++index) {
    console.out << (index == 0 ? ": " : ", ") << shown(outcome->removed[index]);
  }
  console.out << "\n";
  for (const auto& line : outcome->failed) {
    console.err << "hardock: prune: " << shown(line) << "\n";
  }
  return outcome->failed.empty();
}

}  // namespace hardock::harden
