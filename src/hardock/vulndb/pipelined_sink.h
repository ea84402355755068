// Reading a feed and storing it, on two threads: the reader (decompression and JSON, two thirds
// of an import's time) runs on its own thread and hands records in batches through a bounded
// queue to the caller's thread, which stores them (SQLite stays on the thread that holds its
// transaction). Measured on 200,000 synthetic OSV records on two cores: see docs/benchmarks.md.
#pragma once

#include <functional>

#include "hardock/core/result.h"
#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

using FeedReader = std::function<core::Result<void>(ImportSink&)>;

// Runs `read` on a thread of its own, giving everything it reads to `target` on this thread, in
// order. The first error (of the reader or of `target`) ends both and is returned; a reader
// whose sink call fails because the store failed stops at its next record.
[[nodiscard]] core::Result<void> read_pipelined(const FeedReader& read, ImportSink& target);

}  // namespace hardock::vulndb
