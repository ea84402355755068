// Runtime events (authz decisions, watch alerts) into the store, off the hot path: the caller
// queues, one thread opens the store and writes. A slow or unreachable store never delays a
// decision or an alert; what could not be recorded is counted and said on stderr.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "hardock/app/record_run.h"
#include "hardock/store/store.h"

namespace hardock::app {

class EventRecorder {
 public:
  // `host` gives the host identity for events that have none (called once, on the writer
  // thread: it may ask the engine). `what` names the caller in messages ("hardock authz") and
  // `noun` what it records ("decisions", "alerts").
  EventRecorder(StoreFlags flags, std::string config_store, std::function<std::string()> host,
                std::string what, std::string noun);
  EventRecorder(const EventRecorder&) = delete;
  EventRecorder& operator=(const EventRecorder&) = delete;
  // Writes what is queued (for at most a few seconds), then stops; says how many were not
  // recorded, if any.
  ~EventRecorder();

  // Queues one event; never blocks on the store. Past the queue's bound it is dropped, counted.
  void record(store::RuntimeEvent event);

  // Waits until everything queued so far is written or dropped (tests, shutdown).
  void flush();

  [[nodiscard]] std::uint64_t recorded() const;
  [[nodiscard]] std::uint64_t dropped() const;

 private:
  void run();
  void say_failing(const core::Error& error) const;

  StoreFlags flags_;
  std::string config_store_;
  std::function<std::string()> host_of_;
  std::string what_;
  std::string noun_;
  std::string where_;  // the store's location, for messages
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable drained_;
  std::deque<store::RuntimeEvent> queue_;
  bool stopping_ = false;
  bool busy_ = false;
  std::uint64_t recorded_ = 0;
  std::uint64_t dropped_ = 0;
  std::thread thread_;
};

}  // namespace hardock::app
