#include "hardock/app/event_recorder.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

#include "hardock/io/escape.h"

namespace hardock::app {
namespace event_recorder_detail {

// Events waiting for the store: beyond this the store is far behind (or gone) and new ones are
// dropped rather than grow without bound.
constexpr std::size_t kMaxQueued = 100'000;
// A store that failed is tried again after this long; events meanwhile wait in the queue.
constexpr auto kRetryAfter = std::chrono::seconds(5);
// Events written per transaction.
constexpr std::size_t kEventsPerCommit = 1000;
// How long a first event waits for others to share its commit.
constexpr auto kGather = std::chrono::milliseconds(20);

}  // namespace event_recorder_detail

EventRecorder::EventRecorder(StoreFlags flags, std::string config_store,
                             std::function<std::string()> host, std::string what, std::string noun)
    : flags_(std::move(flags)),
      config_store_(std::move(config_store)),
      host_of_(std::move(host)),
      what_(std::move(what)),
      noun_(std::move(noun)) {
  auto location = store_location(flags_, config_store_);
  where_ = location ? io::one_line(io::terminal_safe(*location)) : std::string("(no location)");
  if (!flags_.no_store) thread_ = std::thread([this] { run(); });
}

EventRecorder::~EventRecorder() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (dropped_ > 0) {
    std::cerr << what_ << ": " << dropped_ << " " << noun_ << " not recorded in the store "
              << where_ << "\n";
  }
}

void EventRecorder::record(store::RuntimeEvent event) {
  if (flags_.no_store) return;
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= event_recorder_detail::kMaxQueued) {
      if (dropped_++ == 0) {
        std::cerr << what_ << ": the store " << where_ << " is behind; " << noun_
                  << " are being dropped (counted)\n";
      }
      return;
    }
    queue_.push_back(std::move(event));
    // The writer waits for a first event, then for a full commit's worth (or a moment).
    wake = queue_.size() == 1 || queue_.size() == event_recorder_detail::kEventsPerCommit;
  }
  if (wake) wake_.notify_one();
}

void EventRecorder::flush() {
  if (flags_.no_store) return;
  std::unique_lock lock(mutex_);
  drained_.wait_for(lock, std::chrono::seconds(30), [this] { return queue_.empty() && !busy_; });
}

std::uint64_t EventRecorder::recorded() const {
  std::lock_guard lock(mutex_);
  return recorded_;
}

std::uint64_t EventRecorder::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void EventRecorder::say_failing(const core::Error& error) const {
  std::cerr << what_ << ": " << noun_ << " not recorded in the store " << where_
            << " (will retry every 5 s): " << io::one_line(io::terminal_safe(error.to_string()))
            << "\n";
}

void EventRecorder::run() {
  using Clock = std::chrono::steady_clock;
  std::unique_ptr<store::Store> store;
  std::string host;
  bool host_known = false;
  Clock::time_point retry_at{};
  bool said_failing = false;
  const auto deadline_after_stop = std::chrono::seconds(5);
  Clock::time_point stop_deadline = Clock::time_point::max();
  while (true) {
    std::vector<store::RuntimeEvent> batch;  // one transaction's worth
    {
      std::unique_lock lock(mutex_);
      // While the store is down, events wait for the retry instead of spinning on it.
      wake_.wait_for(lock, std::chrono::milliseconds(500), [&] {
        return stopping_ || (!queue_.empty() && (store || Clock::now() >= retry_at));
      });
      if (!stopping_ && !store && Clock::now() < retry_at) continue;
      // Events come one at a time: gather what arrives in the next moments into one commit.
      if (!stopping_ && store && queue_.size() < event_recorder_detail::kEventsPerCommit) {
        wake_.wait_for(lock, event_recorder_detail::kGather, [&] {
          return stopping_ || queue_.size() >= event_recorder_detail::kEventsPerCommit;
        });
      }
      if (stopping_ && stop_deadline == Clock::time_point::max())
        stop_deadline = Clock::now() + deadline_after_stop;
      const bool store_down = !store && Clock::now() < retry_at;
      if (queue_.empty() || Clock::now() > stop_deadline || (stopping_ && store_down)) {
        if (stopping_) {
          dropped_ += queue_.size();
          queue_.clear();
          drained_.notify_all();
          return;
        }
        drained_.notify_all();
        continue;
      }
      const std::size_t count = std::min(queue_.size(), event_recorder_detail::kEventsPerCommit);
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(count)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
      busy_ = true;
    }
    if (!store && Clock::now() >= retry_at) {
      auto opened = open_run_store(flags_, config_store_);
      if (opened) {
        store = std::move(*opened);
        if (said_failing)
          std::cerr << what_ << ": the store " << where_ << " records " << noun_ << " again\n";
        said_failing = false;
      } else {
        retry_at = Clock::now() + event_recorder_detail::kRetryAfter;
        if (!said_failing) say_failing(opened.error());
        said_failing = true;
      }
    }
    if (store && !host_known) {
      host = host_of_ ? host_of_() : std::string();
      if (host.empty()) host = machine_name();
      host_known = true;
    }
    bool written = false;
    if (store) {
      for (auto& event : batch) {
        if (event.host.empty()) event.host = host;
      }
      // One transaction: a commit per decision would cost more than the decision.
      auto done = store->record_events(batch);
      if (done) {
        written = true;
      } else {
        if (!said_failing) say_failing(done.error());
        said_failing = true;
        store.reset();  // reopened after the pause: a PostgreSQL server may have restarted
        retry_at = Clock::now() + event_recorder_detail::kRetryAfter;
      }
    }
    std::lock_guard lock(mutex_);
    if (written) recorded_ += batch.size();
    // What was not written goes back in front, in order, within the bound.
    for (auto it = batch.rbegin(); !written && it != batch.rend(); ++it) {
      if (queue_.size() >= event_recorder_detail::kMaxQueued) {
        ++dropped_;
        continue;
      }
      queue_.push_front(std::move(*it));
    }
    busy_ = false;
    if (queue_.empty()) drained_.notify_all();
  }
}

}  // namespace hardock::app
