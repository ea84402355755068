// Times drift between two snapshot files, by phase: reading and decoding each snapshot, the
// comparison, and rendering it as JSON and as a table (bench/drift.sh; docs/benchmarks.md).
// Prints one line: "decode_ms compare_ms json_ms table_ms containers changes".
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "hardock/drift/drift.h"

namespace {

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::string read(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: drift_bench BEFORE.json AFTER.json\n");
    return 2;
  }
  hardock::drift::DriftSide before;
  hardock::drift::DriftSide after;
  const std::string before_text = read(argv[1]);
  const std::string after_text = read(argv[2]);
  auto start = std::chrono::steady_clock::now();
  if (auto decoded = hardock::drift::decode_side_snapshots(before_text, before, after_text, after);
      !decoded) {
    std::fprintf(stderr, "%s\n", decoded.error().to_string().c_str());
    return 1;
  }
  const double decode_ms = since(start);
  start = std::chrono::steady_clock::now();
  const auto report = hardock::drift::compare(before, after);
  const double compare_ms = since(start);
  start = std::chrono::steady_clock::now();
  const std::string json = hardock::drift::render_json(report);
  const double json_ms = since(start);
  start = std::chrono::steady_clock::now();
  const std::string table = hardock::drift::render_table(report);
  const double table_ms = since(start);
  std::printf("%.0f %.1f %.1f %.1f %zu %zu\n", decode_ms, compare_ms, json_ms, table_ms,
              after.engine.containers.size(), report.containers.size());
  return json.empty() || table.empty() ? 1 : 0;
}
