// `hardock watch`: follow the engine's events and alert, as JSON lines, on each object that
// changes into something the audit's checks refuse, and on each container that drifts from the
// host's stored baseline. Alerts also go to syslog, a webhook and the store.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/event_recorder.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/run_select.h"
#include "hardock/docker/engine_client.h"
#include "hardock/drift/drift.h"
#include "hardock/io/escape.h"
#include "hardock/monitor/watch.h"
#include "hardock/monitor/watch_syslog.h"
#include "hardock/monitor/webhook.h"

namespace hardock::app {
namespace watch_command {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) { stop_requested = true; }

struct WatchFlags {
  EngineFlags engine;
  PolicyFlags policy;
  StoreFlags store;
  std::string output = "-";
  std::int64_t since = 0;
  int process_interval = 60;
  std::string webhook;
  bool syslog = false;
  std::string syslog_socket = "/dev/log";
  std::string syslog_format = "rfc3164";
  bool no_drift = false;
};

// One line on stderr, written whole (the webhook's thread says things too).
void say(std::string_view line) {
  std::cerr << ("hardock watch: " + io::one_line(io::terminal_safe(line)) + "\n") << std::flush;
}

// The engine's identity (as audit runs record it) and name; empty when it cannot be read now.
struct EngineIdentity {
  std::string id;
  std::string name;
  std::string error;
};

EngineIdentity engine_identity(const docker::Endpoint& endpoint) {
  EngineIdentity out;
  auto client = docker::EngineClient::connect(endpoint);
  if (!client) {
    out.error = client.error().message;
    return out;
  }
  auto info = client->get_json("/info");
  if (!info) {
    out.error = info.error().message;
    return out;
  }
  auto decoded = docker::decode_info(*info);
  if (!decoded) {
    out.error = decoded.error().message;
    return out;
  }
  out.id = decoded->id;
  out.name = decoded->name;
  return out;
}

// The host's baseline, decoded; null (and a line saying why drift is off) when there is none.
std::shared_ptr<const monitor::BaselineDrift> load_baseline(const WatchFlags& flags,
                                                            const std::string& config_store,
                                                            const EngineIdentity& engine) {
  if (flags.no_drift) return nullptr;
  if (engine.id.empty()) {
    say("drift is off: the engine's identity could not be read (" + engine.error + ")");
    return nullptr;
  }
  if (flags.store.no_store) {
    say("drift is off: --no-store");
    return nullptr;
  }
  auto opened = open_run_store(flags.store, config_store);
  if (!opened) {
    say("drift is off: the store could not be opened: " + opened.error().message);
    return nullptr;
  }
  store::Store& store = **opened;
  auto baseline = store.baseline(engine.id);
  if (!baseline) {
    say("drift is off: the baseline could not be read from " + store.describe() + ": " +
        baseline.error().message);
    return nullptr;
  }
  if (!*baseline) {
    say("drift is off: no baseline set for this engine (" + io::truncate(engine.id, 100) + ") in " +
        store.describe());
    return nullptr;
  }
  const std::int64_t run_id = (*baseline)->run;
  auto run = load_audit_run(store, run_id);
  if (!run) {
    say("drift is off: baseline run " + std::to_string(run_id) + ": " + run.error().message);
    return nullptr;
  }
  drift::DriftSide side;
  side.run = run_id;
  if (auto decoded = drift::decode_side_snapshot(run->snapshot, side); !decoded) {
    say("drift is off: baseline run " + std::to_string(run_id) + ": " + decoded.error().message);
    return nullptr;
  }
  auto loaded = std::make_shared<monitor::BaselineDrift>(std::move(side.engine), run_id);
  say("drift against the baseline, run " + std::to_string(run_id) + " (" +
      std::to_string(loaded->containers()) + " containers)");
  return loaded;
}

int run_watch(const WatchFlags& flags) {
  auto config = load_policy(flags.policy);
  if (!config) return print_error(config.error());
  auto endpoint = resolve_engine(flags.engine);
  if (!endpoint) return print_error(endpoint.error());
  auto syslog_format = monitor::parse_syslog_format(flags.syslog_format);
  if (!syslog_format) return print_error(syslog_format.error());
  int fd = STDOUT_FILENO;
  if (flags.output != "-") {
    fd = ::open(flags.output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      return print_error({core::ErrorCode::kIo, "cannot open " + flags.output, {}});
    }
  }
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  monitor::WatchOptions options;
  options.endpoint = *endpoint;
  options.config = *config;
  options.since = flags.since;
  options.process_interval_s = flags.process_interval;
  std::unique_ptr<monitor::WebhookSender> webhook;
  if (!flags.webhook.empty()) {
    auto made = monitor::Webhook::create(flags.webhook);
    if (!made) return print_error(made.error());
    webhook = std::make_unique<monitor::WebhookSender>(std::move(*made),
                                                       [](const std::string& line) { say(line); });
  }
  std::unique_ptr<monitor::SyslogSender> syslog;
  if (flags.syslog) {
    syslog = std::make_unique<monitor::SyslogSender>(flags.syslog_socket, *syslog_format);
  }
  const EngineIdentity engine = engine_identity(*endpoint);
  // Alerts into the store as runtime events, off the alert's path: a store that fails does not
  // stop or slow the watch (app/event_recorder.h).
  EventRecorder recorder(
      flags.store, config->store, [id = engine.id] { return id; }, "hardock watch", "alerts");
  options.baseline = load_baseline(flags, config->store, engine);
  bool syslog_failing = false;
  options.alert = [fd, hook = webhook.get(), sink = syslog.get(), &recorder,
                   &syslog_failing](const monitor::Alert& alert) {
    std::string text = alert.line;
    text += '\n';
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    if (sink != nullptr) {
      auto sent = sink->send(alert.line);
      if (!sent && !syslog_failing) say(sent.error().message + " (alerts not sent to syslog)");
      if (sent && syslog_failing) say("syslog socket " + sink->path() + " works again");
      syslog_failing = !sent;
    }
    if (hook != nullptr) hook->send(alert.line);
    store::RuntimeEvent event;
    event.at = now_rfc3339();
    event.source = "watch";
    event.kind = alert.kind;
    event.subject = alert.subject;
    event.checks = alert.checks;
    event.detail = alert.line;
    recorder.record(std::move(event));
  };
  options.note = [](std::string_view line) { say(line); };
  options.keep_going = [] { return !stop_requested.load(); };
  std::cerr << "hardock watch: following " << io::terminal_safe(endpoint->url) << "\n";
  auto watched = monitor::watch(options);
  if (!watched) return print_error(watched.error());
  say("stopped: " + std::to_string(watched->events) + " events handled, " +
      std::to_string(watched->alerts) + " alerts");
  return 0;
}

}  // namespace watch_command

void register_watch(CLI::App& app, ExitStatus& status) {
  using namespace watch_command;
  auto flags = std::make_shared<WatchFlags>();
  CLI::App* command = app.add_subcommand(
      "watch", "Follow the engine's events; alert on each change the audit's checks refuse");
  add_engine_flags(*command, flags->engine);
  add_policy_flags(*command, flags->policy);
  add_store_flags(*command, flags->store);
  command->add_option("-o,--output", flags->output, "Alerts, JSON lines (- for stdout); 0600")
      ->capture_default_str();
  command->add_option("--since", flags->since, "Start from this Unix time (default: now)");
  command
      ->add_option("--process-interval", flags->process_interval,
                   "Seconds between scans of each container's processes (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  command->add_option("--webhook", flags->webhook,
                      "Also POST each alert (JSON) to this http(s) URL");
  command->add_flag("--syslog", flags->syslog, "Also send each alert to syslog (daemon, warning)");
  command
      ->add_option("--syslog-socket", flags->syslog_socket,
                   "With --syslog: the local datagram socket to send to")
      ->capture_default_str();
  command->add_option("--syslog-format", flags->syslog_format, "With --syslog: rfc3164 or rfc5424")
      ->capture_default_str();
  command->add_flag("--no-drift", flags->no_drift,
                    "Do not compare changed containers with the host's stored baseline");
  command->callback([flags, &status] { status.code = run_watch(*flags); });
}

}  // namespace hardock::app
