// Helpers for the Dockerfile parser tests: fixtures from tests/data/dockerfile and compact
// views of diagnostics.
#pragma once

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "hardock/dockerfile/dockerfile.h"

namespace hardock::dockerfile::test {

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(HARDOCK_TEST_DATA) + "/dockerfile/" + name, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// "LINE:COLUMN code" for each diagnostic, sorted by position.
inline std::vector<std::string> codes(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::string>> sorted;
  for (const auto& d : diagnostics) sorted.emplace_back(d.pos.line, d.pos.column, d.code);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  std::vector<std::string> out;
  for (const auto& [line, column, code] : sorted) {
    out.push_back(std::to_string(line) + ":" + std::to_string(column) + " " + code);
  }
  return out;
}

inline std::string pos(Position p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

}  // namespace hardock::dockerfile::test
