#include "hardock/vulndb/pipelined_sink.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>
#include <vector>

namespace hardock::vulndb {
namespace pipelined_sink_detail {

struct AdvisoryItem {
  vuln::Advisory advisory;
  std::vector<vuln::Affected> affected;
};
using Item = std::variant<AdvisoryItem, PackageVersion, SupportEntry>;
using Batch = std::vector<Item>;

// Records per batch and batches in flight: a batch of 256 OSV records is a few hundred KB, so
// the queue holds at most a few MB whatever the feed's size.
constexpr std::size_t kBatchItems = 256;
constexpr std::size_t kMaxBatches = 8;

class Queue {
 public:
  // False when the consumer has stopped (the store failed): the reader ends.
  bool push(Batch batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return batches_.size() < kMaxBatches || stopped_; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }
  // nullopt once the reader has finished and every batch was taken.
  std::optional<Batch> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !batches_.empty() || finished_; });
    if (batches_.empty()) return std::nullopt;
    Batch batch = std::move(batches_.front());
    batches_.pop_front();
    not_full_.notify_one();
    return batch;
  }
  void finish(std::optional<core::Error> error) {
    std::lock_guard lock(mutex_);
    finished_ = true;
    reader_error_ = std::move(error);
    not_empty_.notify_all();
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    not_full_.notify_all();
  }
  std::optional<core::Error> reader_error() {
    std::lock_guard lock(mutex_);
    return reader_error_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<Batch> batches_;
  bool finished_ = false;
  bool stopped_ = false;
  std::optional<core::Error> reader_error_;
};

class QueueSink final : public ImportSink {
 public:
  explicit QueueSink(Queue& queue) : queue_(queue) { batch_.reserve(kBatchItems); }
  core::Result<void> advisory(const vuln::Advisory& advisory,
                              const std::vector<vuln::Affected>& affected) override {
    return add(AdvisoryItem{advisory, affected});
  }
  core::Result<void> package_version(const PackageVersion& package) override {
    return add(package);
  }
  core::Result<void> support(const SupportEntry& entry) override { return add(entry); }
  core::Result<void> flush() {
    if (batch_.empty()) return {};
    if (!queue_.push(std::move(batch_))) {
      return core::fail(core::ErrorCode::kInternal, "import stopped: the store failed");
    }
    batch_ = Batch();
    batch_.reserve(kBatchItems);
    return {};
  }

 private:
  core::Result<void> add(Item item) {
    batch_.push_back(std::move(item));
    return batch_.size() >= kBatchItems ? flush() : core::Result<void>{};
  }
  Queue& queue_;
  Batch batch_;
};

core::Result<void> store(Item& item, ImportSink& target) {
  if (auto* advisory = std::get_if<AdvisoryItem>(&item)) {
    return target.advisory(advisory->advisory, advisory->affected);
  }
  if (auto* package = std::get_if<PackageVersion>(&item)) return target.package_version(*package);
  return target.support(std::get<SupportEntry>(item));
}

}  // namespace pipelined_sink_detail

core::Result<void> read_pipelined(const FeedReader& read, ImportSink& target) {
  using namespace pipelined_sink_detail;
  Queue queue;
  std::thread reader([&] {
    QueueSink sink(queue);
    auto result = read(sink);
    if (result) result = sink.flush();
    queue.finish(result ? std::nullopt : std::optional<core::Error>(result.error()));
  });
  std::optional<core::Error> store_error;
  while (auto batch = queue.pop()) {
    if (store_error) continue;  // drain until the reader sees the stop
    for (Item& item : *batch) {
      if (auto stored = store(item, target); !stored) {
        store_error = stored.error();
        queue.stop();
        break;
      }
    }
  }
  reader.join();
  if (store_error) return core::fail(*store_error);
  if (auto error = queue.reader_error()) return core::fail(*error);
  return {};
}

}  // namespace hardock::vulndb
