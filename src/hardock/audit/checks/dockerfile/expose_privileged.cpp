// Ports below 1024 need root or CAP_NET_BIND_SERVICE in the container to bind: an image that
// listens there is built to run privileged. (22 is HDK-B-007's.)
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_expose_privileged {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const std::size_t index : subject.image_instructions()) {
      const auto& inst = subject.file.instructions[index];
      if (inst.keyword != rules::Keyword::kExpose) continue;
      const auto* ports = inst.as<std::vector<dockerfile::PortSpec>>();
      if (ports == nullptr) continue;
      for (const auto& port : *ports) {
        if (!port.valid || port.first == 0 || port.first >= 1024) continue;
        // 22 alone (any protocol) is the SSH rule's; a range holding others is judged here.
        if (port.first == 22 && port.last == 22) continue;
        audit::add_dockerfile_finding(
            findings, self.info, subject, port.word.pos,
            rules::evidence_text("the image exposes the privileged port ",
                                 rules::Bounded{port.word.value(), 40},
                                 " (below 1024): ", rules::EvidenceOf{inst}));
      }
    }
  }
}

}  // namespace dockerfile_expose_privileged

extern const Check kDockerfileExposePrivileged;  // listed in checks/list.h
const Check kDockerfileExposePrivileged{
    .info =
        {
            .code = "HDK-B-008",
            .slug = "dockerfile-expose-privileged",
            .title = "Image exposes a privileged port (below 1024)",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.02",
            .description =
                "Binding a port below 1024 takes root or CAP_NET_BIND_SERVICE, so a service "
                "listening there cannot run as an unprivileged user without extra rights. Fails "
                "when the final stage, or a stage it is built FROM, EXPOSEs a port or range "
                "starting below 1024 (port 22 alone is HDK-B-007). Passes for ports 1024 and "
                "above, and for ports that depend on a build argument without default.",
            .remediation = "Listen on a port of 1024 or above inside the container (8080, "
                           "8443) and publish it on the wanted host port: docker run -p 80:8080.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM nginx:1.27\nEXPOSE 80\n",
    .good = "FROM nginx:1.27\nEXPOSE 8080\n",
    .run = collect<dockerfile_expose_privileged::run>,
    .append = dockerfile_expose_privileged::run,
};

}  // namespace hardock::audit::checks
