// `hardock watch`: follow the engine's events and alert, as JSON lines, on each object that
// changes into something the audit's checks refuse.
#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/output.h"
#include "hardock/io/escape.h"
#include "hardock/monitor/watch.h"
#include "hardock/monitor/webhook.h"

namespace hardock::app {
namespace watch_command {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) { stop_requested = true; }

struct WatchFlags {
  EngineFlags engine;
  PolicyFlags policy;
  std::string output = "-";
  std::int64_t since = 0;
  int process_interval = 60;
  std::string webhook;
  bool syslog = false;
};

int run_watch(const WatchFlags& flags) {
  auto config = load_policy(flags.policy);
  if (!config) return print_error(config.error());
  auto endpoint = resolve_engine(flags.engine);
  if (!endpoint) return print_error(endpoint.error());
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
  std::unique_ptr<monitor::Webhook> webhook;
  if (!flags.webhook.empty()) {
    auto made = monitor::Webhook::create(flags.webhook);
    if (!made) return print_error(made.error());
    webhook = std::move(*made);
  }
  if (flags.syslog) openlog("hardock-watch", LOG_PID, LOG_DAEMON);
  const bool to_syslog = flags.syslog;
  options.alert = [fd, hook = webhook.get(), to_syslog](std::string_view line) {
    if (to_syslog) syslog(LOG_WARNING, "%.*s", static_cast<int>(line.size()), line.data());
    if (hook != nullptr) {
      if (auto sent = hook->post(line); !sent) {
        std::cerr << "hardock watch: " << io::one_line(io::terminal_safe(sent.error().message))
                  << "\n";
      }
    }
    std::string text(line);
    text += '\n';
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  };
  options.note = [](std::string_view line) { std::cerr << "hardock watch: " << line << "\n"; };
  options.keep_going = [] { return !stop_requested.load(); };
  std::cerr << "hardock watch: following " << io::terminal_safe(endpoint->url) << "\n";
  auto watched = monitor::watch(options);
  if (!watched) return print_error(watched.error());
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
  command->callback([flags, &status] { status.code = run_watch(*flags); });
}

}  // namespace hardock::app
