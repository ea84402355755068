// render_in_order formats chunks on several threads and writes them in order: the bytes must be
// those of one thread, whatever the count, and a formatter's exception must reach the caller.
#include "hardock/report/parallel_render.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace hardock::report::detail {
namespace {

std::string expected_text(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += std::to_string(i) + '\n';
  return text;
}

TEST(RenderInOrder, ChunksAreWrittenInOrderWhateverTheCount) {
  for (std::size_t count : {0U, 1U, 255U, 256U, 257U, 20000U}) {
    Output sink;
    std::vector<std::string> drained;
    const ReportDrain drain = [&](std::string_view chunk) { drained.emplace_back(chunk); };
    sink.drain = &drain;
    render_in_order(
        count,
        [](std::size_t first, std::size_t last, std::string& text) {
          for (std::size_t i = first; i < last; ++i) text += std::to_string(i) + '\n';
        },
        sink);
    sink.flush();
    std::string whole;
    for (const auto& chunk : drained) whole += chunk;
    EXPECT_EQ(whole, expected_text(count)) << count << " items";
  }
}

TEST(RenderInOrder, WithoutADrainTheTextIsKeptWhole) {
  Output sink;
  render_in_order(
      5000,
      [](std::size_t first, std::size_t last, std::string& text) {
        for (std::size_t i = first; i < last; ++i) text += std::to_string(i) + '\n';
      },
      sink);
  EXPECT_EQ(sink.text, expected_text(5000));
}

TEST(RenderInOrder, AFormattersExceptionReachesTheCaller) {
  Output sink;
  EXPECT_THROW(render_in_order(
                   50000,
                   [](std::size_t first, std::size_t, std::string&) {
                     if (first >= 10 * 256) throw std::runtime_error("chunk failed");
                   },
                   sink),
               std::runtime_error);
}

TEST(RenderInOrder, ADrainsExceptionStopsTheWorkersAndReachesTheCaller) {
  Output sink;
  const ReportDrain drain = [](std::string_view) { throw std::runtime_error("write failed"); };
  sink.drain = &drain;
  EXPECT_THROW(render_in_order(
                   200000,
                   [](std::size_t first, std::size_t last, std::string& text) {
                     text.append((last - first) * 1024, 'x');  // a chunk fills the 1 MiB spill
                   },
                   sink),
               std::runtime_error);
}

}  // namespace
}  // namespace hardock::report::detail
