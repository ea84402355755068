// The paper and CIS 5.7 alike: no SSH inside containers (docker exec is the way in). An image
// that EXPOSEs 22 declares that it runs an SSH server; `docker run -P` publishes it.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_expose_ssh {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const std::size_t index : subject.image_instructions()) {
      const auto& inst = subject.file.instructions[index];
      if (inst.keyword != rules::Keyword::kExpose) continue;
      const auto* ports = inst.as<std::vector<dockerfile::PortSpec>>();
      if (ports == nullptr) continue;
      for (const auto& port : *ports) {
        if (!port.valid || !rules::equals(port.protocol, "tcp") || port.first > 22 ||
            port.last < 22)
          continue;
        audit::add_dockerfile_finding(findings, self.info, subject, port.word.pos,
                                      rules::evidence_text("the image exposes the SSH port 22 (",
                                                           rules::Bounded{port.word.value(), 40},
                                                           "): ", rules::EvidenceOf{inst}));
      }
    }
  }
}

}  // namespace dockerfile_expose_ssh

extern const Check kDockerfileExposeSsh;  // listed in checks/list.h
const Check kDockerfileExposeSsh{
    .info =
        {
            .code = "HDK-B-007",
            .slug = "dockerfile-expose-ssh",
            .title = "Image exposes the SSH port 22",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.02",
            .description =
                "An SSH server in a container is a second way in, with its own keys and "
                "passwords to manage, beside `docker exec`. Fails when the final stage, or a "
                "stage it is built FROM, EXPOSEs TCP port 22, alone or inside a range. EXPOSE in "
                "a stage the image is not built from has no effect and passes; so do ports that "
                "depend on a build argument without default.",
            .remediation = "Remove EXPOSE 22 and the SSH server; use docker exec (or kubectl "
                           "exec) to get a shell. `hardock lint --fix` removes the port.",
            .equivalents = "DS-0004",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nEXPOSE 22 8080\n",
    .good = "FROM debian:12\nEXPOSE 8080\n",
    .run = collect<dockerfile_expose_ssh::run>,
    .append = dockerfile_expose_ssh::run,
};

}  // namespace hardock::audit::checks
