// What a vulnerability feed says, in one model for every feed (OSV, the Debian security tracker,
// Alpine secdb): an advisory, and per package the versions it affects as OSV ranges. The feed
// readers (vulndb/) produce these, the database stores and returns them, and the matcher
// (vuln/match.h) decides from them whether an installed version is affected.
#pragma once

#include <string>
#include <vector>

namespace hardock::vuln {

// One event of an OSV ECOSYSTEM range. Versions are in the ecosystem's own syntax; "0" as an
// introduced version means "from the first version".
struct RangeEvent {
  enum class Kind { kIntroduced, kFixed, kLastAffected, kLimit };
  Kind kind = Kind::kIntroduced;
  std::string version;
};

// An OSV range of type ECOSYSTEM (other range types, GIT and SEMVER, name no package version
// and are not stored).
struct AffectedRange {
  std::vector<RangeEvent> events;
};

// The versions of one package an advisory affects, in one ecosystem.
struct Affected {
  std::string ecosystem;  // OSV ecosystem with release: "Debian:12", "Alpine:v3.21", "AlmaLinux:9"
  // As the feed names it: a Debian source package, an Alpine origin package, a binary RPM.
  std::string package;
  std::vector<AffectedRange> ranges;
  std::vector<std::string> versions;  // versions listed one by one as affected
};

struct Advisory {
  std::string id;                    // "DSA-3029-1", "CVE-2024-1234", "ALSA-2024:0010"
  std::vector<std::string> aliases;  // other ids of the same flaw (CVEs from aliases and related)
  std::string summary;
  std::string source;  // the feed it came from: "osv", "debian-tracker", "alpine-secdb"
  // The feed's CVSS vectors as given ("CVSS:3.1/AV:N/...", "CVSS:4.0/...", a v2 vector).
  std::vector<std::string> cvss_vectors;
  // The distribution's own rating as given ("high**", "unimportant", "Important"), or empty.
  std::string rating;
  std::string published;  // RFC 3339 when the feed says
  std::string modified;
};

// An advisory and what it says of one package: what the database returns for a package.
struct AdvisoryRecord {
  Advisory advisory;
  Affected affected;
};

}  // namespace hardock::vuln
