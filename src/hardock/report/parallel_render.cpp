#include "hardock/report/parallel_render.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace hardock::report::detail {
namespace {

// 256 findings: about 256 KB of JSON, 56 KB of GNU lines, well under the sink's 1 MiB chunk.
constexpr std::size_t kChunkItems = 256;
// Chunks formatted ahead of the one being written, per thread: enough to keep every core busy
// while the writer waits on a slow pipe, few enough to hold a few MB.
constexpr std::size_t kAheadPerThread = 2;

struct Chunk {
  std::string text;
  bool ready = false;
};

}  // namespace

void render_in_order(std::size_t count, const ChunkFormatter& format, Output& sink) {
  const std::size_t chunks = (count + kChunkItems - 1) / kChunkItems;
  const unsigned threads = static_cast<unsigned>(
      std::min<std::size_t>({std::max(1U, std::thread::hardware_concurrency()), 8, chunks}));
  if (threads <= 1) {
    for (std::size_t first = 0; first < count; first += kChunkItems) {
      format(first, std::min(count, first + kChunkItems), sink.text);
      sink.spill();
    }
    return;
  }

  const std::size_t window = kAheadPerThread * threads;
  std::vector<Chunk> slots(window);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next = 0;     // the next chunk to format
  std::size_t written = 0;  // chunks appended to the sink
  std::exception_ptr failure;

  auto work = [&] {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return next >= chunks || failure || next < written + window; });
      if (next >= chunks || failure) return;
      const std::size_t index = next++;
      lock.unlock();
      std::string text;
      std::exception_ptr error;
      try {
        const std::size_t first = index * kChunkItems;
        format(first, std::min(count, first + kChunkItems), text);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error && !failure) failure = error;
      Chunk& slot = slots[index % window];
      slot.text = std::move(text);
      slot.ready = true;
      changed.notify_all();
    }
  };

  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers.emplace_back(work);
  // The writer: the drain may throw (a write error reported as an exception); the workers are
  // stopped and joined before it goes on.
  try {
    std::unique_lock lock(mutex);
    while (written < chunks) {
      Chunk& slot = slots[written % window];
      changed.wait(lock, [&] { return slot.ready || failure; });
      if (failure) break;
      std::string text = std::move(slot.text);
      slot = Chunk{};
      lock.unlock();
      // What goes to the drain at once stays about one chunk of the sink's (1 MiB).
      if (sink.text.size() + text.size() > Output::kChunkBytes) sink.flush();
      sink.text += text;
      sink.spill();
      lock.lock();
      ++written;
      changed.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
    changed.notify_all();
  }
  for (auto& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace hardock::report::detail
