// rpm: the package database in whichever of its three formats the image has (rpmdb.sqlite,
// Berkeley DB Packages, ndb Packages.db), under usr/lib/sysimage/rpm (Fedora 36+, SUSE) or
// var/lib/rpm (RHEL, CentOS, Amazon Linux; often a link to the former). Each header blob is read
// by analyzers/rpm_header.cpp; the version is "[epoch:]version-release" and the source package
// comes from SOURCERPM ("name-version-release.src.rpm", the epoch being the binary's: both come
// from one spec file).
#include <algorithm>
#include <set>

#include "hardock/image/analyzers/db_file.h"
#include "hardock/image/analyzers/rpm_db.h"
#include "hardock/image/analyzers/rpm_header.h"

namespace hardock::image::analyzers {
namespace {

struct Candidate {
  std::string_view path;
  rpm::DbFormat format;
};

// The first one present is the database; rpm itself reads only the one its %_dbpath and
// %_db_backend name, and an image converted from one format to another keeps the old file
// rarely and stale when it does. sqlite first: it is the newest.
constexpr Candidate kCandidates[] = {
    {"usr/lib/sysimage/rpm/rpmdb.sqlite", rpm::DbFormat::kSqlite},
    {"usr/lib/sysimage/rpm/Packages.db", rpm::DbFormat::kNdb},
    {"usr/lib/sysimage/rpm/Packages", rpm::DbFormat::kBdb},
    {"var/lib/rpm/rpmdb.sqlite", rpm::DbFormat::kSqlite},
    {"var/lib/rpm/Packages.db", rpm::DbFormat::kNdb},
    {"var/lib/rpm/Packages", rpm::DbFormat::kBdb},
};

// gpg-pubkey "packages" are the keys rpm trusts, stored as headers: not software.
constexpr std::string_view kPublicKeyName = "gpg-pubkey";

struct Read {
  std::vector<std::pair<uint32_t, Package>> packages;  // by header number
  ProblemList unreadable;                              // headers that did not parse
  bool files_capped = false;
  bool packages_capped = false;
};

Read read_packages(const std::string& path, std::string_view bytes, rpm::DbFormat format,
                   bool with_files, core::Result<std::size_t>& walked) {
  Read out;
  FileBudget budget;
  walked = rpm::read_database(format, bytes, [&](uint32_t hnum, std::string_view blob) {
    if (out.packages.size() >= kMaxPackagesPerDatabase) {
      out.packages_capped = true;
      return;
    }
    const std::size_t max_files =
        with_files && !budget.exhausted() ? kMaxFilesPerDatabase : std::size_t{0};
    auto header = rpm::parse_header(blob, max_files);
    if (!header) {
      out.unreadable.add("header " + std::to_string(hnum) + ": " + header.error().message);
      return;
    }
    if (header->name == kPublicKeyName) return;
    Package package;
    package.ecosystem = "rpm";
    package.name = header->name;
    package.version = rpm::evr(*header);
    package.architecture = header->architecture;
    package.database = path;
    if (auto source = rpm::split_source_rpm(header->source_rpm)) {
      package.source_name = std::move(source->first);
      package.source_version = header->epoch && *header->epoch != 0
                                   ? std::to_string(*header->epoch) + ":" + source->second
                                   : std::move(source->second);
    } else {
      package.source_name = package.name;
      package.source_version = package.version;
    }
    if (header->files_capped || !budget.take(header->files.size())) {
      out.files_capped = true;
      budget.take(kMaxFilesPerDatabase);
    } else {
      package.files = std::move(header->files);
    }
    out.packages.emplace_back(hnum, std::move(package));
  });
  std::stable_sort(out.packages.begin(), out.packages.end(),
                   [](const auto& left, const auto& right) { return left.first < right.first; });
  return out;
}

class Rpm final : public Analyzer {
 public:
  std::string_view name() const override { return "rpm"; }
  int version() const override { return 1; }
  bool wants(std::string_view path) const override {
    return std::any_of(std::begin(kCandidates), std::end(kCandidates),
                       [&](const Candidate& candidate) { return candidate.path == path; });
  }

  void analyze(const ImageTree& tree, Inventory& inventory) const override {
    for (const Candidate& candidate : kCandidates) {
      const std::size_t errors_before = inventory.errors.size();
      auto db = open_db_file(tree, candidate.path, inventory);
      if (db) {
        read(*db, candidate.format, inventory);
        return;
      }
      if (inventory.errors.size() != errors_before) return;  // there, but unreadable: reported
    }
  }

 private:
  static void read(const DbFile& db, rpm::DbFormat format, Inventory& inventory) {
    core::Result<std::size_t> walked = 0;
    Read current = read_packages(db.path, *db.bytes, format, true, walked);
    if (!walked) {
      inventory.errors.push_back(error_line(
          db.path,
          walked.error().message + (current.packages.empty()
                                        ? std::string("; no package read")
                                        : "; only the " + std::to_string(current.packages.size()) +
                                              " packages before it are listed")));
    } else if (*walked == 0) {
      inventory.errors.push_back(error_line(db.path, "the database holds no package header"));
    }
    if (!current.unreadable.empty()) {
      inventory.errors.push_back(
          error_line(db.path, current.unreadable.summary("package headers unreadable")));
    }
    if (current.packages_capped) {
      inventory.errors.push_back(error_line(db.path, "more than " +
                                                         std::to_string(kMaxPackagesPerDatabase) +
                                                         " packages; the rest are not read"));
    }
    if (current.files_capped) {
      inventory.errors.push_back(error_line(
          db.path, "more than " + std::to_string(kMaxFilesPerDatabase) +
                       " owned files listed; the later packages' file lists are left empty"));
    }

    std::vector<std::pair<std::string, std::string>> keys;
    for (const auto& [hnum, package] : current.packages) {
      keys.emplace_back(package_key(package.name, package.architecture), package.version);
    }
    const auto origins = origin_layers(db, keys, [&](std::string_view bytes) {
      core::Result<std::size_t> older_walked = 0;
      Read read = read_packages(db.path, bytes, format, false, older_walked);
      std::optional<VersionMap> versions;
      // An older version that does not read whole cannot prove a package was there.
      if (!older_walked) return versions;
      versions.emplace();
      for (const auto& [hnum, package] : read.packages) {
        (*versions)[package_key(package.name, package.architecture)] = package.version;
      }
      return versions;
    });
    for (std::size_t index = 0; index < current.packages.size(); ++index) {
      Package& package = current.packages[index].second;
      package.origin_layer = origins[index];
      inventory.packages.push_back(std::move(package));
    }
  }
};

const Rpm kRpmInstance;

}  // namespace

extern const Analyzer& kRpm;  // listed in analyzers/list.h
const Analyzer& kRpm = kRpmInstance;

}  // namespace hardock::image::analyzers
