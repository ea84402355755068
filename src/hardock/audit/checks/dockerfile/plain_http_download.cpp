// CIS 4.11: a download over plain HTTP can be replaced by anyone on the network path of the
// build; what it fetches goes into the image unverified unless a checksum follows.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_plain_http_download {

namespace rules = dockerfile_rules;

// http://HOST... with a host that is not this machine.
bool remote_http(std::string_view url) {
  if (!url.starts_with("http://")) return false;
  std::string_view authority = url.substr(7);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  const std::string_view host = authority.starts_with('[')
                                    ? authority.substr(0, authority.find(']') + 1)
                                    : authority.substr(0, authority.find(':'));
  return !(host.empty() || rules::equals(host, "localhost") || host.starts_with("127.") ||
           rules::equals(host, "[::1]"));
}

// The command downloads: curl, wget, fetch, git clone/fetch/submodule, pip with an index.
bool downloads(const rules::RunCommand& cmd) {
  const std::string_view name = cmd.name();
  if (rules::is_any(name, {"curl", "wget", "fetch", "git"})) return true;
  const auto& pkg = cmd.package;
  return pkg && (pkg->manager == rules::Manager::kPip || pkg->manager == rules::Manager::kNpm ||
                 pkg->manager == rules::Manager::kGem);
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      for (const rules::RunCommand& cmd : script.commands) {
        if (!downloads(cmd)) continue;
        for (std::size_t k = cmd.start + 1; k < cmd->words.size(); ++k) {
          const rules::ShellWord& word = cmd->words[k];
          std::string_view url = word.text;
          if (const std::size_t eq = url.find("=http://");
              url.starts_with("--") && eq != std::string_view::npos) {
            url = url.substr(eq + 1);  // --index-url=http://...
          }
          if (!remote_http(url)) continue;
          // Never show credentials a URL may carry: scheme and host only.
          std::string shown(url.substr(0, std::min<std::size_t>(url.size(), 100)));
          if (const std::size_t at = shown.find('@'); at != std::string::npos) {
            shown = "http://****" + shown.substr(at);
          }
          audit::add_dockerfile_finding(
              findings, self.info, subject, word.pos,
              rules::evidence_text(cmd.name(), " downloads over plain HTTP: ", shown));
          break;
        }
      }
    }
  }
}

}  // namespace dockerfile_plain_http_download

extern const Check kDockerfilePlainHttpDownload;  // listed in checks/list.h
const Check kDockerfilePlainHttpDownload{
    .info =
        {
            .code = "HDK-B-059",
            .slug = "dockerfile-plain-http-download",
            .title = "RUN downloads over plain HTTP",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.11",
            .cobit = "DSS05.03",
            .description =
                "What curl, wget, fetch, git, pip, npm or gem fetch from an http:// URL can be "
                "replaced by anyone on the network path of the build, and goes into the image "
                "unverified unless the RUN checks a checksum or signature. Fails on each such "
                "command with an http:// URL to a host other than localhost. Package "
                "repositories of apt, apk and rpm sign their indexes and are not judged here.",
            .remediation =
                "Use https://, and verify what you download (sha256sum -c with a checksum "
                "kept in the Dockerfile, or a signature).",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN wget -q http://example.com/tool.tgz\n",
    .good = "FROM debian:12\nRUN wget -q https://example.com/tool.tgz\n",
    .run = collect<dockerfile_plain_http_download::run>,
    .append = dockerfile_plain_http_download::run,
};

}  // namespace hardock::audit::checks
