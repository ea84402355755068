// Helpers for the package analyzer tests: image trees from in-memory layers (each layer a list
// of tar items, built with tar_builder.h and walked by the real layer reader), and inventories
// as one comparable line per package.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hardock/image/analyzer.h"
#include "tar_builder.h"

namespace hardock::image::test {

// `wanted` decides which files' bytes the walk keeps (the analyzers' filter by default).
inline ImageTree layered_tree(const std::vector<std::vector<TarItem>>& layers,
                              std::function<bool(std::string_view)> wanted = any_analyzer_wants) {
  LayerOptions options;
  options.wanted = std::move(wanted);
  ImageTree tree;
  for (std::size_t index = 0; index < layers.size(); ++index) {
    const std::string tar = make_tar(layers[index]);
    MemorySource source(tar);
    auto record = read_layer(source, "layer" + std::to_string(index), options);
    EXPECT_TRUE(record.has_value()) << record.error().to_string();
    if (record) tree.add(std::move(*record));
  }
  return tree;
}

// "name|version|source name|source version|architecture|origin layer|database"
inline std::string row(const Package& package) {
  return package.name + "|" + package.version + "|" + package.source_name + "|" +
         package.source_version + "|" + package.architecture + "|" +
         std::to_string(package.origin_layer) + "|" + package.database;
}

inline std::vector<std::string> rows(const Inventory& inventory, std::string_view ecosystem) {
  std::vector<std::string> out;
  for (const auto& package : inventory.packages) {
    if (package.ecosystem == ecosystem) out.push_back(row(package));
  }
  return out;
}

// The package named `name` (a test failure and an empty package when there is none).
inline const Package& find_package(const Inventory& inventory, std::string_view name) {
  for (const auto& package : inventory.packages) {
    if (package.name == name) return package;
  }
  ADD_FAILURE() << "no package " << name;
  static const Package kNone;
  return kNone;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

}  // namespace hardock::image::test
