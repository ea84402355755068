// `hardock db import`: one file or directory to one source of the database.
//
// Format (detect_format): a directory is OSV records; by name, security-support-ended[.debNN]
// and security-support-limited[.debNN] are debian-security-support lists, names holding
// "Packages" APT indexes and "APKINDEX" Alpine indexes (with --packages every file is an index:
// APKINDEX by name, else APT); otherwise by content: a zip is OSV records, and a JSON object is
// an OSV record, an Alpine secdb document or the Debian tracker's data, told apart by its keys.
//
// Source name: "<format>:<absolute path>" ("osv-zip:/srv/feeds/Debian/all.zip"), or the
// --source name given. Importing the same file again replaces that source's records; feeds
// that are downloaded to the same place each day replace themselves.
//
// Release and suite of a package index: --release/--suite when given; else from the APT list
// file name ("..._dists_bookworm-security_main_binary-amd64_Packages": suite bookworm-security,
// release Debian:12) or a path ".../dists/<suite>/..."; for APKINDEX from a path
// ".../v3.21/<repo>/<arch>/APKINDEX.tar.gz" (release Alpine:v3.21, suite v3.21/<repo>). An index
// whose release cannot be told is an error asking for --release. A debian-security-support list
// without a .debNN suffix (the package's security-support-limited) is of the release its
// sibling link security-support-ended points to (security-support-ended.deb12: Debian:12),
// else --release is needed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/vulndb/database.h"

namespace hardock::vulndb {

enum class FeedFormat {
  kOsvRecord,
  kOsvDirectory,
  kOsvZip,
  kDebianTracker,
  kAlpineSecdb,
  kAptPackages,
  kApkIndex,
  kSecuritySupport,
};
// "osv", "osv-dir", "osv-zip", "debian-tracker", "alpine-secdb", "apt-packages", "apkindex",
// "security-support".
[[nodiscard]] std::string_view to_string(FeedFormat format);

struct ImportRequest {
  std::string path;
  bool packages = false;  // --packages: the file is a package index
  std::string release;    // --release
  std::string suite;      // --suite
  std::string source;     // --source: the source name, instead of "<format>:<absolute path>"
};

struct ImportResult {
  FeedFormat format = FeedFormat::kOsvRecord;
  SourceInfo source;
  std::size_t skipped = 0;           // OSV: links, non-JSON names, non-regular entries
  std::size_t without_packages = 0;  // OSV: records with no ECOSYSTEM package entry
};

[[nodiscard]] core::Result<FeedFormat> detect_format(const std::string& path, bool packages);

// Imports `request.path` as one source, replacing its earlier records, stamped `now`.
[[nodiscard]] core::Result<ImportResult> import_feed(Database& database,
                                                     const ImportRequest& request,
                                                     std::int64_t now);

}  // namespace hardock::vulndb
