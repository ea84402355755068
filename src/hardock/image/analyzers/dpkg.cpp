// dpkg: /var/lib/dpkg/status and, in distroless images (no dpkg, one file per package),
// /var/lib/dpkg/status.d/*; each installed package with its source package and source version,
// and the files /var/lib/dpkg/info/<package>[:<arch>].list says it owns.
#include "hardock/image/analyzers/dpkg.h"

#include <set>

#include "hardock/image/analyzers/db_file.h"

namespace hardock::image::dpkg {
namespace {

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  for (std::size_t index = 0; index < left.size(); ++index) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(left[index]) != lower(right[index])) return false;
  }
  return true;
}

// The state word of "want eflag state" says whether the package's files are on disk.
bool files_on_disk(std::string_view status) {
  std::vector<std::string_view> words;
  while (!status.empty() && words.size() < 4) {
    status = trim(status);
    const std::size_t end = status.find_first_of(" \t");
    words.push_back(status.substr(0, end));
    status = end == std::string_view::npos ? std::string_view() : status.substr(end);
    status = trim(status);
  }
  if (words.size() != 3) return false;
  const std::string_view state = words[2];
  return state == "installed" || state == "triggers-pending" || state == "triggers-awaited" ||
         state == "half-configured" || state == "unpacked";
}

struct Stanza {
  std::size_t line = 0;
  bool any_field = false;
  bool has_status = false;
  std::string name, version, architecture, source, status;
};

class StatusParser {
 public:
  StatusParser(bool status_d, std::size_t max_entries)
      : status_d_(status_d), max_entries_(max_entries) {}

  StatusFile parse(std::string_view text) {
    std::size_t line_number = 0;
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      ++line_number;
      line_(line, line_number);
    }
    finish();
    return std::move(out_);
  }

 private:
  void problem(std::size_t line, std::string text) {
    out_.problems.add("line " + std::to_string(line) + ": " + std::move(text));
  }

  void line_(std::string_view line, std::size_t number) {
    if (trim(line).empty()) {
      finish();
      return;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (!field_open_) problem(number, "continuation line outside a field");
      return;  // continuation of Description, Conffiles ...: nothing hardock keeps
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      problem(number, "not a \"Field: value\" line");
      field_open_ = false;
      return;
    }
    if (!stanza_.any_field) stanza_.line = number;
    stanza_.any_field = true;
    field_open_ = true;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    std::string* target = nullptr;
    if (equals_ignoring_case(name, "Package")) target = &stanza_.name;
    if (equals_ignoring_case(name, "Version")) target = &stanza_.version;
    if (equals_ignoring_case(name, "Architecture")) target = &stanza_.architecture;
    if (equals_ignoring_case(name, "Source")) target = &stanza_.source;
    if (equals_ignoring_case(name, "Status")) {
      target = &stanza_.status;
      stanza_.has_status = true;
    }
    if (target == nullptr) return;
    if (!target->empty()) {
      problem(number, "duplicate field " + analyzers::shown(name) + " (the first is kept)");
      return;
    }
    *target = value;
  }

  void finish() {
    field_open_ = false;
    if (!stanza_.any_field) return;
    Stanza stanza = std::move(stanza_);
    stanza_ = Stanza{};
    ++out_.stanzas;
    if (stanza.name.empty() || stanza.version.empty()) {
      problem(stanza.line, stanza.name.empty()
                               ? "stanza without Package"
                               : "package " + analyzers::shown(stanza.name) + " without Version");
      return;
    }
    if (out_.entries.size() >= max_entries_) {
      out_.capped = true;
      return;
    }
    StatusEntry entry;
    entry.line = stanza.line;
    entry.installed = status_d_ && !stanza.has_status ? true : files_on_disk(stanza.status);
    entry.status = std::move(stanza.status);
    entry.name = std::move(stanza.name);
    entry.version = std::move(stanza.version);
    entry.architecture = std::move(stanza.architecture);
    // "Source: name" or "Source: name (version)": the source version differs from the
    // binary's after a binary-only rebuild (binNMU, "+b1") or when the binary has its own.
    std::string_view source = trim(stanza.source);
    const std::size_t open = source.find('(');
    if (open != std::string_view::npos) {
      const std::size_t close = source.find(')', open);
      entry.source_version =
          trim(source.substr(open + 1, close == std::string_view::npos ? close : close - open - 1));
      source = trim(source.substr(0, open));
    }
    entry.source_name = source.empty() ? entry.name : std::string(source);
    if (entry.source_version.empty()) entry.source_version = entry.version;
    out_.entries.push_back(std::move(entry));
  }

  bool status_d_;
  std::size_t max_entries_;
  StatusFile out_;
  Stanza stanza_;
  bool field_open_ = false;
};

}  // namespace

StatusFile parse_status(std::string_view text, bool status_d, std::size_t max_entries) {
  return StatusParser(status_d, max_entries).parse(text);
}

FileList parse_file_list(std::string_view text, std::size_t max_paths) {
  FileList out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto path = normalize_image_path(line);
    if (!path || path->empty()) continue;
    if (out.paths.size() >= max_paths) {
      out.capped = true;
      break;
    }
    out.paths.push_back(std::move(*path));
  }
  return out;
}

}  // namespace hardock::image::dpkg

namespace hardock::image::analyzers {
namespace {

constexpr std::string_view kStatusPath = "var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "var/lib/dpkg/status.d/";
constexpr std::string_view kInfoDir = "var/lib/dpkg/info/";

// dpkg package names are [a-z0-9][a-z0-9+.-]*; anything else never names a .list file.
bool plain_name(std::string_view name) {
  return !name.empty() && name.find('/') == std::string_view::npos && name != "." && name != "..";
}

class Dpkg final : public Analyzer {
 public:
  std::string_view name() const override { return "dpkg"; }
  int version() const override { return 1; }
  bool wants(std::string_view path) const override {
    if (path == kStatusPath) return true;
    if (path.starts_with(kStatusDir)) {
      const std::string_view file = path.substr(kStatusDir.size());
      return !file.empty() && file.find('/') == std::string_view::npos &&
             !file.ends_with(".md5sums");
    }
    return path.starts_with(kInfoDir) && path.ends_with(".list") &&
           path.find('/', kInfoDir.size()) == std::string_view::npos;
  }

  void analyze(const ImageTree& tree, Inventory& inventory) const override {
    FileBudget budget;
    std::set<std::string> seen;  // key + version: status.d repeating status adds nothing
    if (auto db = open_db_file(tree, kStatusPath, inventory)) {
      read(tree, *db, false, inventory, budget, seen);
    }
    // The directory may have no entry of its own in the layers (a tar need not list it); a
    // link to elsewhere is followed.
    const std::string literal(kStatusDir.substr(0, kStatusDir.size() - 1));
    const std::string prefix = tree.index().resolve(literal).value_or(literal) + "/";
    const auto& entries = tree.index().entries();
    std::vector<std::string> files;
    for (auto it = entries.lower_bound(prefix);
         it != entries.end() && it->first.starts_with(prefix); ++it) {
      const std::string_view file = std::string_view(it->first).substr(prefix.size());
      if (file.find('/') != std::string_view::npos || file.ends_with(".md5sums")) continue;
      files.push_back(it->first);
    }
    for (const auto& path : files) {
      if (auto db = open_db_file(tree, path, inventory)) {
        read(tree, *db, true, inventory, budget, seen);
      }
    }
    if (budget.exhausted()) {
      inventory.errors.push_back(error_line(
          kInfoDir, "more than " + std::to_string(kMaxFilesPerDatabase) +
                        " owned files listed; the later packages' file lists are left empty"));
    }
  }

 private:
  static void read(const ImageTree& tree, const DbFile& db, bool status_d, Inventory& inventory,
                   FileBudget& budget, std::set<std::string>& seen) {
    auto parsed = dpkg::parse_status(*db.bytes, status_d, kMaxPackagesPerDatabase);
    if (!parsed.problems.empty()) {
      inventory.errors.push_back(error_line(db.path, parsed.problems.summary("problems")));
    }
    if (parsed.capped) {
      inventory.errors.push_back(error_line(db.path, "more than " +
                                                         std::to_string(kMaxPackagesPerDatabase) +
                                                         " packages; the rest are not read"));
    }

    std::vector<const dpkg::StatusEntry*> installed;
    std::vector<std::pair<std::string, std::string>> current;
    for (const auto& entry : parsed.entries) {
      if (!entry.installed) continue;
      installed.push_back(&entry);
      current.emplace_back(package_key(entry.name, entry.architecture), entry.version);
    }
    const auto origins = origin_layers(db, current, [&](std::string_view bytes) {
      auto older = dpkg::parse_status(bytes, status_d, kMaxPackagesPerDatabase);
      std::optional<VersionMap> versions(std::in_place);
      for (const auto& entry : older.entries) {
        if (entry.installed)
          (*versions)[package_key(entry.name, entry.architecture)] = entry.version;
      }
      return versions;
    });

    for (std::size_t index = 0; index < installed.size(); ++index) {
      const dpkg::StatusEntry& entry = *installed[index];
      if (!seen.insert(current[index].first + '\n' + entry.version).second) continue;
      Package package;
      package.ecosystem = "deb";
      package.name = entry.name;
      package.version = entry.version;
      package.source_name = entry.source_name;
      package.source_version = entry.source_version;
      package.architecture = entry.architecture;
      package.database = db.path;
      package.origin_layer = origins[index];
      if (!budget.exhausted() && plain_name(entry.name) &&
          (entry.architecture.empty() || plain_name(entry.architecture))) {
        package.files = owned_files(tree, entry, inventory, budget);
      }
      inventory.packages.push_back(std::move(package));
    }
  }

  // info/<name>:<arch>.list (Multi-Arch: same packages) or info/<name>.list.
  static std::vector<std::string> owned_files(const ImageTree& tree, const dpkg::StatusEntry& entry,
                                              Inventory& inventory, FileBudget& budget) {
    std::vector<std::string> candidates;
    if (!entry.architecture.empty()) {
      candidates.push_back(std::string(kInfoDir) + entry.name + ":" + entry.architecture + ".list");
    }
    candidates.push_back(std::string(kInfoDir) + entry.name + ".list");
    for (const auto& path : candidates) {
      auto list = open_db_file(tree, path, inventory);
      if (!list) continue;
      auto parsed = dpkg::parse_file_list(*list->bytes, kMaxFilesPerDatabase);
      if (!budget.take(parsed.paths.size()) || parsed.capped) {
        budget.take(kMaxFilesPerDatabase);  // exhausted: reported once by analyze()
        return {};
      }
      return std::move(parsed.paths);
    }
    return {};
  }
};

const Dpkg kDpkgInstance;

}  // namespace

extern const Analyzer& kDpkg;  // listed in analyzers/list.h
const Analyzer& kDpkg = kDpkgInstance;

}  // namespace hardock::image::analyzers
