// The paper's ghost-container attack: an engine API that answers without a
// client certificate lets anyone who reaches the port start a privileged
// container that `docker ps` on the host never shows its owner as theirs.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (context.host == nullptr) return {};
  const auto& exposure = context.host->exposure;
  if (!exposure.probed) {
    // Not looking is not passing: say that the probe did not run.
    return {core::make_unchecked(
        self.info, host_target(*context.host), core::FindingStatus::kSkipped,
        "engine API not probed: " +
            (exposure.probe_skipped.empty() ? std::string("probe off") : exposure.probe_skipped))};
  }
  std::vector<std::string> evidence;
  for (const auto& probe : exposure.api) {
    if (!probe.answered) continue;
    evidence.push_back(probe.scheme + "://" + probe.address + " (" + probe.source +
                       ") answered GET /_ping without a client certificate; engine version " +
                       (probe.version.empty() ? "not revealed" : probe.version));
  }
  return exposure_util::host_findings(self, context, evidence);
}

}  // namespace

extern const Check kApiWithoutClientCert;  // listed in checks/list.h
const Check kApiWithoutClientCert{
    .info =
        {
            .code = "HDK-X-001",
            .slug = "api-without-client-cert",
            .title = "Engine API answers without a client certificate",
            .severity = core::Severity::kCritical,
            .target_kind = core::TargetKind::kHost,
            .cis = "2.7",
            .cobit = "DSS05.02",
            .description = "Whoever reaches this address controls the engine: they can start a "
                           "privileged container with the host's root filesystem mounted, i.e. "
                           "own the host, without any credential.",
            .remediation = "Remove tcp:// from dockerd -H / \"hosts\", or run it with --tlsverify "
                           "--tlscacert --tlscert --tlskey so that only clients with a "
                           "certificate from your CA are served; prefer SSH (DOCKER_HOST=ssh://).",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"exposure":{"probed":true,"api":[{"address":"127.0.0.1:2375",
      "source":"default","answered":true,"scheme":"http","version":"20.10.24"}]}}})",
    .good = R"({"host":{"exposure":{"probed":true,"api":[{"address":"127.0.0.1:2376",
      "source":"daemon -H","answered":false,"detail":"https: tlsv13 alert certificate required"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
