// A package with a known vulnerability: one finding per package and flaw, at the flaw's own
// severity, with the version that fixes it. The paper's first image risk: a container only
// gets the fix by rebuilding its image.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace vulnerable_package {

// The waiver that holds for this flaw on this day, if any; an expired one is named in the
// evidence instead, so that it is seen.
const AuditConfig::VulnerabilityWaiver* waiver_for(const AuditConfig& config,
                                                   const vulnscan::PackageVulnerability& flaw,
                                                   const std::string& today, std::string& expired) {
  for (const auto& waiver : config.vulnerability_waivers) {
    if (!waiver.package.empty() && waiver.package != flaw.package &&
        waiver.package != flaw.matched_name) {
      continue;
    }
    bool named = waiver.id == flaw.id;
    for (const auto& alias : flaw.aliases) named = named || waiver.id == alias;
    if (!named) continue;
    if (!waiver.until.empty() && !today.empty() && today >= waiver.until) {
      expired = waiver.until;
      continue;
    }
    return &waiver;
  }
  return nullptr;
}

std::string evidence_of(const vulnscan::PackageVulnerability& flaw) {
  std::string text = flaw.package + " " + flaw.installed;
  if (flaw.matched_name != flaw.package || flaw.matched_version != flaw.installed) {
    text += " (source " + flaw.matched_name + " " + flaw.matched_version + ")";
  }
  text += ": " + flaw.id;
  if (!flaw.aliases.empty()) text += " (" + image_rules::listed(flaw.aliases, 5) + ")";
  text += flaw.fixed.empty() ? "; no fix yet" : "; fixed in " + flaw.fixed;
  text +=
      "; severity " + std::string(core::to_string(flaw.severity)) + " from " + flaw.severity_source;
  text += "; source " + image_rules::listed(flaw.sources);
  return text;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const std::string today = context.engine.collected_at.substr(0, 10);
  return image_rules::per_assessment(
      self, context,
      [&](const image::ImageSubject& image, const vulnscan::Assessment& assessment,
          std::vector<core::Finding>& findings) {
        if (!assessment.vulnerabilities_known) {
          findings.push_back(core::make_unchecked(self.info, image_target(image),
                                                  core::FindingStatus::kError,
                                                  assessment.vulnerabilities_unknown_reason));
          return;
        }
        for (const auto& flaw : assessment.vulnerabilities) {
          if (context.config.ignore_unfixed && flaw.fixed.empty()) continue;
          std::string expired;
          if (waiver_for(context.config, flaw, today, expired) != nullptr) continue;
          std::string evidence = evidence_of(flaw);
          if (!expired.empty()) evidence += "; its waiver expired on " + expired;
          core::Finding finding = core::make_finding(self.info, image_target(image), evidence);
          finding.severity = flaw.severity;
          finding.key = flaw.package + " " + flaw.id;
          findings.push_back(std::move(finding));
        }
      });
}

}  // namespace vulnerable_package

extern const Check kImageVulnerablePackage;  // listed in checks/list.h
const Check kImageVulnerablePackage{
    .info =
        {
            .code = "HDK-I-014",
            .slug = "image-vulnerable-package",
            .title = "Image has a package with a known vulnerability",
            // The worst a flaw can be: each finding has its own, and --severity critical must
            // still run the check.
            .severity = core::Severity::kCritical,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "DSS05.07",
            .description =
                "An installed package is in a version a vulnerability feed names as affected "
                "(OSV, the Debian security tracker, Alpine secdb: hardock db import). Debian and "
                "Alpine feeds name source packages, matched through each binary's source; RPM "
                "feeds name binary packages. Versions are ordered as the package manager orders "
                "them. Each finding has the flaw's own severity (its CVSS v3 base score, else "
                "the distribution's rating, else medium, said to be assumed) and the fixed "
                "version, or 'no fix yet'. --ignore-unfixed leaves those without a fix out; "
                "waivers (policy 'vulnerabilities.waivers') leave out one id until a date.",
            .remediation = "Rebuild the image on an updated base (docker build --pull "
                           "--no-cache) or upgrade the package to the fixed version in the "
                           "Dockerfile; then recreate the containers that use it.",
        },
    .needs = Input::kVulnerabilities,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},"files":[],
              "assessment":{"ecosystem":"Debian:12","vulnerabilities":[{"package":"libssl3",
              "installed":"3.0.11-1~deb12u1","id":"CVE-2024-0727","fixed":"3.0.13-1~deb12u1",
              "severity":"medium"}]}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},"files":[],
               "assessment":{"ecosystem":"Debian:12","vulnerabilities":[]}}]})",
    .run = vulnerable_package::run,
};

}  // namespace hardock::audit::checks
