// CIS 4.9: COPY, not ADD. ADD of a local file does what COPY does plus what nobody reading the
// line expects: a local tar archive is unpacked, and the same instruction fetches URLs. A
// local archive, which ADD is meant to unpack, passes; ADD of a URL is HDK-B-006.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_add_local {

namespace rules = dockerfile_rules;

bool remote(std::string_view source) {
  const std::string lower = rules::lowercase(source.substr(0, 16));
  return lower.starts_with("http://") || lower.starts_with("https://") ||
         lower.starts_with("git@") || lower.starts_with("git://") || lower.starts_with("ssh://");
}

bool archive(std::string_view source) {
  const std::string lower =
      rules::lowercase(source.substr(source.size() > 16 ? source.size() - 16 : 0));
  for (std::string_view suffix : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz",
                                  ".txz", ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma"}) {
    if (lower.ends_with(suffix)) return true;
  }
  return false;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& inst : subject.file.instructions) {
      const rules::Instruction* add = &inst;
      if (inst.keyword == rules::Keyword::kOnbuild && !inst.trigger.empty())
        add = &inst.trigger.front();
      if (add->keyword != rules::Keyword::kAdd) continue;
      const auto* copy = add->as<dockerfile::CopyArgs>();
      if (copy == nullptr || copy->sources.empty()) continue;
      bool local = false;
      for (const auto& source : copy->sources) {
        if (!remote(source.value()) && !archive(source.value())) local = true;
      }
      if (!local) continue;  // only URLs (HDK-B-006) or archives ADD unpacks
      audit::add_dockerfile_finding(
          findings, self.info, subject, add->pos,
          rules::evidence_text("ADD of local files where COPY does: ", rules::EvidenceOf{*add}));
    }
  }
}

}  // namespace dockerfile_add_local

extern const Check kDockerfileAddLocal;  // listed in checks/list.h
const Check kDockerfileAddLocal{
    .info =
        {
            .code = "HDK-B-005",
            .slug = "dockerfile-add-local",
            .title = "ADD used for local files where COPY does",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.9",
            .cobit = "BAI10.02",
            .description =
                "ADD copies like COPY but also unpacks archives and fetches URLs, so what it "
                "does depends on what the source turns out to be. Fails for every ADD (ONBUILD "
                "ADD included, heredoc sources included) with at least one local source that is "
                "not a tar archive. Passes for COPY, for ADD of local tar archives (.tar, "
                ".tar.gz, .tgz, .tar.xz ...), which ADD is meant to unpack, and for ADD of URLs "
                "alone (judged by HDK-B-006).",
            .remediation = "Replace ADD with COPY (same flags: --chown, --chmod, --link); "
                           "`hardock lint --fix` does it.",
            .equivalents = "DL3020,DS-0005",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nADD app.py /srv/\n",
    .good = "FROM debian:12\nCOPY app.py /srv/\nADD rootfs.tar.gz /\n",
    .run = collect<dockerfile_add_local::run>,
    .append = dockerfile_add_local::run,
};

}  // namespace hardock::audit::checks
