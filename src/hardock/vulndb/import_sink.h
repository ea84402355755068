// What a feed reader hands over: advisories with the packages they affect, package versions of
// a distribution index, security-support notes. The readers (osv_*, debian_tracker,
// alpine_secdb, apt_packages, apkindex, security_support) only parse and call a sink; the
// database's source writer (database.h) is the sink that stores, tests and fuzzers use their
// own. A sink's error ends the read and is returned by the reader as it is.
#pragma once

#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/vuln/records.h"

namespace hardock::vulndb {

// One binary package of a distribution index (APT Packages, APKINDEX).
struct PackageVersion {
  std::string release;  // "Debian:12", "Alpine:v3.21"
  std::string suite;    // "bookworm-security", "bookworm", "v3.21/main"
  std::string package;  // binary package name
  std::string version;
  std::string source_name;     // Debian Source (or the package itself), Alpine origin
  std::string source_version;  // the source's version when the index gives one, else version
  std::string architecture;
};

// One line of debian-security-support's lists.
struct SupportEntry {
  std::string release;         // "Debian:12"
  std::string source_package;  // a name, or a prefix when `prefix` ("golang" for "golang.*")
  bool prefix = false;
  bool ended = false;   // security-support-ended (else -limited)
  std::string version;  // ended: the last version with support, as given ("0": none)
  std::string date;     // ended: the day support ends or ended (YYYY-MM-DD)
  std::string note;
  std::string list;  // the list's file name: "security-support-ended.deb12"
};

class ImportSink {
 public:
  ImportSink() = default;
  ImportSink(const ImportSink&) = delete;
  ImportSink& operator=(const ImportSink&) = delete;
  virtual ~ImportSink() = default;

  // One advisory and every package entry it names (at least one).
  [[nodiscard]] virtual core::Result<void> advisory(
      const vuln::Advisory& advisory, const std::vector<vuln::Affected>& affected) = 0;
  [[nodiscard]] virtual core::Result<void> package_version(const PackageVersion& package) = 0;
  [[nodiscard]] virtual core::Result<void> support(const SupportEntry& entry) = 0;
};

}  // namespace hardock::vulndb
