// apk: lib/apk/db/installed (Alpine, Wolfi, Chainguard): each package with its origin (source)
// package and the files it owns; origin layer from the database's history.
#include "hardock/image/analyzers/apk.h"

namespace hardock::image::apk {
namespace {

class InstalledParser {
 public:
  InstalledParser(std::size_t max_entries, std::size_t max_files)
      : max_entries_(max_entries), max_files_(max_files) {}

  InstalledFile parse(std::string_view text) {
    std::size_t number = 0;
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      ++number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      on_line(line, number);
    }
    finish();
    return std::move(out_);
  }

 private:
  void problem(std::size_t line, std::string text) {
    out_.problems.add("line " + std::to_string(line) + ": " + std::move(text));
  }

  void on_line(std::string_view line, std::size_t number) {
    if (line.empty()) {
      finish();
      return;
    }
    if (line.size() < 2 || line[1] != ':') {
      problem(number, "not a \"K:value\" line");
      return;
    }
    if (!open_) {
      entry_ = InstalledEntry{};
      entry_.line = number;
      directory_.clear();
      open_ = true;
    }
    const std::string_view value = line.substr(2);
    switch (line[0]) {
      case 'P':
        set(entry_.name, value, number, "P");
        break;
      case 'V':
        set(entry_.version, value, number, "V");
        break;
      case 'A':
        set(entry_.architecture, value, number, "A");
        break;
      case 'o':
        set(entry_.origin, value, number, "o");
        break;
      case 'F': {
        auto directory = normalize_image_path(value);
        if (!directory) {
          problem(number, "directory climbs above the root: " + analyzers::shown(value));
          directory_invalid_ = true;
        } else {
          directory_ = std::move(*directory);
          directory_invalid_ = false;
        }
        break;
      }
      case 'R': {
        if (directory_invalid_) break;
        auto path = normalize_image_path(
            directory_.empty() ? std::string(value) : directory_ + "/" + std::string(value));
        if (!path || path->empty() || value.find('/') != std::string_view::npos) {
          problem(number, "file name is not a plain name: " + analyzers::shown(value));
          break;
        }
        if (files_ >= max_files_) {
          out_.files_capped = true;
          break;
        }
        ++files_;
        entry_.files.push_back(std::move(*path));
        break;
      }
      default:
        break;
    }
  }

  void set(std::string& field, std::string_view value, std::size_t number, const char* key) {
    if (!field.empty()) {
      problem(number, std::string("duplicate ") + key + ": (the first is kept)");
      return;
    }
    field = value;
  }

  void finish() {
    if (!open_) return;
    open_ = false;
    directory_invalid_ = false;
    if (entry_.name.empty() || entry_.version.empty()) {
      problem(entry_.line, entry_.name.empty()
                               ? "record without P: (name)"
                               : "package " + analyzers::shown(entry_.name) + " without V:");
      files_ -= entry_.files.size();
      return;
    }
    if (out_.entries.size() >= max_entries_) {
      out_.capped = true;
      files_ -= entry_.files.size();
      return;
    }
    if (entry_.origin.empty()) entry_.origin = entry_.name;
    out_.entries.push_back(std::move(entry_));
  }

  std::size_t max_entries_;
  std::size_t max_files_;
  std::size_t files_ = 0;
  InstalledFile out_;
  InstalledEntry entry_;
  std::string directory_;
  bool directory_invalid_ = false;
  bool open_ = false;
};

}  // namespace

InstalledFile parse_installed(std::string_view text, std::size_t max_entries,
                              std::size_t max_files) {
  return InstalledParser(max_entries, max_files).parse(text);
}

}  // namespace hardock::image::apk

namespace hardock::image::analyzers {
namespace {

// apk-tools 3 moves the database under usr/ (lib/apk a link to it in merged-usr images); the
// walk keeps the file wherever it lies, the analyzer reads it through the link.
constexpr std::string_view kInstalledPath = "lib/apk/db/installed";
constexpr std::string_view kUsrInstalledPath = "usr/lib/apk/db/installed";

class Apk final : public Analyzer {
 public:
  std::string_view name() const override { return "apk"; }
  int version() const override { return 1; }
  bool wants(std::string_view path) const override {
    return path == kInstalledPath || path == kUsrInstalledPath;
  }

  void analyze(const ImageTree& tree, Inventory& inventory) const override {
    auto db = open_db_file(tree, kInstalledPath, inventory);
    if (!db) {
      if (tree.index().find(std::string(kInstalledPath)) != nullptr) return;  // reported
      db = open_db_file(tree, kUsrInstalledPath, inventory);
    }
    if (!db) return;
    auto parsed = apk::parse_installed(*db->bytes, kMaxPackagesPerDatabase, kMaxFilesPerDatabase);
    if (!parsed.problems.empty()) {
      inventory.errors.push_back(error_line(db->path, parsed.problems.summary("problems")));
    }
    if (parsed.capped) {
      inventory.errors.push_back(error_line(db->path, "more than " +
                                                          std::to_string(kMaxPackagesPerDatabase) +
                                                          " packages; the rest are not read"));
    }
    if (parsed.files_capped) {
      inventory.errors.push_back(
          error_line(db->path, "more than " + std::to_string(kMaxFilesPerDatabase) +
                                   " owned files listed; the later ones are left out"));
    }
    std::vector<std::pair<std::string, std::string>> current;
    for (const auto& entry : parsed.entries) {
      current.emplace_back(package_key(entry.name, entry.architecture), entry.version);
    }
    const auto origins = origin_layers(*db, current, [](std::string_view bytes) {
      auto older = apk::parse_installed(bytes, kMaxPackagesPerDatabase, 0);
      std::optional<VersionMap> versions(std::in_place);
      for (const auto& entry : older.entries) {
        (*versions)[package_key(entry.name, entry.architecture)] = entry.version;
      }
      return versions;
    });
    for (std::size_t index = 0; index < parsed.entries.size(); ++index) {
      auto& entry = parsed.entries[index];
      Package package;
      package.ecosystem = "apk";
      package.name = std::move(entry.name);
      package.version = entry.version;
      package.source_name = std::move(entry.origin);
      package.source_version = std::move(entry.version);
      package.architecture = std::move(entry.architecture);
      package.database = db->path;
      package.origin_layer = origins[index];
      package.files = std::move(entry.files);
      inventory.packages.push_back(std::move(package));
    }
  }
};

const Apk kApkInstance;

}  // namespace

extern const Analyzer& kApk;  // listed in analyzers/list.h
const Analyzer& kApk = kApkInstance;

}  // namespace hardock::image::analyzers
