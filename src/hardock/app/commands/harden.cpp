// `hardock harden`: the flags, wired to the harden library (harden/run.h), which makes and
// writes the plan and, only with --apply, carries it out; --rollback and --prune undo or finish
// an earlier apply.
#include <iostream>
#include <memory>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/harden/journal.h"
#include "hardock/harden/run.h"
#include "hardock/io/bounded_read.h"

namespace hardock::app {
namespace {

struct HardenFlags {
  EngineFlags engine;
  HostFlags host;
  std::string from;
  PolicyFlags policy;
  harden::HardenRequest request;
  bool rollback = false;
  bool prune = false;
  bool no_observe = false;
  StoreFlags store;
};

core::Error invalid(std::string message) {
  return core::Error{core::ErrorCode::kInvalidArgument, std::move(message), {}};
}

int exit_code(const core::Result<bool>& complete) {
  if (!complete) return print_error(complete.error());
  return *complete ? 0 : kErrorExit;
}

int run_harden_command(HardenFlags& flags) {
  const harden::Console console{std::cout, std::cerr};
  if (flags.rollback && flags.prune) {
    return print_error(invalid("--rollback and --prune exclude each other"));
  }
  if ((flags.rollback || flags.prune) && flags.request.apply) {
    return print_error(invalid("--apply cannot be combined with --rollback or --prune"));
  }
  if (flags.rollback) {
    RunMeta meta = begin_run(store::RunKind::kRollback, flags.request.state_dir);
    HardenRun run{.rollback = true,
                  .state_dir = flags.request.state_dir,
                  .journal_before = read_journal_text(flags.request.state_dir),
                  .journal_after = {},
                  .daemon_before = {}};
    if (!flags.store.no_store) {
      // daemon.json as it is before the rollback restores it.
      auto journal = harden::parse_journal(run.journal_before);
      if (journal) {
        if (const auto* last = journal->last_active(); last != nullptr && last->daemon) {
          auto text = io::read_regular_file(last->daemon->path, std::size_t{1} << 20);
          if (text) run.daemon_before = std::move(*text);
        }
      }
    }
    // Rollback works without an engine for daemon.json alone.
    auto client = connect_engine(flags.engine);
    if (client) {
      meta.target = client->endpoint().url;
    }
    const auto done =
        harden::run_rollback(client ? &*client : nullptr, flags.request.state_dir, console);
    if (!flags.store.no_store) {
      run.journal_after = read_journal_text(flags.request.state_dir);
      if (run.journal_after != run.journal_before) {
        auto policy = load_policy(flags.policy);
        record_harden(flags.store, policy ? policy->store : std::string(), meta, run, {});
      }
    }
    return exit_code(done);
  }
  if (flags.prune) {
    auto client = connect_engine(flags.engine);
    if (!client) return print_error(client.error());
    return exit_code(harden::run_prune(*client, flags.request.state_dir, console));
  }

  RunMeta meta = begin_run(store::RunKind::kHarden);
  auto policy = load_policy(flags.policy);
  if (!policy) return print_error(policy.error());
  flags.request.config = *policy;
  flags.request.offline = !flags.from.empty();
  flags.request.observe = !flags.no_observe;
  flags.request.host_root = flags.host.host_root;
  flags.request.daemon_config_file = flags.host.daemon_config_file;
  auto session = harden::Session::begin(flags.request);
  if (!session) return print_error(session.error());

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
  const harden::Sources sources{&collected->snapshot, &collected->document,
                                collected->host ? &*collected->host : nullptr};
  const bool record = flags.request.apply && !flags.store.no_store;
  HardenRun run{.rollback = false,
                .state_dir = flags.request.state_dir,
                .journal_before = record ? read_journal_text(flags.request.state_dir) : "",
                .journal_after = {},
                .daemon_before = {}};
  const auto done = session->run(sources, client ? &*client : nullptr, console);
  if (record) {
    run.journal_after = read_journal_text(flags.request.state_dir);
    meta.target = collected->snapshot.endpoint;
    meta.host = collected->snapshot.info.id;
    meta.host_name = collected->snapshot.info.name;
    meta.policy = policy_text(*policy, {"level=" + flags.request.level});
    record_harden(flags.store, policy->store, meta, run,
                  collected->document.is_null() ? std::string() : collected->document.dump());
  }
  return exit_code(done);
}

}  // namespace

void register_harden(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<HardenFlags>();
  harden::HardenRequest& request = flags->request;
  CLI::App* command = app.add_subcommand(
      "harden",
      "Write a hardening plan (daemon.json, containers, networks, Compose, seccomp, "
      "AppArmor) and, with --apply, carry it out reversibly");
  add_engine_flags(*command, flags->engine);
  add_host_flags(*command, flags->host);
  command->add_option("--from", flags->from, "Plan from a snapshot saved by `hardock collect`");
  add_policy_flags(*command, flags->policy);
  command->add_option("--level", request.level, "baseline or strict")->capture_default_str();
  command
      ->add_option("-o,--output", request.output_dir,
                   "Plan directory: created (0700), or empty unless --force")
      ->capture_default_str();
  command->add_flag("--force", request.force, "Write the plan into a non-empty directory");
  command->add_option("--publish-address", request.publish_address,
                      "Address the ports of containers labelled public are published on "
                      "(default: loopback, listed as an exception)");
  command->add_flag("--apply", request.apply,
                    "Write daemon.json (backup first) and recreate the --containers");
  command->add_option("--containers", request.containers, "Containers --apply recreates")
      ->delimiter(',');
  command->add_flag("--keep-changes", request.apply_options.keep_changes,
                    "Copy data found in a container's writable layer into new volumes");
  command->add_flag("--no-daemon", request.no_daemon, "With --apply: leave daemon.json alone");
  command->add_flag("--rollback", flags->rollback,
                    "Restore the containers and daemon.json of the last apply");
  command->add_flag("--prune", flags->prune, "Remove the old containers kept by earlier applies");
  command->add_flag("--no-observe", flags->no_observe,
                    "Do not read usage (stats) and writable-layer changes");
  command
      ->add_option("--state-dir", request.state_dir,
                   "Where the apply journal is kept (locked while a run uses it)")
      ->capture_default_str();
  command
      ->add_option("--grace", request.apply_options.grace_seconds,
                   "Seconds a recreated container without healthcheck must stay up")
      ->capture_default_str();
  command
      ->add_option("--health-timeout", request.apply_options.health_timeout_seconds,
                   "Seconds to wait for a recreated container to become healthy")
      ->capture_default_str();
  command
      ->add_option("--stop-timeout", request.apply_options.stop_timeout_seconds,
                   "Seconds an old container gets to stop before it is killed")
      ->capture_default_str();
  add_store_flags(*command, flags->store);
  command->callback([flags, &status] { status.code = run_harden_command(*flags); });
}

}  // namespace hardock::app
