// Analyzers: one per package database or file class, each in image/analyzers/<name>.cpp and
// listed once in analyzers/list.h. An analyzer names the files it needs (a cheap path filter,
// asked before any byte is read) and then reads them from the merged ImageTree; the layer walk
// keeps only the bytes some analyzer asked for. An analyzer's version changes whenever its
// output would, so that cached inventories (by image id) are recomputed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/image/image_tree.h"

namespace hardock::image {

struct OsInfo {
  std::string id;                // os-release ID ("debian", "alpine", "rhel", "almalinux")
  std::string id_like;           // ID_LIKE
  std::string version_id;        // "12", "3.19.1", "9.3"
  std::string version_codename;  // "bookworm"
  std::string pretty_name;
  std::string source;       // the file that told ("etc/os-release", "etc/alpine-release")
  bool distroless = false;  // no shell and no package manager, packages in dpkg status.d
};

struct Package {
  std::string ecosystem;  // "deb", "apk", "rpm"
  std::string name;
  std::string version;  // as the ecosystem writes it ("1:2.36-9+deb12u4", "3.1.4-r5", "9.3-1.el9")
  std::string source_name;
  std::string source_version;
  std::string architecture;
  std::string database;   // the file it was read from ("var/lib/dpkg/status")
  int origin_layer = -1;  // the layer whose database first lists it (ImageTree layer index)
  std::vector<std::string> files;  // files the package owns, normalised, when the database says
};

// An account of /etc/passwd (with its /etc/shadow password state) or a group of /etc/group.
struct Account {
  std::string name;
  int64_t id = -1;  // uid or gid
  int64_t group = -1;
  std::string home;
  std::string shell;
  bool empty_password = false;  // shadow (or passwd) password field empty: login without one
};

// A secret found in a file's bytes while the layers were walked (the file may be gone from the
// merged tree and still be in the layer that shipped it).
struct FileSecret {
  std::string path;
  int layer = 0;
  std::string rule;
  std::string redacted;
  bool removed_later = false;  // whited out or replaced by a later layer
};

struct Inventory {
  OsInfo os;
  std::vector<Package> packages;
  std::vector<Account> users;
  std::vector<Account> groups;
  std::vector<FileSecret> secrets;
  // What could not be read ("var/lib/rpm/Packages: unsupported database format"): never
  // silently an empty inventory.
  std::vector<std::string> errors;
};

class Analyzer {
 public:
  virtual ~Analyzer() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;  // "dpkg"
  [[nodiscard]] virtual int version() const = 0;
  // Whether the layer walk must keep this normalised path's bytes.
  [[nodiscard]] virtual bool wants(std::string_view path) const = 0;
  // Adds what it found to `inventory`; what it could not read goes to inventory.errors.
  virtual void analyze(const ImageTree& tree, Inventory& inventory) const = 0;
};

// Every analyzer, in the order they run (OS detection first).
const std::vector<const Analyzer*>& all_analyzers();
// True when some analyzer wants `path` (the walk's LayerOptions::wanted).
bool any_analyzer_wants(std::string_view path);
// Runs every analyzer over the tree.
Inventory analyze_image(const ImageTree& tree);

}  // namespace hardock::image
