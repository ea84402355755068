#include "hardock/vulnscan/assess.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "hardock/vuln/ecosystem.h"
#include "hardock/vuln/match.h"
#include "hardock/vuln/version.h"
#include "hardock/vulndb/database.h"

namespace hardock::vulnscan {
namespace {

// The severity of an advisory and what it came from (vuln/rating.h); a feed that rates nothing
// leaves medium, said to be assumed.
void set_rating(const vuln::Rated& rated, core::Severity& severity, std::string& source) {
  severity = rated.severity.value_or(core::Severity::kMedium);
  source = rated.basis;
  if (!rated.severity) source += ": medium assumed";
}

// Two feeds telling of one flaw (a DSA and the tracker's CVE) make one entry, keyed by the
// first CVE among the id and aliases.
const std::string& flaw_key(const vuln::Advisory& advisory) {
  if (advisory.id.starts_with("CVE-")) return advisory.id;
  for (const auto& alias : advisory.aliases) {
    if (alias.starts_with("CVE-")) return alias;
  }
  return advisory.id;
}

bool is_security_suite(const std::string& suite) {
  return suite.find("security") != std::string::npos;
}

// The name a feed of this ecosystem uses for a package: Debian and Alpine feeds name source
// (origin) packages, RPM feeds the binary ones.
const std::string& feed_name(const image::Package& package) {
  if (package.ecosystem != "rpm" && !package.source_name.empty()) return package.source_name;
  return package.name;
}
const std::string& feed_version(const image::Package& package) {
  if (package.ecosystem != "rpm" && !package.source_version.empty()) {
    return package.source_version;
  }
  return package.version;
}

// One verdict per record and package: which installed packages each matched record affects
// (the record's advisory is keys[i] for hits[i]).
struct Hit {
  const image::Package* package;
  std::string fixed;
};

void match_advisories(const image::Inventory& inventory, vuln::Ecosystem manager,
                      const vulndb::Database& database, Assessment& out) {
  std::vector<std::string> names;
  for (const auto& package : inventory.packages) {
    if (vuln::parse_ecosystem(package.ecosystem) == manager) names.push_back(feed_name(package));
  }
  // One entry per distinct name, sorted by name.
  auto records = database.affected_for(out.ecosystem, names);
  if (!records) {
    out.vulnerabilities_unknown_reason = records.error().message;
    return;
  }
  const auto records_of = [&](const std::string& name) -> const vulndb::Database::PackageRecords* {
    auto found =
        std::lower_bound(records->begin(), records->end(), name,
                         [](const vulndb::Database::PackageRecords* entry,
                            const std::string& wanted) { return entry->package < wanted; });
    return found != records->end() && (*found)->package == name ? *found : nullptr;
  };

  // First the ranges (cheap), then the advisories of the records that matched only.
  std::set<std::string> warned;
  std::vector<Hit> hits;
  std::vector<std::int64_t> keys;
  for (const auto& package : inventory.packages) {
    if (vuln::parse_ecosystem(package.ecosystem) != manager) continue;
    const vulndb::Database::PackageRecords* found = records_of(feed_name(package));
    if (found == nullptr || found->rows.empty()) continue;
    // Parsed once for all the records naming the package.
    auto installed = vuln::ParsedVersion::parse(manager, feed_version(package));
    if (!installed) {
      // Every record would refuse it alike: one warning, as evaluate words it.
      auto refused = vuln::evaluate(manager, found->rows.front().affected, feed_version(package));
      const std::string message = refused ? installed.error().message : refused.error().message;
      if (warned.insert(package.name + " " + message).second) {
        out.warnings.push_back(package.name + " " + feed_version(package) + ": " + message);
      }
      continue;
    }
    for (const auto& row : found->rows) {
      vuln::Verdict verdict = vuln::evaluate(row.affected, *installed);
      for (const auto& warning : verdict.warnings) {
        if (warned.insert(warning).second) out.warnings.push_back(warning);
      }
      if (!verdict.affected) continue;
      hits.push_back({&package, std::move(verdict.fixed)});
      keys.push_back(row.advisory);
    }
  }
  auto advisories = database.advisories(keys, out.ecosystem);
  if (!advisories) {
    out.vulnerabilities_unknown_reason = advisories.error().message;
    return;
  }
  // One entry per package and flaw. The hits of one package are consecutive: its flaws are
  // looked up among its own entries only.
  std::vector<PackageVulnerability>& found = out.vulnerabilities;
  found.reserve(hits.size());
  std::vector<std::size_t> package_of;  // per entry of `found`: the package's inventory index
  std::unordered_map<std::string_view, std::size_t> flaws_of_package;  // flaw key -> entry
  const image::Package* current = nullptr;
  for (std::size_t index = 0; index < hits.size(); ++index) {
    Hit& hit = hits[index];
    const vulndb::Database::RatedAdvisory* rated = (*advisories)[index];
    if (rated == nullptr) continue;  // removed by a concurrent import
    const vuln::Advisory& advisory = rated->advisory;
    const image::Package& package = *hit.package;
    if (&package != current) {
      current = &package;
      flaws_of_package.clear();
    }
    const std::string& key = flaw_key(advisory);
    auto [slot, fresh] = flaws_of_package.try_emplace(key, found.size());
    if (fresh) {
      PackageVulnerability& entry = found.emplace_back();
      package_of.push_back(static_cast<std::size_t>(&package - inventory.packages.data()));
      entry.package = package.name;
      entry.installed = package.version;
      entry.matched_name = feed_name(package);
      entry.matched_version = feed_version(package);
      entry.id = key;
      entry.fixed = std::move(hit.fixed);
      set_rating(rated->rated, entry.severity, entry.severity_source);
    } else {
      // A fix one feed knows is a fix; the higher rating wins, with what it came from.
      PackageVulnerability& entry = found[slot->second];
      if (entry.fixed.empty()) entry.fixed = std::move(hit.fixed);
      const core::Severity severity = rated->rated.severity.value_or(core::Severity::kMedium);
      if (severity > entry.severity)
        set_rating(rated->rated, entry.severity, entry.severity_source);
    }
    PackageVulnerability& entry = found[slot->second];
    const auto add_alias = [&entry](const std::string& id) {
      if (id != entry.id &&
          std::find(entry.aliases.begin(), entry.aliases.end(), id) == entry.aliases.end()) {
        entry.aliases.push_back(id);
      }
    };
    add_alias(advisory.id);
    for (const auto& alias : advisory.aliases) add_alias(alias);
    if (std::find(entry.sources.begin(), entry.sources.end(), advisory.source) ==
        entry.sources.end()) {
      entry.sources.push_back(advisory.source);
    }
  }
  for (auto& entry : found) std::sort(entry.aliases.begin(), entry.aliases.end());
  // By package and id; a package installed twice under one name (two architectures) in
  // inventory order.
  std::vector<std::size_t> order(found.size());
  for (std::size_t index = 0; index < order.size(); ++index) order[index] = index;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(found[a].package, found[a].id, package_of[a]) <
           std::tie(found[b].package, found[b].id, package_of[b]);
  });
  std::vector<PackageVulnerability> sorted;
  sorted.reserve(found.size());
  for (std::size_t index : order) sorted.push_back(std::move(found[index]));
  found = std::move(sorted);
  out.vulnerabilities_known = true;
}

void compare_with_suites(const image::Inventory& inventory, vuln::Ecosystem manager,
                         const vulndb::Database& database, Assessment& out) {
  std::set<std::string> names;
  for (const auto& package : inventory.packages) {
    if (vuln::parse_ecosystem(package.ecosystem) == manager) names.insert(package.name);
  }
  auto versions = database.suite_versions(out.ecosystem, {names.begin(), names.end()});
  if (!versions) {
    out.suites_unknown_reason = versions.error().message;
    return;
  }
  // The newest version of each package in each suite.
  std::map<std::string, std::map<std::string, std::string>> newest;  // package -> suite -> version
  for (const auto& entry : *versions) {
    if (!vuln::validate_version(manager, entry.version)) continue;
    std::string& slot = newest[entry.package][entry.suite];
    if (slot.empty() || vuln::compare_versions(manager, entry.version, slot).value_or(0) > 0) {
      slot = entry.version;
    }
  }
  for (const auto& package : inventory.packages) {
    if (vuln::parse_ecosystem(package.ecosystem) != manager) continue;
    auto found = newest.find(package.name);
    if (found == newest.end()) continue;
    std::optional<OutdatedPackage> behind;
    for (const auto& [suite, version] : found->second) {
      auto order = vuln::compare_versions(manager, package.version, version);
      if (!order) {
        out.warnings.push_back(package.name + ": " + order.error().message);
        continue;
      }
      if (*order >= 0) continue;
      const bool security = is_security_suite(suite);
      // A security suite's newer version outranks the release's; the newest of each kind wins.
      if (!behind || (security && !behind->security) ||
          (security == behind->security &&
           vuln::compare_versions(manager, version, behind->newer).value_or(0) > 0)) {
        behind = OutdatedPackage{package.name, package.version, version, suite, security};
      }
    }
    if (behind) out.outdated.push_back(std::move(*behind));
  }
  out.suites_known = true;
}

void read_support_lists(const image::Inventory& inventory, const vulndb::Database& database,
                        Assessment& out) {
  std::map<std::string, std::vector<std::string>> binaries;  // source -> installed binaries
  for (const auto& package : inventory.packages) {
    binaries[package.source_name.empty() ? package.name : package.source_name].push_back(
        package.name);
  }
  std::vector<std::string> sources;
  for (const auto& [source, unused] : binaries) sources.push_back(source);
  auto notes = database.support_notes(out.ecosystem, sources);
  if (!notes) {
    out.support_unknown_reason = notes.error().message;
    return;
  }
  for (const auto& note : *notes) {
    auto found = binaries.find(note.source_package);
    if (found == binaries.end()) continue;
    out.support.push_back(SupportGap{note.source_package, found->second, note.ended, note.version,
                                     note.date, note.note, note.list});
  }
  out.support_known = true;
}

}  // namespace

core::Result<Assessment> assess(const image::Inventory& inventory,
                                const vulndb::Database& database) {
  Assessment out;
  const image::OsInfo& os = inventory.os;
  auto ecosystem = vuln::os_ecosystem(os.id, os.version_id, os.version_codename);
  if (!ecosystem) {
    const std::string reason =
        os.id.empty()
            ? "the image's OS release was not detected"
            : "no vulnerability feed for the image's OS release: " + ecosystem.error().message;
    out.vulnerabilities_unknown_reason = reason;
    out.suites_unknown_reason = reason;
    return out;
  }
  out.ecosystem = ecosystem->osv;
  const vuln::Ecosystem manager = ecosystem->package_manager;
  const bool has_packages = std::any_of(
      inventory.packages.begin(), inventory.packages.end(), [&](const image::Package& package) {
        return vuln::parse_ecosystem(package.ecosystem) == manager;
      });
  if (!has_packages) {
    // No package database of the release's package manager: nothing to match, which is not
    // "no vulnerability".
    const std::string reason =
        "no " + std::string(vuln::to_string(manager)) + " package database was found in the image";
    out.vulnerabilities_unknown_reason = reason;
    out.suites_unknown_reason = reason;
    out.support_unknown_reason = out.ecosystem.starts_with("Debian:") ? reason : "";
    return out;
  }

  auto coverage = database.coverage(out.ecosystem);
  if (!coverage) return core::fail(coverage.error());
  if (!coverage->advisories) {
    out.vulnerabilities_unknown_reason = "the vulnerability database holds no advisory for " +
                                         out.ecosystem + " (hardock db import FEED)";
  } else {
    match_advisories(inventory, manager, database, out);
  }
  if (!coverage->package_indexes) {
    out.suites_unknown_reason = "no package index of " + out.ecosystem +
                                " was imported (hardock db import --packages INDEX)";
  } else {
    compare_with_suites(inventory, manager, database, out);
  }
  if (out.ecosystem.starts_with("Debian:")) {
    if (!coverage->support_lists) {
      out.support_unknown_reason =
          "no debian-security-support list of " + out.ecosystem +
          " was imported (hardock db import /usr/share/debian-security-support)";
    } else {
      read_support_lists(inventory, database, out);
    }
  }
  return out;
}

}  // namespace hardock::vulnscan
