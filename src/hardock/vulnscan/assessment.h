// What the vulnerability database says of one image's packages: the advisories that affect them,
// the packages behind their distribution's suites, and those whose security support has ended.
// Made once per image (assess.h) and read by the image checks HDK-I-014..016.
#pragma once

#include <string>
#include <vector>

#include "hardock/core/severity.h"

namespace hardock::vulnscan {

struct PackageVulnerability {
  std::string package;    // the installed binary package
  std::string installed;  // its version
  // The name and version the feed was matched on: Debian and Alpine feeds name source (origin)
  // packages, RPM feeds binary ones.
  std::string matched_name;
  std::string matched_version;
  std::string id;  // the advisory id, or its CVE when two feeds told of one flaw
  std::vector<std::string> aliases;
  std::string fixed;  // the version that fixes it; empty: no fix yet
  core::Severity severity = core::Severity::kMedium;
  std::string severity_source;       // "CVSS:3.1 base 9.8", "Debian urgency high", ...
  std::vector<std::string> sources;  // the feeds that told ("debian-tracker", "osv")
};

struct OutdatedPackage {
  std::string package;
  std::string installed;
  std::string newer;      // the newest version the suite has
  std::string suite;      // "bookworm-security", "bookworm"
  bool security = false;  // from a security suite: a missing security update
};

struct SupportGap {
  std::string source_package;
  std::vector<std::string> binaries;  // the installed packages built from it
  bool ended = false;                 // ended, else limited
  std::string version;                // ended: the last version with support ("0": none)
  std::string date;                   // ended: the day support ended or ends (YYYY-MM-DD), if given
  std::string note;
  std::string list;  // the list it came from ("security-support-ended.deb12")
};

// Each part is judged only when the database could say: `*_known` false means the check could
// not look (the reason is in the matching `*_unknown_reason`), never "nothing found".
struct Assessment {
  std::string ecosystem;  // the feeds' name for the image's release ("Debian:12"), empty: unknown
  bool vulnerabilities_known = false;
  std::string vulnerabilities_unknown_reason;
  std::vector<PackageVulnerability> vulnerabilities;
  bool suites_known = false;
  std::string suites_unknown_reason;
  std::vector<OutdatedPackage> outdated;
  // False with an empty reason: the release has no such lists (only Debian publishes them).
  bool support_known = false;
  std::string support_unknown_reason;
  std::vector<SupportGap> support;
  // What the feeds held that could not be used ("Alpine:v3.21 openssl: fixed version
  // '10.0.11-0' is not an apk version: event ignored").
  std::vector<std::string> warnings;
};

}  // namespace hardock::vulnscan
