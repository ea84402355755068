// EXPOSE of something that is no port: BuildKit rejects most of it, and what it takes (port 0)
// publishes nothing meaningful. The parser has read every port; this rule reports the ones it
// found invalid, plus 0.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_expose_invalid {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& inst : subject.file.instructions) {
      if (inst.keyword != rules::Keyword::kExpose) continue;
      const auto* ports = inst.as<std::vector<dockerfile::PortSpec>>();
      if (ports == nullptr) continue;
      for (const auto& port : *ports) {
        if (!port.word.complete) continue;  // EXPOSE $UNKNOWN: cannot tell
        if (port.valid && port.first != 0) continue;
        // Appended, not "'" + string: g++ 12 -O3 warns falsely (-Wrestrict, PR105329) on that.
        std::string evidence = "'";
        evidence += rules::bounded(port.word.value(), 60);
        evidence +=
            "' is not a port 1-65535, a range of them, or either with /tcp, /udp or /sctp: ";
        evidence += rules::evidence_of(inst);
        audit::add_dockerfile_finding(findings, self.info, subject, port.word.pos,
                                      std::move(evidence));
      }
    }
  }
}

}  // namespace dockerfile_expose_invalid

extern const Check kDockerfileExposeInvalid;  // listed in checks/list.h
const Check kDockerfileExposeInvalid{
    .info =
        {
            .code = "HDK-B-009",
            .slug = "dockerfile-expose-invalid",
            .title = "EXPOSE names an invalid port",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Fails for each EXPOSE word (in any stage) that is not a port 1-65535, a range "
                "first-last of them, optionally followed by /tcp, /udp or /sctp: port 0, numbers "
                "above 65535, host:container mappings (not allowed in EXPOSE), unknown "
                "protocols, reversed ranges. Words that depend on a build argument without "
                "default are not judged.",
            .remediation = "Write the container port the service listens on (EXPOSE 8080/tcp); "
                           "publish ports with docker run -p, not in the Dockerfile.",
            .equivalents = "DL3011,DS-0008",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nEXPOSE 80000\n",
    .good = "FROM debian:12\nEXPOSE 8080/tcp 9000-9010/udp\n",
    .run = collect<dockerfile_expose_invalid::run>,
    .append = dockerfile_expose_invalid::run,
};

}  // namespace hardock::audit::checks
