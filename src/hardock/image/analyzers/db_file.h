// What the package analyzers share: finding a database file in the merged tree (links followed
// inside the image, "present but unreadable" told apart from "absent"), the origin layer of each
// package from the file's per-layer history, bounded one-line error text, and the caps that keep
// a hostile database from costing unbounded memory.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hardock/image/analyzer.h"

namespace hardock::image::analyzers {

// Packages per database: real images hold a few thousand (a full Debian desktop ~3,000); a
// database claiming more is hostile or broken, and the rest is reported, not read.
inline constexpr std::size_t kMaxPackagesPerDatabase = 100'000;
// Owned file paths kept per database (all packages together): about 100 bytes each in memory,
// so at most ~50 MB; a large real image (texlive, a JDK and a desktop) owns ~200,000. Beyond it
// the later packages' file lists are left empty and the cap is reported.
inline constexpr std::size_t kMaxFilesPerDatabase = 500'000;
// Problems listed per file before the rest are counted only.
inline constexpr std::size_t kMaxProblemsListed = 5;

// A database file as the image has it.
struct DbFile {
  std::string path;  // normalised, links resolved ("usr/lib/sysimage/rpm/Packages")
  const std::string* bytes = nullptr;                        // its content in the merged tree
  int layer = 0;                                             // the layer that wrote this content
  const std::vector<ImageTree::Version>* history = nullptr;  // every kept version, base first
};

// The regular file `path` names in the tree. nullopt when nothing is there; when something is
// there but cannot be read (not a regular file, a link loop, kept without content because it is
// over the per-file cap or was not asked for), adds one line to inventory.errors and returns
// nullopt: "could not look" is never "no packages".
std::optional<DbFile> open_db_file(const ImageTree& tree, std::string_view path,
                                   Inventory& inventory);

// "<file>: <message>" on one line, both parts bounded (image-controlled text is shown, never
// trusted to be short or printable).
std::string error_line(std::string_view file, std::string_view message);
// Image-controlled text quoted inside a message: one line, at most 120 bytes.
std::string shown(std::string_view text);

// The origin layer of each current package: the first layer of the unbroken run of database
// versions, ending at the current one, that list the package at the same version. `current`
// holds (key, version) per package (key: name and architecture); `parse_versions` reads an older
// version of the file into key -> version (it may fail: then the walk stops there). Each older
// version is parsed once, newest first, and the walk ends when no package is still traced.
using VersionMap = std::unordered_map<std::string, std::string>;
std::vector<int> origin_layers(
    const DbFile& file, const std::vector<std::pair<std::string, std::string>>& current,
    const std::function<std::optional<VersionMap>(std::string_view)>& parse_versions);

// The key origin_layers() matches packages by.
std::string package_key(std::string_view name, std::string_view architecture);

// Counts problems with one file and lists the first few: "3 problems: line 7: ...; line 9: ...".
class ProblemList {
 public:
  void add(std::string text);
  [[nodiscard]] bool empty() const { return count_ == 0; }
  [[nodiscard]] std::size_t count() const { return count_; }
  // One line: "<n> <what>: first; second; ... (and <k> more)".
  [[nodiscard]] std::string summary(std::string_view what) const;

 private:
  std::vector<std::string> listed_;
  std::size_t count_ = 0;
};

// Keeps the owned-file total of one database under kMaxFilesPerDatabase.
class FileBudget {
 public:
  // Whether `count` more paths fit; false once the cap is reached (and from then on).
  bool take(std::size_t count);
  [[nodiscard]] bool exhausted() const { return exhausted_; }

 private:
  std::size_t used_ = 0;
  bool exhausted_ = false;
};

}  // namespace hardock::image::analyzers
