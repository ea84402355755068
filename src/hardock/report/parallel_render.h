// Items of a report formatted a chunk at a time on several threads and written in their order:
// a lint run's 137,000 findings were formatted on one core while the other idled. Each chunk's
// text is independent of the others (the caller makes it so: a JSON chunk continues the open
// array, see JsonStream::continued_in), so the bytes are the same as one thread's.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "hardock/report/writers.h"

namespace hardock::report::detail {

// Appends format(first, last, text) for consecutive ranges of [0, count) to `sink` in order,
// spilling between chunks. At most a few chunks are held at once, so memory stays bounded
// whatever `count` is. An exception thrown by `format` is rethrown here.
using ChunkFormatter = std::function<void(std::size_t first, std::size_t last, std::string& text)>;
void render_in_order(std::size_t count, const ChunkFormatter& format, Output& sink);

}  // namespace hardock::report::detail
