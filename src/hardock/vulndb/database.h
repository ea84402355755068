// The local vulnerability database: one SQLite file holding what `hardock db import` loaded
// (advisories and the packages they affect, distribution package indexes, security-support
// notes), grouped by source, and the indexed queries the matcher runs for one image.
//
// File: default_database_path() unless --db names one. A missing directory is created 0700; the
// file is created 0600 (a looser mode on an existing one is tightened), must be a regular file
// belonging to this user, and its own name is never followed as a link. WAL journal, so that
// audits read while an import writes. Schema: numbered migrations (schema.h), applied when
// opened for writing; a database of a newer schema is refused.
//
// Sources: every import names a source ("osv:/data/Debian/all.zip"; import.h); replace_source()
// replaces all of one source's rows in one transaction, so an import that fails leaves that
// source as it was, and importing the same feed again gives the same rows.
//
// Queries batch their names (a JSON array of up to kQueryChunk, read by json_each) over the indexes
// affected(ecosystem, package), package_versions(release, package) and
// support_notes(release, source_package): a 500-package image is a handful of index lookups.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/sqlite/database.h"
#include "hardock/vuln/rating.h"
#include "hardock/vuln/records.h"
#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

struct SourceInfo {
  std::string name;              // "osv:/data/all.zip", "debian-tracker:/data/debian.json"
  std::string format;            // "osv", "debian-tracker", "alpine-secdb", "apt-packages", ...
  std::int64_t imported_at = 0;  // Unix time of the import
  std::string newest;            // the newest record date the feed gave (RFC 3339), or empty
  std::int64_t records = 0;      // advisories, package versions or notes stored
};

// The versions of packages (binary names) that the imported indexes of a release list, per
// suite.
struct SuiteVersion {
  std::string suite;
  std::string package;
  std::string version;
  std::string source_name;
  std::string source_version;
};

struct SupportNote {
  std::string source_package;  // the name asked for (also when a "golang.*" entry matched it)
  bool ended = false;          // security support ended (else: limited)
  std::string version;         // ended: the last supported version as listed ("0": none)
  std::string note;
  std::string list;  // the list it came from: "security-support-ended.deb12"
  std::string date;  // ended: the day support ends or ended (YYYY-MM-DD), else empty
};

// What the database holds for one release, so that "nothing found" can be told from "nothing to
// look in": any advisory of its ecosystem, any package index, any security-support list.
struct Coverage {
  bool advisories = false;
  bool package_indexes = false;
  bool support_lists = false;
};

// Names per IN (SELECT value FROM json_each(?)) list of a query.
inline constexpr std::size_t kQueryChunk = 4096;
// Advisories a Database keeps between queries (a few hundred bytes each).
inline constexpr std::size_t kAdvisoryCacheEntries = 200000;
// Affected rows a Database keeps between queries (about 200 bytes each).
inline constexpr std::size_t kAffectedCacheRows = 200000;

class Database {
 public:
  enum class Access {
    kRead,   // the file must exist and hold a database of this schema
    kWrite,  // created when absent (with its directory), migrated to this schema
  };
  [[nodiscard]] static core::Result<Database> open(const std::string& path, Access access);

  // Every advisory record naming one of `packages` in `ecosystem` (exact strings, e.g.
  // "Debian:12"), one per affected row: grouped by package, in import order within one.
  [[nodiscard]] core::Result<std::vector<vuln::AdvisoryRecord>> records_for(
      std::string_view ecosystem, const std::vector<std::string>& packages) const;

  // The same in two steps, for matching: first what each record says of the packages (cheap:
  // one index range per package, no advisory read), then only the advisories of the records
  // that matched, by their key.
  struct AffectedRow {
    std::int64_t advisory = 0;  // the key advisories() takes
    vuln::Affected affected;
  };
  // What the records of one ecosystem say of one package, in import order; no row: no record
  // names it.
  struct PackageRecords {
    std::string package;
    std::vector<AffectedRow> rows;
  };
  // One entry per distinct name of `packages`, sorted by name. The rows stay cached in this
  // object (up to kAffectedCacheRows), for the reason the advisories do; the caches are dropped
  // when the file changed since (PRAGMA data_version: an import by another connection) and by
  // replace_source. The pointers hold until the next call of affected_for, advisories or
  // replace_source.
  [[nodiscard]] core::Result<std::vector<const PackageRecords*>> affected_for(
      std::string_view ecosystem, const std::vector<std::string>& packages) const;
  // An advisory with its severity as seen by one release (vuln::advisory_severity).
  struct RatedAdvisory {
    vuln::Advisory advisory;
    vuln::Rated rated;
  };
  // The advisories of `keys`, rated for `release` ("Debian:12"), in the order of `keys`; nullptr
  // for a key no longer in the database (removed by a concurrent import). They stay cached in
  // this object, rating included (up to kAdvisoryCacheEntries): the images of one estate share
  // their base packages, so an audit asks for the same advisories image after image. The
  // pointers hold as affected_for's do. kConflict when the file changed since the last
  // affected_for (the keys may name other advisories now): match again.
  [[nodiscard]] core::Result<std::vector<const RatedAdvisory*>> advisories(
      const std::vector<std::int64_t>& keys, std::string_view release) const;

  // The versions of `packages` (binary names) that the imported indexes of `release` list, per
  // suite (one row per suite, package and version; architectures folded).
  [[nodiscard]] core::Result<std::vector<SuiteVersion>> suite_versions(
      std::string_view release, const std::vector<std::string>& packages) const;

  // The security-support notes of `release` naming one of `source_packages`, exactly or by a
  // prefix entry ("golang.*").
  [[nodiscard]] core::Result<std::vector<SupportNote>> support_notes(
      std::string_view release, const std::vector<std::string>& source_packages) const;

  // What the database holds for `release` ("Debian:12": the OSV ecosystem, which is also the
  // release name the package indexes and support lists are stored under). database_coverage.cpp.
  [[nodiscard]] core::Result<Coverage> coverage(std::string_view release) const;

  // Every source, by name.
  [[nodiscard]] core::Result<std::vector<SourceInfo>> sources() const;

  // Replaces source `name` (of `format`) by what `fill` gives the sink, in one transaction
  // stamped `now` (Unix time). On any error of `fill` or of the database nothing changes.
  // Returns the source as stored.
  [[nodiscard]] core::Result<SourceInfo> replace_source(
      const std::string& name, const std::string& format,
      const std::function<core::Result<void>(ImportSink&)>& fill, std::int64_t now);

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  Database(std::string path, sqlite::Connection connection)
      : path_(std::move(path)), db_(std::move(connection)) {}
  std::string path_;
  mutable sqlite::Connection db_;
  struct CachedAdvisory {
    RatedAdvisory value;
    std::string rated_for;  // the release `value.rated` was computed for
  };
  mutable std::unordered_map<std::int64_t, CachedAdvisory> advisory_cache_;
  // ecosystem -> package -> its rows, and how many rows that is.
  mutable std::unordered_map<std::string, std::unordered_map<std::string, PackageRecords>>
      affected_cache_;
  mutable std::size_t affected_cache_rows_ = 0;
  // SQLite's data_version when the caches were filled: another connection's commit (an import)
  // changes it, and the caches are dropped.
  mutable std::int64_t cached_data_version_ = -1;
  // Drops the caches when data_version changed since the last check; true when it did (false
  // on the first check).
  [[nodiscard]] core::Result<bool> drop_stale_caches() const;
  void drop_caches() const;
};

}  // namespace hardock::vulndb
