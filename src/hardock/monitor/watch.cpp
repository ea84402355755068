#include "hardock/monitor/watch.h"

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "hardock/core/fingerprint.h"
#include "hardock/docker/engine_answers.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/request_path.h"
#include "hardock/io/escape.h"
#include "hardock/io/json_guard.h"
#include "hardock/monitor/judge.h"

namespace hardock::monitor {
namespace watch_detail {

using nlohmann::json;

constexpr std::size_t kMaxEventLine = 1U << 20;
constexpr std::size_t kMaxAlerted = 200'000;
// Containers kept for judging their exec sessions.
constexpr std::size_t kMaxExecContainers = 10'000;
// Threads judging events, each with its own engine connection.
constexpr std::size_t kJudgeThreads = 4;
// Events waiting per thread; past it they are dropped, counted and said.
constexpr std::size_t kMaxQueuedEvents = 100'000;

std::string text(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t now_nano() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string dump(const json& line) {
  return line.dump(-1, ' ', false, json::error_handler_t::replace);
}

json event_json(const EngineEvent& event) {
  return {{"type", event.type},
          {"action", event.action},
          {"id", event.id},
          {"name", event.name},
          {"time_nano", event.time_nano}};
}

std::string rfc3339(std::int64_t time_nano) {
  const std::time_t seconds = static_cast<std::time_t>(time_nano / 1'000'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[32];
  std::strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return out;
}

// What was alerted, per container id, so that each finding is alerted once per container. A
// destroyed container's keys are forgotten (its id never comes back): memory follows the
// containers that exist, not every container ever seen.
class Alerted {
 public:
  // True the first time `key` is given for `container`.
  bool first(const std::string& container, std::string key) {
    if (keys_ > kMaxAlerted) {  // a bound all the same: then an alert may repeat, never be lost
      by_container_.clear();
      keys_ = 0;
    }
    if (!by_container_[container].insert(std::move(key)).second) return false;
    ++keys_;
    return true;
  }
  void forget(const std::string& container) {
    if (auto found = by_container_.find(container); found != by_container_.end()) {
      keys_ -= found->second.size();
      by_container_.erase(found);
    }
  }
  // Keeps only the containers `alive` holds.
  void keep_only(const std::set<std::string>& alive) {
    for (auto it = by_container_.begin(); it != by_container_.end();) {
      if (alive.contains(it->first)) {
        ++it;
      } else {
        keys_ -= it->second.size();
        it = by_container_.erase(it);
      }
    }
  }

 private:
  std::unordered_map<std::string, std::unordered_set<std::string>> by_container_;
  std::size_t keys_ = 0;
};

// What one engine connection does: reads objects the events name, judges them, alerts once per
// container and finding.
class Watcher {
 public:
  Watcher(const WatchOptions& options, docker::EngineClient& client, Alerted& alerted)
      : options_(options), client_(client), alerted_(alerted) {}

  void handle(const EngineEvent& event) {
    if (event.type == "container") {
      if (event.action.starts_with("exec_")) {
        if (event.action.starts_with("exec_create")) judge_exec(event);
        return;
      }
      // Any other change to the container: what is kept of it for its execs is read again.
      exec_containers_.erase(event.id);
      if (event.action == "create" || event.action == "start" || event.action == "update" ||
          event.action == "rename") {
        judge(event, event.id, container_checks(false));
      } else if (event.action == "destroy") {
        alerted_.forget(event.id);
      }
    } else if (event.type == "network" && event.action == "connect" &&
               !event.container_id.empty()) {
      judge(event, event.container_id, container_checks(false));
    } else if (event.type == "network" && event.action == "create") {
      judge_network(event);
    } else if (event.type == "network" && event.action == "destroy") {
      alerted_.forget(event.id);
    } else if (event.type == "image" && (event.action == "pull" || event.action == "import" ||
                                         event.action == "load" || event.action == "tag")) {
      judge_image(event);
    } else if (event.type == "daemon" && event.action == "reload") {
      judge_daemon(event);
    }
    // Volumes: no check reads a volume's own configuration (a container's mounts are judged
    // with the container).
  }

 private:
  std::optional<docker::Container> inspect(const std::string& id) {
    auto answer = client_.get_json("/containers/" + docker::escape_segment(id) + "/json");
    if (!answer) {
      note("container " + id + " could not be read: " + answer.error().message);
      return std::nullopt;
    }
    auto container = docker::decode_container(*answer);
    if (!container) {
      note("container " + id + " could not be decoded: " + container.error().message);
      return std::nullopt;
    }
    return std::move(*container);
  }

  // A network just made: its own checks (encryption, internal, sensitivity label, ICC).
  void judge_network(const EngineEvent& event) {
    auto answer = client_.get_json("/networks/" + docker::escape_segment(event.id));
    if (!answer) {
      note("network " + event.id + " could not be read: " + answer.error().message);
      return;
    }
    auto network = docker::decode_network(*answer);
    if (!network) {
      note("network " + event.id + " could not be decoded: " + network.error().message);
      return;
    }
    docker::EngineSnapshot snapshot;
    snapshot.networks.push_back(std::move(*network));
    judge_alone(event, std::move(snapshot), core::TargetKind::kNetwork);
  }

  // An image pulled, imported, loaded or tagged: its configuration and history, as the audit
  // judges the images containers use.
  void judge_image(const EngineEvent& event) {
    auto answer = client_.get_json("/images/" + docker::escape_segment(event.id) + "/json");
    if (!answer || !answer->is_object()) {
      note("image " + event.id + " could not be read" +
           (answer ? std::string(": not an object") : ": " + answer.error().message));
      return;
    }
    const auto id = answer->find("Id");
    if (id != answer->end() && id->is_string()) {
      // Without its history the checks that read it say they could not look.
      auto history = client_.get_json(
          "/images/" + docker::escape_segment(id->get_ref<const std::string&>()) + "/history");
      if (history) (*answer)["History"] = std::move(*history);
    }
    auto image = docker::decode_image(*answer);
    if (!image) {
      note("image " + event.id + " could not be decoded: " + image.error().message);
      return;
    }
    docker::EngineSnapshot snapshot;
    snapshot.images.push_back(std::move(*image));
    judge_alone(event, std::move(snapshot), core::TargetKind::kImage);
  }

  // The daemon's configuration reloaded (SIGHUP): its settings judged again from /info.
  void judge_daemon(const EngineEvent& event) {
    auto info = client_.get_json("/info");
    auto version = client_.get_json("/version");
    if (!info || !version) {
      note("the daemon's settings could not be read after its reload: " +
           (info ? version.error().message : info.error().message));
      return;
    }
    auto decoded_info = docker::decode_info(*info);
    auto decoded_version = docker::decode_version(*version);
    if (!decoded_info || !decoded_version) {
      note("the daemon's settings could not be decoded after its reload: " +
           (decoded_info ? decoded_version.error().message : decoded_info.error().message));
      return;
    }
    docker::EngineSnapshot snapshot;
    snapshot.info = std::move(*decoded_info);
    snapshot.version = std::move(*decoded_version);
    judge_alone(event, std::move(snapshot), core::TargetKind::kDaemon);
  }

  // One object read after its event, alone in a snapshot, judged by the audit's checks of its
  // kind and its findings reported.
  void judge_alone(const EngineEvent& event, docker::EngineSnapshot snapshot,
                   core::TargetKind kind) {
    snapshot.local = false;
    snapshot.normalize();
    report(event, judge_snapshot(snapshot, options_.config, object_checks(kind), kind), "finding");
  }

  // The container an exec runs in, kept between its exec events: its inspect lists every exec
  // session (ExecIDs), so reading it again for each one costs more with every session made.
  // Forgotten on any other event of the container; the kept set is bounded.
  std::optional<docker::Container> exec_container(const std::string& id) {
    if (auto kept = exec_containers_.find(id); kept != exec_containers_.end()) return kept->second;
    auto container = inspect(id);
    if (!container) return std::nullopt;
    container->exec_ids.clear();
    if (exec_containers_.size() >= kMaxExecContainers) exec_containers_.clear();
    exec_containers_.emplace(id, *container);
    return container;
  }

  std::vector<docker::Network> networks() {
    std::vector<docker::Network> out;
    auto list = client_.get_json("/networks");
    if (!list || !list->is_array()) {
      note("the networks could not be read: the sensitivity checks judge without them");
      return out;
    }
    for (const auto& item : *list) {
      if (auto network = docker::decode_network(item)) out.push_back(std::move(*network));
    }
    return out;
  }

  void judge(const EngineEvent& event, const std::string& id, std::vector<std::string> codes) {
    auto container = inspect(id);
    if (!container) return;
    report(event, judge_container(*container, networks(), options_.config, std::move(codes)),
           "finding");
    if (options_.baseline) compare_with_baseline(event, *container);
  }

  // Drift against the baseline: the container's image is read for its digest (the baseline
  // compares digests); when it cannot be, its id is compared and the note says so.
  void compare_with_baseline(const EngineEvent& event, const docker::Container& container) {
    std::optional<docker::Image> image;
    if (!container.image_id.empty()) {
      auto answer =
          client_.get_json("/images/" + docker::escape_segment(container.image_id) + "/json");
      if (answer) {
        if (auto decoded = docker::decode_image(*answer)) image = std::move(*decoded);
      }
      if (!image) {
        note("image " + container.image_id + " of " + container.name +
             " could not be read: drift compares its id, not its digest");
      }
    }
    auto change = options_.baseline->check(container, image ? &*image : nullptr);
    if (!change) return;
    const std::int64_t run = options_.baseline->run();
    const std::string evidence = drift_evidence(*change, run);
    const std::string code = "drift." + std::string(drift::to_string(change->change));
    const std::string key = "drift/" + container.id + "/" + evidence;
    if (!alerted_.first(container.id, key)) return;
    json fields = json::array();
    for (const auto& field : change->fields) {
      fields.push_back({{"field", field.field},
                        {"before", field.before},
                        {"after", field.after},
                        {"added", field.added},
                        {"removed", field.removed}});
    }
    const bool added = change->change == drift::ContainerChange::kAdded;
    const json line = {
        {"kind", "drift"},
        {"time", rfc3339(event.time_nano)},
        {"event", event_json(event)},
        {"code", code},
        {"severity", added ? "medium" : "high"},
        {"target", {{"kind", "container"}, {"id", container.id}, {"name", container.name}}},
        {"evidence", evidence},
        {"baseline_run", run},
        {"drift",
         {{"change", drift::to_string(change->change)},
          {"before_id", change->before_id},
          {"before_name", change->before_name},
          {"fields", std::move(fields)}}}};
    emit({"drift", container.name.empty() ? container.id : container.name, code, event.time_nano,
          dump(line)});
  }

  void emit(const Alert& alert) {
    if (options_.alert) options_.alert(alert);
  }

  void judge_exec(const EngineEvent& event) {
    if (event.exec_id.empty()) {
      note("exec event without an exec id on container " + event.id);
      return;
    }
    auto container = exec_container(event.id);
    if (!container) return;
    auto answer = client_.get_json("/exec/" + docker::escape_segment(event.exec_id) + "/json");
    if (!answer) {
      // The session ended before it could be read: "could not look" is said, not passed.
      note("exec " + event.exec_id + " on " + container->name +
           " could not be read: " + answer.error().message);
      return;
    }
    auto exec = docker::decode_exec(*answer);
    if (!exec) {
      note("exec " + event.exec_id + " could not be decoded: " + exec.error().message);
      return;
    }
    container->exec_ids = {exec->id};
    container->execs_read = true;
    container->execs = {*exec};
    report(event, judge_container(*container, {}, options_.config, {"HDK-C-017"}), "exec");
  }

  void report(const EngineEvent& event, const std::vector<core::Finding>& findings,
              const char* kind) {
    const auto prints = core::fingerprints(findings);
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const core::Finding& finding = findings[i];
      if (finding.status != core::FindingStatus::kFail) continue;
      // Once per container (by id) and finding: a create then a start alert once. An exec is
      // its own finding (its evidence names the session) and its event comes once: nothing to
      // remember (a long-lived container would keep a key for every session made in it).
      if (std::string_view(kind) != "exec") {
        const std::string key = finding.target.id + "/" + prints[i] + "/" + finding.evidence;
        if (!alerted_.first(finding.target.id, key)) continue;
      }
      const json line = {{"kind", kind},
                         {"time", rfc3339(event.time_nano)},
                         {"event", event_json(event)},
                         {"code", finding.check_code},
                         {"slug", finding.slug},
                         {"severity", core::to_string(finding.severity)},
                         {"cis", finding.cis},
                         {"cobit", finding.cobit},
                         {"target",
                          {{"kind", core::to_string(finding.target.kind)},
                           {"id", finding.target.id},
                           {"name", finding.target.name}}},
                         {"evidence", finding.evidence},
                         {"remediation", finding.remediation},
                         {"fingerprint", prints[i]}};
      const std::string& subject =
          finding.target.name.empty() ? finding.target.id : finding.target.name;
      emit({kind, subject, std::string(finding.check_code), event.time_nano, dump(line)});
    }
  }

  void note(const std::string& line) {
    if (options_.note) options_.note(io::one_line(io::terminal_safe(line)));
  }

  const WatchOptions& options_;
  docker::EngineClient& client_;
  // Kept across reconnections: what was alerted stays alerted.
  Alerted& alerted_;
  std::unordered_map<std::string, docker::Container> exec_containers_;
};

// The executable of a process's command line: its first word.
std::string executable(const std::string& command) {
  const auto space = command.find(' ');
  return command.substr(0, space);
}

// Reads each running container's processes, alerts on an executable not seen before in that
// container, and runs the process checks. The first scan of a container learns its processes.
class ProcessScan {
 public:
  explicit ProcessScan(const WatchOptions& options) : options_(options) {}

  void scan(docker::EngineClient& client) {
    auto list = client.get_json("/containers/json");
    if (!list || !list->is_array()) {
      note("process scan: the containers could not be listed");
      return;
    }
    std::set<std::string> alive;
    for (const auto& entry : *list) {
      const std::string id = text(entry, "Id");
      if (id.empty()) continue;
      alive.insert(id);
      auto inspect = client.get_json("/containers/" + docker::escape_segment(id) + "/json");
      if (!inspect) continue;  // gone since the list
      auto container = docker::decode_container(*inspect);
      if (!container) continue;
      auto top = client.get_json("/containers/" + docker::escape_segment(id) +
                                 "/top?ps_args=-eo%20uid%2Cpid%2Cargs");
      if (!top) {
        note("process scan: " + container->name + ": " + top.error().message);
        continue;
      }
      auto processes = docker::parse_top(*top);
      if (!processes) {
        note("process scan: " + container->name + ": " + processes.error().message);
        continue;
      }
      container->process_source = docker::ProcessSource::kTop;
      container->processes = std::move(*processes);
      compare(*container);
      report_checks(*container);
    }
    std::erase_if(seen_, [&](const auto& entry) { return !alive.contains(entry.first); });
    alerted_.keep_only(alive);
  }

 private:
  void compare(const docker::Container& container) {
    auto [known, first] = seen_.try_emplace(container.id);
    for (const auto& process : container.processes) {
      const std::string path = executable(process.command);
      if (path.empty() || !known->second.insert(path).second || first) continue;
      const std::int64_t now = now_nano();
      const nlohmann::json line = {
          {"kind", "process"},
          {"time", rfc3339(now)},
          {"event",
           {{"type", "process"},
            {"action", "new-executable"},
            {"id", container.id},
            {"name", container.name},
            {"time_nano", now}}},
          {"code", "process.new-executable"},
          {"severity", "medium"},
          {"target", {{"kind", "container"}, {"id", container.id}, {"name", container.name}}},
          {"evidence", "a process runs " + path + " (pid " + std::to_string(process.pid) +
                           ", user " + process.user + "), not seen in this container before"}};
      emit({"process", container.name, "process.new-executable", now, dump(line)});
    }
  }

  void report_checks(const docker::Container& container) {
    const auto findings = judge_container(container, {}, options_.config, {"HDK-C-006"});
    for (const auto& finding : findings) {
      if (finding.status != core::FindingStatus::kFail) continue;
      if (!alerted_.first(container.id, finding.evidence)) continue;
      const std::int64_t now = now_nano();
      const nlohmann::json line = {
          {"kind", "process"},
          {"time", rfc3339(now)},
          {"event",
           {{"type", "process"},
            {"action", "scan"},
            {"id", container.id},
            {"name", container.name},
            {"time_nano", now}}},
          {"code", finding.check_code},
          {"slug", finding.slug},
          {"severity", core::to_string(finding.severity)},
          {"cis", finding.cis},
          {"target", {{"kind", "container"}, {"id", container.id}, {"name", container.name}}},
          {"evidence", finding.evidence},
          {"remediation", finding.remediation},
          {"fingerprint", core::fingerprint(finding)}};
      emit({"process", container.name, std::string(finding.check_code), now, dump(line)});
    }
  }

  void emit(const Alert& alert) {
    if (options_.alert) options_.alert(alert);
  }

  void note(const std::string& line) {
    if (options_.note) options_.note(io::one_line(io::terminal_safe(line)));
  }

  const WatchOptions& options_;
  std::map<std::string, std::set<std::string>> seen_;  // container id -> executables
  Alerted alerted_;
};

std::string since_param(std::int64_t time_nano) {
  const std::int64_t seconds = time_nano / 1'000'000'000;
  const std::int64_t nanos = time_nano % 1'000'000'000;
  std::string frac = std::to_string(nanos);
  frac.insert(0, 9 - frac.size(), '0');
  return std::to_string(seconds) + "." + frac;
}

}  // namespace watch_detail

core::Result<EngineEvent> parse_event(std::string_view line) {
  using nlohmann::json;
  auto bad = [&](std::string what) {
    return core::fail(core::ErrorCode::kMalformedInput, "engine event: " + what);
  };
  if (line.size() > watch_detail::kMaxEventLine) return bad("longer than 1 MiB");
  if (auto nesting = io::json_nesting_error(line); !nesting.empty()) return bad(nesting);
  const json document = json::parse(line, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return bad("not a JSON object");
  EngineEvent event;
  event.type = watch_detail::text(document, "Type");
  event.action = watch_detail::text(document, "Action");
  const auto actor = document.find("Actor");
  if (actor != document.end() && actor->is_object()) {
    event.id = watch_detail::text(*actor, "ID");
    const auto attributes = actor->find("Attributes");
    if (attributes != actor->end() && attributes->is_object()) {
      event.name = watch_detail::text(*attributes, "name");
      event.exec_id = watch_detail::text(*attributes, "execID");
      event.container_id = watch_detail::text(*attributes, "container");
    }
  }
  const auto nano = document.find("timeNano");
  if (nano != document.end() && nano->is_number_integer()) {
    event.time_nano = nano->get<std::int64_t>();
  } else if (const auto seconds = document.find("time");
             seconds != document.end() && seconds->is_number_integer()) {
    event.time_nano = seconds->get<std::int64_t>() * 1'000'000'000;
  }
  if (event.type.empty() || event.action.empty() || event.time_nano <= 0) {
    return bad("no Type, Action or time");
  }
  return event;
}

bool EventDeduper::first_time(const EngineEvent& event) {
  if (newest_ > kWindowNano && event.time_nano < newest_ - kWindowNano) return false;
  std::string key = event.type + "\n" + event.action + "\n" + event.id + "\n" + event.exec_id;
  if (!seen_.emplace(event.time_nano, std::move(key)).second) return false;
  if (event.time_nano > newest_) {
    newest_ = event.time_nano;
    // Forget what fell out of the window.
    const std::int64_t oldest = newest_ > kWindowNano ? newest_ - kWindowNano : 0;
    seen_.erase(seen_.begin(), seen_.lower_bound({oldest, std::string()}));
  }
  return true;
}

namespace watch_detail {

// Events are judged on a few threads, each with its own engine connection, so that one slow
// read (a busy engine) does not hold up the events behind it. All events of one container go to
// the same thread, in order: what is alerted, and what is kept of a container for its execs,
// is per thread.
class Judges {
 public:
  Judges(const WatchOptions& options, std::size_t count) : options_(options) {
    for (std::size_t i = 0; i < count; ++i) lanes_.push_back(std::make_unique<Lane>());
    for (auto& lane : lanes_) lane->thread = std::thread([this, &lane = *lane] { run(lane); });
  }
  Judges(const Judges&) = delete;
  Judges& operator=(const Judges&) = delete;
  // Judges what is queued, then stops.
  ~Judges() {
    for (auto& lane : lanes_) {
      {
        std::lock_guard lock(lane->mutex);
        lane->stopping = true;
      }
      lane->wake.notify_one();
    }
    for (auto& lane : lanes_) lane->thread.join();
  }

  void add(EngineEvent event) {
    Lane& lane = *lanes_[std::hash<std::string_view>{}(lane_key(event)) % lanes_.size()];
    {
      std::lock_guard lock(lane.mutex);
      if (lane.queue.size() >= kMaxQueuedEvents) {
        if (lane.dropped++ == 0)
          note(
              "events are coming faster than they can be judged; "
              "some are not judged (counted at the end)");
        return;
      }
      lane.queue.push_back(std::move(event));
    }
    lane.wake.notify_one();
  }

  [[nodiscard]] std::uint64_t dropped() const {
    std::uint64_t total = 0;
    for (const auto& lane : lanes_) {
      std::lock_guard lock(lane->mutex);
      total += lane->dropped;
    }
    return total;
  }

 private:
  struct Lane {
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<EngineEvent> queue;
    bool stopping = false;
    std::uint64_t dropped = 0;
    Alerted alerted;  // kept across reconnections: what was alerted stays alerted
    std::thread thread;
  };

  // What is alerted is remembered per thread, by the object a finding is about: the events of
  // one object must share a thread. A network connect is about its container; every image event
  // shares one thread (a pull names a reference, a tag the image's id: the same image); the
  // daemon's too.
  static std::string_view lane_key(const EngineEvent& event) {
    if (event.type == "network" && !event.container_id.empty()) return event.container_id;
    if (event.type == "image" || event.type == "daemon") return event.type;
    return event.id;
  }

  void run(Lane& lane) {
    std::optional<docker::EngineClient> client;
    std::optional<Watcher> watcher;
    while (true) {
      EngineEvent event;
      {
        std::unique_lock lock(lane.mutex);
        lane.wake.wait(lock, [&] { return lane.stopping || !lane.queue.empty(); });
        if (lane.queue.empty()) return;
        event = std::move(lane.queue.front());
        lane.queue.pop_front();
      }
      if (!client) {
        auto made = docker::EngineClient::connect(options_.endpoint);
        if (!made) {
          note("event " + event.type + " " + event.action + " of " + event.id +
               " not judged: the engine is not reachable: " + made.error().message);
          continue;
        }
        client.emplace(std::move(*made));
        watcher.emplace(options_, *client, lane.alerted);
      }
      watcher->handle(event);
    }
  }

  void note(const std::string& line) const {
    if (options_.note) options_.note(io::one_line(io::terminal_safe(line)));
  }

  const WatchOptions& options_;
  std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace watch_detail

core::Result<WatchStats> watch(const WatchOptions& given) {
  using namespace watch_detail;
  // Alerts come from the event stream and from the process scan, on two threads.
  WatchOptions options = given;
  auto alert_lock = std::make_shared<std::mutex>();
  WatchStats stats;
  options.alert = [alert_lock, alert = given.alert, &stats](const Alert& line) {
    std::lock_guard lock(*alert_lock);
    ++stats.alerts;
    if (alert) alert(line);
  };
  options.note = [alert_lock, note = given.note](std::string_view line) {
    std::lock_guard lock(*alert_lock);
    if (note) note(line);
  };
  std::mutex stop_mutex;
  std::condition_variable stop_changed;
  bool scan_done = false;
  std::thread scanner;
  if (options.process_interval_s > 0) {
    scanner = std::thread([&] {
      ProcessScan scan(options);
      std::optional<docker::EngineClient> client;
      while (true) {
        if (!client) {
          if (auto made = docker::EngineClient::connect(options.endpoint))
            client.emplace(std::move(*made));
        }
        if (client) scan.scan(*client);
        std::unique_lock lock(stop_mutex);
        if (stop_changed.wait_for(lock, std::chrono::seconds(options.process_interval_s),
                                  [&] { return scan_done; }))
          return;
        client.reset();  // a fresh connection each round: the engine may have restarted
      }
    });
  }
  struct StopScan {
    std::mutex& mutex;
    std::condition_variable& changed;
    bool& done;
    std::thread& thread;
    ~StopScan() {
      {
        std::lock_guard lock(mutex);
        done = true;
      }
      changed.notify_all();
      if (thread.joinable()) thread.join();
    }
  } stop_scan{stop_mutex, stop_changed, scan_done, scanner};
  EventDeduper seen;
  std::optional<Judges> judges;
  judges.emplace(options, kJudgeThreads);
  std::int64_t since_nano = options.since > 0 ? options.since * 1'000'000'000 : 0;
  if (since_nano == 0) {
    since_nano = now_nano();
  }
  auto keep_going = [&] { return !options.keep_going || options.keep_going(); };
  auto note = [&](const std::string& line) {
    if (options.note) options.note(io::one_line(io::terminal_safe(line)));
  };
  bool connected_before = false;
  while (keep_going()) {
    auto client = docker::EngineClient::connect(options.endpoint);
    if (!client) {
      note("engine not reachable, retrying: " + client.error().message);
      std::this_thread::sleep_for(std::chrono::milliseconds(options.reconnect_delay_ms));
      continue;
    }
    if (connected_before) note("reconnected; events since " + since_param(since_nano));
    connected_before = true;
    std::string buffer;
    // Events from the deduper's window on (or the start); it drops the repeats.
    const std::int64_t from = seen.newest() > 0 ? seen.resume_from() : since_nano;
    auto streamed = client->stream(
        "/events?since=" + since_param(from),
        [&](std::string_view chunk) {
          buffer.append(chunk);
          std::size_t start = 0;
          for (auto end = buffer.find('\n'); end != std::string::npos;
               end = buffer.find('\n', start)) {
            const std::string_view line(buffer.data() + start, end - start);
            start = end + 1;
            if (line.empty()) continue;
            auto event = parse_event(line);
            if (!event) {
              note(event.error().message);
              continue;
            }
            if (seen.first_time(*event)) {
              ++stats.events;
              judges->add(std::move(*event));
            }
          }
          buffer.erase(0, start);
          if (buffer.size() > kMaxEventLine) {
            note("engine event longer than 1 MiB dropped");
            buffer.clear();
          }
          return keep_going();
        },
        keep_going);
    if (!keep_going()) break;
    note(streamed ? std::string("the event stream ended; reconnecting")
                  : "the event stream failed (" + streamed.error().message + "); reconnecting");
    std::this_thread::sleep_for(std::chrono::milliseconds(options.reconnect_delay_ms));
  }
  // What is queued is judged before watch returns.
  const std::uint64_t dropped = judges->dropped();
  judges.reset();
  if (dropped > 0) note(std::to_string(dropped) + " events were not judged (the queue was full)");
  WatchStats last;
  {
    std::lock_guard lock(*alert_lock);  // the scan may still be alerting
    last = stats;
  }
  last.events -= dropped;  // counted as they came; those dropped were not handled
  return last;
}

}  // namespace hardock::monitor
