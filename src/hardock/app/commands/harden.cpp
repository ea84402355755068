// `hardock harden`: write a hardening plan for an engine (or a saved snapshot) and, only with
// --apply, carry out its daemon.json and the containers named with --containers; --rollback and
// --prune undo or finish an earlier apply.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/output.h"
#include "hardock/audit/config.h"
#include "hardock/harden/apply.h"
#include "hardock/harden/plan.h"

namespace hardock::app {
namespace {

namespace fs = std::filesystem;

struct HardenFlags {
  EngineFlags engine;
  HostFlags host;
  std::string from;
  PolicyFlags policy;
  std::string level = "baseline";
  std::string output = "hardening";
  bool apply = false;
  std::vector<std::string> containers;
  bool keep_changes = false;
  bool no_daemon = false;
  bool rollback = false;
  bool prune = false;
  bool no_observe = false;
  std::string state_dir = "/var/lib/hardock/harden";
  int grace_seconds = 5;
  int health_timeout_seconds = 60;
  int stop_timeout_seconds = 10;
};

core::Error invalid(std::string message) {
  return core::Error{core::ErrorCode::kInvalidArgument, std::move(message), {}};
}

// Where daemon.json is: --config-file, else dockerd's own --config-file, else the default, all
// under the host root.
std::string daemon_json_path(const HostFlags& flags, const host::HostSnapshot& host) {
  if (!flags.daemon_config_file.empty()) return flags.daemon_config_file;
  std::string root = flags.host_root.empty() ? "/" : flags.host_root;
  if (auto values = host.daemon.values("config-file"); !values.empty()) {
    return (fs::path(root) / fs::path(values.back()).relative_path()).string();
  }
  return (fs::path(root) / "etc/docker/daemon.json").string();
}

std::optional<std::string> read_if_present(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

harden::ApplyOptions apply_options(const HardenFlags& flags) {
  harden::ApplyOptions options;
  options.state_dir = flags.state_dir;
  options.keep_changes = flags.keep_changes;
  options.grace_seconds = flags.grace_seconds;
  options.health_timeout_seconds = flags.health_timeout_seconds;
  options.stop_timeout_seconds = flags.stop_timeout_seconds;
  return options;
}

int run_rollback_or_prune(const HardenFlags& flags) {
  auto client = connect_engine(flags.engine);
  if (flags.prune) {
    if (!client) return print_error(client.error());
    auto removed = harden::prune(*client, apply_options(flags));
    if (!removed) return print_error(removed.error());
    std::cout << "pruned " << removed->size() << " old container(s)";
    for (const auto& name : *removed) std::cout << (name == removed->front() ? ": " : ", ") << name;
    std::cout << "\n";
    return 0;
  }
  // Rollback works without an engine for daemon.json alone.
  auto outcome = harden::rollback(client ? &*client : nullptr, apply_options(flags));
  if (!outcome) return print_error(outcome.error());
  for (const auto& line : outcome->restored) std::cout << "restored " << line << "\n";
  for (const auto& line : outcome->failed) std::cerr << "hardock: rollback: " << line << "\n";
  return outcome->failed.empty() ? 0 : kErrorExit;
}

// The per-level networks the hardened specs of the recreated containers join, when missing.
std::vector<harden::NetworkRequest> planned_networks(const harden::HardeningPlan& plan,
                                                     const std::set<std::string>& wanted) {
  std::vector<harden::NetworkRequest> out;
  if (!plan.networks) return out;
  for (const auto& network : plan.networks->networks) {
    if (network.exists || wanted.count(network.name) == 0) continue;
    out.push_back({network.name, network.internal, network.options, network.labels});
  }
  return out;
}

int run_harden_command(const HardenFlags& flags) {
  if (flags.rollback && flags.prune)
    return print_error(invalid("--rollback and --prune exclude each other"));
  if ((flags.rollback || flags.prune) && flags.apply) {
    return print_error(invalid("--apply cannot be combined with --rollback or --prune"));
  }
  if (flags.rollback || flags.prune) return run_rollback_or_prune(flags);
  if (!flags.containers.empty() && !flags.apply) {
    return print_error(invalid("--containers selects what --apply recreates; add --apply"));
  }
  if (flags.apply && !flags.from.empty()) {
    return print_error(invalid("--apply needs the live engine, not a snapshot (--from)"));
  }
  auto level = harden::parse_level(flags.level);
  if (!level) return print_error(level.error());

  auto policy = load_policy(flags.policy);
  if (!policy) return print_error(policy.error());
  const audit::AuditConfig& config = *policy;

  auto collected = flags.from.empty() ? collect_sources(flags.engine, flags.host, true)
                                      : read_snapshot_file(flags.from);
  if (!collected) return print_error(collected.error());
  if (!collected->engine_present) {
    return print_error(invalid("harden needs an engine snapshot (an engine or --from)"));
  }

  std::optional<docker::EngineClient> client;
  if (flags.from.empty()) {
    auto connected = connect_engine(flags.engine);
    if (!connected) return print_error(connected.error());
    client.emplace(std::move(*connected));
  }

  std::error_code error;
  fs::create_directories(flags.output, error);
  const std::string output_dir = fs::absolute(flags.output).lexically_normal().string();

  harden::PlanRequest request;
  request.engine = &collected->snapshot;
  request.document = &collected->document;
  request.host = collected->host ? &*collected->host : nullptr;
  request.config = config;
  request.level = *level;
  request.output_dir = output_dir;
  if (client && !flags.no_observe) {
    request.observations = harden::observe_containers(*client, collected->snapshot);
  }
  if (request.host != nullptr && flags.from.empty()) {
    request.daemon_json_path = daemon_json_path(flags.host, *request.host);
    request.daemon_json_text = read_if_present(request.daemon_json_path);
  }
  auto plan = harden::make_plan(request);
  if (!plan) return print_error(plan.error());
  auto written = harden::write_plan(*plan, output_dir);
  if (!written) return print_error(written.error());

  size_t fixes = 0;
  for (const auto& container : plan->containers) fixes += container.fixes.size();
  std::cout << "hardening plan (" << harden::to_string(*level) << ") written to " << output_dir
            << ": " << plan->containers.size() << " container(s), " << fixes
            << " container finding(s) fixed by the hardened specs, daemon.json: "
            << (plan->daemon ? std::to_string(plan->daemon->changes.size()) + " change(s)"
                             : "not planned (" + plan->daemon_refusal + ")")
            << "\n";
  if (!flags.apply) {
    std::cout << "nothing was changed; review " << output_dir
              << "/README.md, then rerun with --apply [--containers NAME...]\n";
    return 0;
  }

  // Refuse before touching anything when a named container is unknown or daemon.json cannot be
  // planned safely.
  std::vector<harden::RecreateRequest> requests;
  std::set<std::string> networks_wanted;
  for (const auto& name : flags.containers) {
    const harden::ContainerPlan* entry = plan->find(name);
    if (entry == nullptr) return print_error(invalid("--containers: no container named " + name));
    const docker::Container* container =
        collected->snapshot.find_container(entry->hardened.container_id);
    harden::RecreateRequest recreate;
    recreate.container_id = entry->hardened.container_id;
    recreate.name = entry->hardened.original.name;
    recreate.was_running = container != nullptr && container->running;
    recreate.hardened = harden::spec_for_engine(*entry);
    recreate.data_paths = entry->hardened.data_paths;
    for (const auto& attachment : recreate.hardened.networks) {
      networks_wanted.insert(attachment.network);
    }
    requests.push_back(std::move(recreate));
  }
  const bool daemon_wanted = !flags.no_daemon && request.host != nullptr;
  if (daemon_wanted && !plan->daemon) {
    return print_error(invalid("refusing to apply: daemon.json cannot be hardened safely: " +
                               plan->daemon_refusal + " (fix it, or pass --no-daemon)"));
  }

  // One stamp for the whole apply: daemon.json and the containers are one journal entry, so one
  // --rollback undoes both.
  harden::ApplyOptions options = apply_options(flags);
  options.stamp = harden::utc_stamp();
  bool failed = false;
  if (daemon_wanted && plan->daemon->changed()) {
    auto done = harden::apply_daemon_json(plan->daemon->path, plan->daemon_current.value_or(""),
                                          plan->daemon->text, options);
    if (!done) return print_error(done.error());
    std::cout << *done << "; restart dockerd to use it\n";
  }
  if (requests.empty()) {
    std::cout << "no container recreated (name them with --containers)\n";
    return 0;
  }
  auto outcomes = harden::recreate_containers(*client, requests, options,
                                              planned_networks(*plan, networks_wanted));
  if (!outcomes) return print_error(outcomes.error());
  for (const auto& outcome : *outcomes) {
    for (const auto& network : outcome.created_networks) {
      std::cout << "network " << network << ": created\n";
    }
    std::cout << outcome.name << ": " << outcome.message << "\n";
    failed = failed || !outcome.replaced;
  }
  if (failed) {
    std::cerr << "hardock: error: some containers were not recreated (see above)\n";
    return kErrorExit;
  }
  std::cout << "undo with: hardock harden --rollback; remove the old containers with: hardock "
               "harden --prune\n";
  return 0;
}

}  // namespace

void register_harden(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<HardenFlags>();
  CLI::App* command = app.add_subcommand(
      "harden",
      "Write a hardening plan (daemon.json, containers, networks, Compose, seccomp, "
      "AppArmor) and, with --apply, carry it out reversibly");
  add_engine_flags(*command, flags->engine);
  add_host_flags(*command, flags->host);
  command->add_option("--from", flags->from, "Plan from a snapshot saved by `hardock collect`");
  add_policy_flags(*command, flags->policy);
  command->add_option("--level", flags->level, "baseline or strict")->capture_default_str();
  command->add_option("-o,--output", flags->output, "Plan directory")->capture_default_str();
  command->add_flag("--apply", flags->apply,
                    "Write daemon.json (backup first) and recreate the --containers");
  command->add_option("--containers", flags->containers, "Containers --apply recreates")
      ->delimiter(',');
  command->add_flag("--keep-changes", flags->keep_changes,
                    "Copy data found in a container's writable layer into new volumes");
  command->add_flag("--no-daemon", flags->no_daemon, "With --apply: leave daemon.json alone");
  command->add_flag("--rollback", flags->rollback,
                    "Restore the containers and daemon.json of the last apply");
  command->add_flag("--prune", flags->prune, "Remove the old containers kept by earlier applies");
  command->add_flag("--no-observe", flags->no_observe,
                    "Do not read usage (stats) and writable-layer changes");
  command->add_option("--state-dir", flags->state_dir, "Where the apply journal is kept")
      ->capture_default_str();
  command
      ->add_option("--grace", flags->grace_seconds,
                   "Seconds a recreated container without healthcheck must stay up")
      ->capture_default_str();
  command
      ->add_option("--health-timeout", flags->health_timeout_seconds,
                   "Seconds to wait for a recreated container to become healthy")
      ->capture_default_str();
  command
      ->add_option("--stop-timeout", flags->stop_timeout_seconds,
                   "Seconds an old container gets to stop before it is killed")
      ->capture_default_str();
  command->callback([flags, &status] { status.code = run_harden_command(*flags); });
}

}  // namespace hardock::app
