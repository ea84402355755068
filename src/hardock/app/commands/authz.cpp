// `hardock authz`: the Docker authorization plugin (serve), its systemd unit and daemon.json
// change (install), and whether the engine uses it (status).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>

#include <condition_variable>
#include <thread>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/event_recorder.h"
#include "hardock/app/output.h"
#include "hardock/app/waivers.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/io/file_write.h"
#include "hardock/monitor/authz.h"
#include "hardock/monitor/authz_server.h"
#include "hardock/monitor/engine_lookup.h"

namespace hardock::app {
namespace authz_command {

struct AuthzFlags {
  std::string name = "hardock";
  std::string socket;  // default /run/docker/plugins/NAME.sock
  std::string policy;
  std::string mode;  // enforce | audit: overrides the policy's
  std::string log = "-";
  int reload_waivers_s = 60;
  std::string unit_dir = "/etc/systemd/system";
  bool apply = false;
  EngineFlags engine;
  StoreFlags store;
};

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return false;
  }
  return name.front() != '.';
}

std::string socket_of(const AuthzFlags& flags) {
  return flags.socket.empty() ? "/run/docker/plugins/" + flags.name + ".sock" : flags.socket;
}

core::Result<monitor::AuthzPolicy> load(const AuthzFlags& flags) {
  monitor::AuthzPolicy policy = monitor::default_policy();
  if (!flags.policy.empty()) {
    auto text = io::read_regular_file(flags.policy, 256 * 1024);
    if (!text) return core::fail(text.error().to_error());
    auto parsed = monitor::parse_policy(*text, flags.policy);
    if (!parsed) return core::fail(parsed.error());
    policy = std::move(*parsed);
  }
  if (flags.mode == "audit") policy.enforce = false;
  if (flags.mode == "enforce") policy.enforce = true;
  return policy;
}

// Decisions go to stdout or are appended to a 0600 file, one JSON line each, whole lines only.
class DecisionLog {
 public:
  explicit DecisionLog(int fd) : fd_(fd) {}
  void write(std::string_view line) {
    std::string text(line);
    text += '\n';
    std::lock_guard lock(mutex_);
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_;
  std::mutex mutex_;
};

// The waivers decisions respect (the policy file's and the store's), read at start and again
// every minute (--reload-waivers) on their own thread, so that `hardock accept` takes effect
// without a restart and no decision waits for the store.
class WaiverSource {
 public:
  explicit WaiverSource(const AuthzFlags& flags) : flags_(flags) {
    load();
    thread_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!stop_) {
        if (wake_.wait_for(lock, std::chrono::seconds(flags_.reload_waivers_s),
                           [this] { return stop_; }))
          break;
        lock.unlock();
        load();
        lock.lock();
      }
    });
  }
  WaiverSource(const WaiverSource&) = delete;
  WaiverSource& operator=(const WaiverSource&) = delete;
  ~WaiverSource() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  std::shared_ptr<const monitor::AuthzWaivers> current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

 private:
  void load() {
    auto next = std::make_shared<monitor::AuthzWaivers>();
    auto added = add_run_waivers(flags_.policy, flags_.store, {}, next->list, next->today);
    if (!added) {
      // The policy file stopped parsing: keep the waivers read before, and say so.
      std::cerr << "hardock authz: waivers not reloaded: "
                << io::one_line(io::terminal_safe(added.error().to_string())) << "\n";
      return;
    }
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }

  const AuthzFlags& flags_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::shared_ptr<const monitor::AuthzWaivers> current_;
  std::thread thread_;
};

store::RuntimeEvent event_of(const monitor::AuthzRequest* request,
                             const monitor::AuthzDecision& decision, bool enforce,
                             std::string_view line) {
  store::RuntimeEvent event;
  event.at = now_rfc3339();
  event.source = "authz";
  // "deny" refused; "audit" would have been refused (audit mode); "allow" let through.
  event.kind = !decision.allow                             ? "deny"
               : (!enforce && !decision.denied_by.empty()) ? "audit"
                                                           : "allow";
  if (request != nullptr) {
    event.subject = request->method + " " + request->uri;
    event.user = request->user;
  } else {
    event.subject = "(unreadable request)";
  }
  for (const auto& code : decision.denied_by) {
    if (!event.checks.empty()) event.checks += ',';
    event.checks += code;
  }
  event.detail = std::string(line);
  return event;
}

int run_serve(const AuthzFlags& flags) {
  if (!valid_name(flags.name)) {
    return print_error({core::ErrorCode::kInvalidArgument,
                        "--name: use lowercase letters, digits, '-', '_' and '.'",
                        {}});
  }
  auto policy = load(flags);
  if (!policy) return print_error(policy.error());
  int fd = STDOUT_FILENO;
  if (flags.log != "-") {
    fd = ::open(flags.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      return print_error({core::ErrorCode::kIo, "cannot open the decision log " + flags.log, {}});
    }
  }
  auto log = std::make_shared<DecisionLog>(fd);
  monitor::ServeOptions options;
  options.socket_path = socket_of(flags);
  options.policy = std::move(*policy);
  if (auto endpoint = resolve_engine(flags.engine)) {
    options.engine = monitor::engine_lookup(*endpoint);
  } else {
    std::cerr << "hardock authz: no engine to read ("
              << io::one_line(io::terminal_safe(endpoint.error().message))
              << "): requests that need one (exec, network connect) are refused\n";
  }
  options.log = [log](std::string_view line) { log->write(line); };
  const WaiverSource waivers(flags);
  options.policy.waivers = [&waivers] { return waivers.current(); };
  auto engine_id = options.engine.engine_id;
  EventRecorder recorder(
      flags.store, {},
      [engine_id] {
        auto id = engine_id ? engine_id() : std::nullopt;
        return id ? *id : std::string();
      },
      "hardock authz", "decisions");
  const bool enforce = options.policy.enforce;
  options.record = [&recorder, enforce](const monitor::AuthzRequest* request,
                                        const monitor::AuthzDecision& decision,
                                        std::string_view line) {
    recorder.record(event_of(request, decision, enforce, line));
  };
  options.on_listening = [&options] {
    std::cerr << "hardock authz: listening on " << io::terminal_safe(options.socket_path) << " ("
              << (options.policy.enforce ? "enforce" : "audit") << " mode)\n";
  };
  auto served = monitor::serve(options);
  if (!served) return print_error(served.error());
  return 0;
}

// systemd's ExecStart is not shell: it expands '%' specifiers and '$' variables even in quotes.
// Paths written into the unit are kept to characters that mean nothing to it.
bool unit_safe(const std::string& path) {
  if (path.empty() || path.front() != '/') return false;
  return std::all_of(path.begin(), path.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '.' || c == '_' || c == '-' || c == '+';
  });
}

std::string unit_text(const AuthzFlags& flags, const std::string& binary) {
  // Every word passed unit_safe() or valid_name(): none needs quoting.
  std::string exec = binary + " authz serve --name " + flags.name;
  if (!flags.policy.empty()) exec += " --policy " + flags.policy;
  exec += " --log /var/log/hardock-authz.jsonl";
  return "[Unit]\n"
         "Description=hardock Docker authorization plugin (" +
         flags.name +
         ")\n"
         "Documentation=https://github.com/hardock/hardock\n"
         "Before=docker.service\n"
         "\n"
         "[Service]\n"
         "ExecStart=" +
         exec +
         "\n"
         "Restart=always\n"
         "RestartSec=1\n"
         "\n"
         "[Install]\n"
         "WantedBy=multi-user.target\n"
         "RequiredBy=docker.service\n";
}

int run_install(const AuthzFlags& flags) {
  if (!valid_name(flags.name)) {
    return print_error({core::ErrorCode::kInvalidArgument,
                        "--name: use lowercase letters, digits, '-', '_' and '.'",
                        {}});
  }
  if (!flags.policy.empty()) {
    if (auto policy = load(flags); !policy) return print_error(policy.error());
  }
  char self[4096] = {};
  const ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  const std::string binary = length > 0 ? std::string(self, static_cast<std::size_t>(length))
                                        : std::string("/usr/local/bin/hardock");
  for (const std::string& path : {binary, flags.policy}) {
    if (!path.empty() && !unit_safe(path)) {
      return print_error({core::ErrorCode::kInvalidArgument,
                          "cannot write '" + io::one_line(io::terminal_safe(path)) +
                              "' into a systemd unit: use an absolute path of letters, digits "
                              "and / . _ - +",
                          {}});
    }
  }
  const std::string unit_path = flags.unit_dir + "/hardock-authz-" + flags.name + ".service";
  const std::string unit = unit_text(flags, binary);
  if (flags.apply) {
    io::WriteOptions mode;
    mode.mode = 0644;
    mode.exact_mode = true;
    // What was there is kept beside it: hardock backs up what it changes.
    if (auto old = io::read_regular_file(unit_path, 1 << 20); old) {
      auto saved = io::write_file_atomic(unit_path + ".hardock.bak", *old, mode);
      if (!saved) return print_error(saved.error());
      std::cout << "kept the previous unit as " << io::terminal_safe(unit_path) << ".hardock.bak\n";
    }
    auto written = io::write_file_atomic(unit_path, unit, mode);
    if (!written) return print_error(written.error());
    std::cout << "wrote " << io::terminal_safe(unit_path) << "\n";
  } else {
    std::cout << "# " << io::terminal_safe(unit_path) << " (written with --apply)\n"
              << io::terminal_safe(unit) << "\n";
  }
  std::cout << "Then, yourself (hardock never restarts dockerd):\n"
            << "  systemctl daemon-reload && systemctl enable --now hardock-authz-" << flags.name
            << ".service\n"
            << "  add to /etc/docker/daemon.json: \"authorization-plugins\": [\"" << flags.name
            << "\"]\n"
            << "  systemctl restart docker\n"
            << "To take it back: remove \"" << flags.name
            << "\" from \"authorization-plugins\", restart docker, then\n"
            << "  systemctl disable --now hardock-authz-" << flags.name << ".service\n";
  return 0;
}

int run_status(const AuthzFlags& flags) {
  int code = 0;
  const std::string socket = socket_of(flags);
  if (auto answered = monitor::ping_plugin(socket, 2000); answered) {
    std::cout << "plugin " << flags.name << ": answers on " << io::terminal_safe(socket) << "\n";
  } else {
    std::cout << "plugin " << flags.name << ": "
              << io::one_line(io::terminal_safe(answered.error().message)) << "\n";
    code = 1;
  }
  auto client = connect_engine(flags.engine);
  if (!client) {
    std::cout << "engine: " << io::one_line(io::terminal_safe(client.error().message)) << "\n";
    return 1;
  }
  auto info = client->get_json("/info");
  if (!info) {
    std::cout << "engine: /info: " << io::one_line(io::terminal_safe(info.error().message)) << "\n";
    return 1;
  }
  const auto used = monitor::authorization_plugins(*info);
  const bool uses = std::find(used.begin(), used.end(), flags.name) != used.end();
  std::cout << "engine " << io::terminal_safe(client->endpoint().url) << ": "
            << (uses ? "uses" : "does not use") << " " << flags.name << "\n";
  return uses ? code : 1;
}

}  // namespace authz_command

void register_authz(CLI::App& app, ExitStatus& status) {
  using namespace authz_command;
  auto flags = std::make_shared<AuthzFlags>();
  CLI::App* command =
      app.add_subcommand("authz", "Docker authorization plugin: refuse unsafe requests");
  command->require_subcommand(1);

  CLI::App* serve = command->add_subcommand("serve", "Serve the plugin for dockerd");
  serve->add_option("--name", flags->name, "Plugin name (dockerd --authorization-plugin=NAME)")
      ->capture_default_str();
  serve->add_option("--socket", flags->socket, "Socket (default /run/docker/plugins/NAME.sock)");
  serve->add_option("--policy", flags->policy, "Policy file (.hardock.yaml, its authz: section)");
  serve->add_option("--mode", flags->mode, "enforce or audit (over the policy's)")
      ->check(CLI::IsMember({"enforce", "audit"}));
  serve->add_option("--log", flags->log, "Decision log, JSON lines (- for stdout); 0600")
      ->capture_default_str();
  serve
      ->add_option("--reload-waivers", flags->reload_waivers_s,
                   "Seconds between readings of the waivers (store and policy file)")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  add_engine_flags(*serve, flags->engine);
  add_store_flags(*serve, flags->store);
  serve->callback([flags, &status] { status.code = run_serve(*flags); });

  CLI::App* install =
      command->add_subcommand("install", "Print (or --apply: write) the systemd unit");
  install->add_option("--name", flags->name, "Plugin name")->capture_default_str();
  install->add_option("--policy", flags->policy, "Policy file the unit passes");
  install->add_option("--unit-dir", flags->unit_dir, "Where the unit goes")->capture_default_str();
  install->add_flag("--apply", flags->apply, "Write the unit file");
  install->callback([flags, &status] { status.code = run_install(*flags); });

  CLI::App* show =
      command->add_subcommand("status", "Does the engine use the plugin, does it answer");
  show->add_option("--name", flags->name, "Plugin name")->capture_default_str();
  show->add_option("--socket", flags->socket, "Socket (default /run/docker/plugins/NAME.sock)");
  add_engine_flags(*show, flags->engine);
  show->callback([flags, &status] { status.code = run_status(*flags); });
}

}  // namespace hardock::app
