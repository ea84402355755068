// RUN --security=insecure runs the step without the sandbox: all capabilities, no seccomp or
// AppArmor, host devices: a privileged container at build time, whose output becomes the image.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_run_insecure {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  rules::run_flag_findings(
      self, context, findings, "security",
      [](const std::string& value) { return rules::lowercase(value) == "insecure"; },
      "the step runs unsandboxed (privileged): ");
}

}  // namespace dockerfile_run_insecure

extern const Check kDockerfileRunInsecure;  // listed in checks/list.h
const Check kDockerfileRunInsecure{
    .info =
        {
            .code = "HDK-B-023",
            .slug = "dockerfile-run-insecure",
            .title = "RUN --security=insecure runs a build step privileged",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.03",
            .description =
                "Fails for every RUN (ONBUILD RUN included) with --security=insecure: with the "
                "builder's security.insecure entitlement the step runs like a --privileged "
                "container, able to reach the build host's devices and kernel, and what it "
                "writes ships in the image. RUN without the flag, or with "
                "--security=sandbox, passes.",
            .remediation = "Remove --security=insecure; do what needed privileges outside the "
                           "build, or with a narrower tool (a cache or tmpfs mount, a "
                           "prebuilt artifact).",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN --security=insecure mount -t tmpfs none /mnt\n",
    .good = "FROM debian:12\nRUN --mount=type=tmpfs,target=/mnt true\n",
    .run = collect<dockerfile_run_insecure::run>,
    .append = dockerfile_run_insecure::run,
};

}  // namespace hardock::audit::checks
