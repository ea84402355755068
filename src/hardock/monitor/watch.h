// `hardock watch`: the engine's events followed as they happen. Each event that changes an
// object's security (a container created, started, updated or connected to a network, an exec
// created) re-audits that object alone with the audit's checks, so a new privileged container is
// an alert within a second, and every exec session is judged (CIS 5.23, 5.24), not only those
// still running at audit time.
//
// Never loses an event: when the stream ends (a dropped connection, an engine restart) it
// reconnects with since= the last event's time and drops what it has already handled (events
// are keyed by time, type, action and actor).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/core/finding.h"
#include "hardock/core/result.h"
#include "hardock/docker/endpoint.h"
#include "hardock/monitor/watch_drift.h"

namespace hardock::monitor {

// One engine event, as read (bounded) from /events.
struct EngineEvent {
  std::string type;          // container, image, network, volume, daemon
  std::string action;        // create, start, exec_create: sh, connect, ...
  std::string id;            // Actor.ID
  std::string name;          // Actor.Attributes.name, when given
  std::string exec_id;       // Actor.Attributes.execID (exec_create)
  std::string container_id;  // Actor.Attributes.container (network connect)
  std::int64_t time_nano = 0;
};

// Parses one line of the stream. kMalformedInput (one line) for anything else.
[[nodiscard]] core::Result<EngineEvent> parse_event(std::string_view line);

// Which events were already handled: the keys (time, type, action, actor) of those within
// kWindowNano of the newest. A busy engine publishes events slightly out of time order (measured:
// about 1 in 100 under 16 concurrent clients, bench/watch.sh), so an event older than the newest
// but inside the window is new unless its key was seen; one older than the window is dropped.
// Reconnections ask for events since resume_from(), the window's start, and the keys drop the
// repeats.
class EventDeduper {
 public:
  static constexpr std::int64_t kWindowNano = 5'000'000'000;

  // True when `event` is new (and records it); false when already seen or too old.
  bool first_time(const EngineEvent& event);
  [[nodiscard]] std::int64_t newest() const { return newest_; }
  // Where a reconnection resumes: the window's start (0 before any event).
  [[nodiscard]] std::int64_t resume_from() const {
    return newest_ > kWindowNano ? newest_ - kWindowNano : newest_;
  }
  [[nodiscard]] std::size_t remembered() const { return seen_.size(); }

 private:
  std::int64_t newest_ = 0;
  std::set<std::pair<std::int64_t, std::string>> seen_;
};

// One alert, as written and as stored (store::RuntimeEvent).
struct Alert {
  // "finding" (a check refuses a changed object), "exec" (an exec session a check refuses),
  // "process" (the process scan: a new executable, a process check), "drift" (against the
  // stored baseline).
  std::string kind;
  std::string subject;         // the object's name, else its id
  std::string checks;          // the check codes that spoke, comma-separated
  std::int64_t time_nano = 0;  // the event's time (the scan's, for the process scan)
  std::string line;            // the JSON line (no newline)
};

// What a watch saw, for its last words and the bench.
struct WatchStats {
  std::uint64_t events = 0;  // events handled (after de-duplication)
  std::uint64_t alerts = 0;
};

struct WatchOptions {
  docker::Endpoint endpoint;
  audit::AuditConfig config;
  // Each alert. Called from one thread at a time.
  std::function<void(const Alert& alert)> alert;
  // Diagnostics (reconnecting, an object that could not be read), one line each.
  std::function<void(std::string_view line)> note;
  // Asked now and then; false ends watch().
  std::function<bool()> keep_going;
  // Start from this Unix time (seconds); 0: from now.
  std::int64_t since = 0;
  // Every this many seconds (0: never), each running container's processes (/top) are read
  // and compared with those seen before: a new executable is an alert, and the process checks
  // (an sshd running) judge them.
  int process_interval_s = 60;
  int reconnect_delay_ms = 500;
  // The host's baseline: each container that changes is compared with it (alerts of kind
  // "drift"). Null: no drift.
  std::shared_ptr<const BaselineDrift> baseline;
};

// Follows the engine until keep_going() is false. Fails only when nothing can be done at all.
[[nodiscard]] core::Result<WatchStats> watch(const WatchOptions& options);

}  // namespace hardock::monitor
