// A package older than its distribution's suites hold: behind the security suite is a missing
// security update (whether or not a feed names a CVE for it), behind the release a missed point
// release. Judged from the package indexes imported with `hardock db import --packages`.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace outdated_package {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return image_rules::per_assessment(
      self, context,
      [&](const image::ImageSubject& image, const vulnscan::Assessment& assessment,
          std::vector<core::Finding>& findings) {
        if (!assessment.suites_known) {
          findings.push_back(core::make_unchecked(self.info, image_target(image),
                                                  core::FindingStatus::kError,
                                                  assessment.suites_unknown_reason));
          return;
        }
        for (const auto& package : assessment.outdated) {
          core::Finding finding =
              core::make_finding(self.info, image_target(image),
                                 package.package + " " + package.installed + " is older than " +
                                     package.newer + " in " + package.suite +
                                     (package.security ? " (a missing security update)"
                                                       : " (the release's current version)"));
          if (!package.security) finding.severity = core::Severity::kLow;
          finding.key = package.package;
          findings.push_back(std::move(finding));
        }
      });
}

}  // namespace outdated_package

extern const Check kImageOutdatedPackage;  // listed in checks/list.h
const Check kImageOutdatedPackage{
    .info =
        {
            .code = "HDK-I-015",
            .slug = "image-outdated-package",
            .title = "Image has a package older than its distribution's security or release "
                     "suite",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "DSS05.07",
            .description =
                "Compares each installed package with the newest version of it in the imported "
                "package indexes of the image's release (APT Packages of bookworm and "
                "bookworm-security, Alpine APKINDEX). Older than the security suite's version: a "
                "security update the image lacks, even when no feed names a CVE for it (high). "
                "Older only than the release's version: a point release missed (low). A "
                "release with no imported index is could-not-look, never up to date.",
            .remediation = "Rebuild the image on an updated base (docker build --pull "
                           "--no-cache), or run the package manager's upgrade in the Dockerfile "
                           "(apt-get upgrade, apk upgrade, dnf upgrade).",
        },
    .needs = Input::kVulnerabilities,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},"files":[],
              "assessment":{"ecosystem":"Debian:12","outdated":[{"package":"libssl3",
              "installed":"3.0.11-1~deb12u1","newer":"3.0.15-1~deb12u1",
              "suite":"bookworm-security","security":true}]}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},"files":[],
               "assessment":{"ecosystem":"Debian:12","outdated":[]}}]})",
    .run = outdated_package::run,
};

}  // namespace hardock::audit::checks
