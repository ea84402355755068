// A package with a known vulnerability: one finding per package and flaw, at the flaw's own
// severity, with the version that fixes it. The paper's first image risk: a container only
// gets the fix by rebuilding its image.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace vulnerable_package {

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
          core::Finding finding =
              core::make_finding(self.info, image_target(image), evidence_of(flaw));
          finding.severity = flaw.severity;
          finding.key = flaw.package + " " + flaw.id;
          // A waiver may name the flaw by any of its ids, and its package or source package:
          // the one matcher sees them all (the runner's own pass sees only check and target).
          std::vector<std::string> ids{flaw.id};
          ids.insert(ids.end(), flaw.aliases.begin(), flaw.aliases.end());
          const std::string packages[] = {flaw.package, flaw.matched_name};
          apply_match(
              match_waiver(context.config.waivers,
                           {self.info.code, finding.target, finding.severity, ids, packages},
                           context.config.today),
              finding);
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
                "waivers (hardock accept, or policy 'vulnerabilities.waivers') accept one id until "
                "a date: its finding is still reported, as accepted.",
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
    .applies_waivers = true,
};

}  // namespace hardock::audit::checks
