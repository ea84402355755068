// A package whose security support has ended or is limited in its release, as Debian's own
// debian-security-support lists say: no more security updates will come for it there.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace security_support_ended {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return image_rules::per_assessment(
      self, context,
      [&](const image::ImageSubject& image, const vulnscan::Assessment& assessment,
          std::vector<core::Finding>& findings) {
        if (!assessment.support_known) {
          // Only Debian publishes such lists: for other releases the check does not apply.
          const bool applies = !assessment.support_unknown_reason.empty();
          findings.push_back(core::make_unchecked(
              self.info, image_target(image),
              applies ? core::FindingStatus::kError : core::FindingStatus::kSkipped,
              applies ? assessment.support_unknown_reason
                      : "no security-support list exists for " + (assessment.ecosystem.empty()
                                                                      ? std::string("this release")
                                                                      : assessment.ecosystem)));
          return;
        }
        const std::string today = context.engine.collected_at.substr(0, 10);
        for (const auto& gap : assessment.support) {
          std::string state = "limited";
          if (gap.ended) {
            // An end announced for a later day is reported already: the image will outlive it.
            const bool future = !gap.date.empty() && !today.empty() && gap.date > today;
            state = gap.date.empty() ? "ended" : (future ? "ends on " : "ended on ") + gap.date;
            if (!gap.version.empty() && gap.version != "0") {
              state += " (last supported version " + gap.version + ")";
            }
          }
          std::string evidence = "source package " + gap.source_package +
                                 " (installed: " + image_rules::listed(gap.binaries, 5) +
                                 "): security support " + state;
          if (!gap.note.empty()) evidence += " (" + gap.note + ")";
          evidence += "; from " + gap.list;
          core::Finding finding = core::make_finding(self.info, image_target(image), evidence);
          if (!gap.ended) finding.severity = core::Severity::kLow;
          finding.key = gap.source_package;
          findings.push_back(std::move(finding));
        }
      });
}

}  // namespace security_support_ended

extern const Check kImageSecuritySupportEnded;  // listed in checks/list.h
const Check kImageSecuritySupportEnded{
    .info =
        {
            .code = "HDK-I-016",
            .slug = "image-security-support-ended",
            .title = "Image has a package whose security support has ended or is limited",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "APO12.03",
            .description =
                "Debian lists, in the debian-security-support package, the source packages of "
                "each release that get no more security updates (ended: medium) or only some "
                "(limited: low). A flaw found in them later stays open: a risk to record and "
                "plan for. Other distributions publish no such list, so the check does not "
                "apply to them.",
            .remediation = "Replace the package (or the image) with a supported one, or move "
                           "to a release where it is supported; record the accepted risk "
                           "meanwhile.",
        },
    .needs = Input::kVulnerabilities,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},"files":[],
              "assessment":{"ecosystem":"Debian:12","support":[{"source_package":"nodejs",
              "binaries":["nodejs"],"ended":false,"note":"see README.Debian.security",
              "list":"security-support-limited.deb12"}]}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},"files":[],
               "assessment":{"ecosystem":"Debian:12","support":[]}}]})",
    .run = security_support_ended::run,
};

}  // namespace hardock::audit::checks
