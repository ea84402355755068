// CIS 4.9: ADD of a URL downloads at build time whatever the server sends, with no check of
// what it is: a compromised or spoofed server puts its content into the image. BuildKit's
// ADD --checksum=sha256:... fails the build when the content differs, which closes that hole.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_add_url {

namespace rules = dockerfile_rules;

bool url(std::string_view source) {
  const std::string lower = rules::lowercase(source.substr(0, 16));
  return lower.starts_with("http://") || lower.starts_with("https://") ||
         lower.starts_with("git@") || lower.starts_with("git://") || lower.starts_with("ssh://");
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& inst : subject.file.instructions) {
      const rules::Instruction* add = &inst;
      if (inst.keyword == rules::Keyword::kOnbuild && !inst.trigger.empty())
        add = &inst.trigger.front();
      if (add->keyword != rules::Keyword::kAdd) continue;
      const auto* copy = add->as<dockerfile::CopyArgs>();
      if (copy == nullptr) continue;
      const auto* checksum = add->flag("checksum");
      if (checksum != nullptr && checksum->value && !checksum->value->empty()) continue;
      for (const auto& source : copy->sources) {
        if (!url(source.value())) continue;
        const bool plain = rules::lowercase(source.value().substr(0, 7)) == "http://";
        audit::add_dockerfile_finding(
            findings, self.info, subject, source.pos,
            rules::evidence_text(
                plain ? "ADD downloads over plain HTTP" : "ADD downloads",
                " without --checksum: ", rules::Bounded{rules::redact_secrets(source.value())},
                " in ", rules::EvidenceOf{*add}));
      }
    }
  }
}

}  // namespace dockerfile_add_url

extern const Check kDockerfileAddUrl;  // listed in checks/list.h
const Check kDockerfileAddUrl{
    .info =
        {
            .code = "HDK-B-006",
            .slug = "dockerfile-add-url",
            .title = "ADD downloads a URL without verifying it",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.9",
            .cobit = "DSS05.01",
            .description =
                "Fails for each http://, https://, git:// , ssh:// or git@ source of an ADD "
                "(ONBUILD ADD included) that has no --checksum: the build takes whatever the "
                "server returns. Passes for ADD --checksum=sha256:<hash> <url>, which BuildKit "
                "verifies, and for COPY.",
            .remediation = "Download in a RUN that verifies the file (curl -fsSLo f URL && echo "
                           "'<sha256>  f' | sha256sum -c -), or add --checksum=sha256:<hash> to "
                           "the ADD.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nADD https://example.com/tool.tar.gz /opt/\n",
    .good =
        "FROM debian:12\nADD "
        "--checksum=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef "
        "https://example.com/tool.tar.gz /opt/\n",
    .run = collect<dockerfile_add_url::run>,
    .append = dockerfile_add_url::run,
};

}  // namespace hardock::audit::checks
