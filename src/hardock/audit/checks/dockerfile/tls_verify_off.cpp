// CIS 4.11: a download with certificate checks off takes whatever anyone on the network path
// answers (curl -k, wget --no-check-certificate, pip --trusted-host, git sslVerify=false).
#include <cctype>

#include "hardock/audit/checks/dockerfile/shell_util.h"
#include "hardock/dockerfile/ascii.h"

namespace hardock::audit::checks {
namespace dockerfile_tls_verify_off {

namespace rules = dockerfile_rules;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = dockerfile::ascii_lower(c);
  return out;
}

// curl's short options that take an argument: the rest of a cluster after one is its value.
bool curl_insecure_cluster(std::string_view word) {
  if (word.size() < 2 || word[0] != '-' || word[1] == '-') return false;
  for (std::size_t k = 1; k < word.size(); ++k) {
    if (word[k] == 'k') return true;
    if (std::string_view("oHduXAeTxwbcCrmzEKFYyUQDPtz").find(word[k]) != std::string_view::npos) {
      return false;
    }
  }
  return false;
}

// insecure_assignment() past its lengths.
bool insecure_assignment_text(std::string_view text) {
  const auto is = [text](std::string_view lowercase) {
    if (text.size() != lowercase.size()) return false;
    for (std::size_t k = 0; k < text.size(); ++k) {
      if (dockerfile::ascii_lower(text[k]) != lowercase[k]) return false;
    }
    return true;
  };
  return is("git_ssl_no_verify=1") || is("git_ssl_no_verify=true") ||
         is("node_tls_reject_unauthorized=0") || is("pythonhttpsverify=0");
}

// An assignment that turns verification off: GIT_SSL_NO_VERIFY=1, NODE_TLS_REJECT_UNAUTHORIZED=0,
// PYTHONHTTPSVERIFY=0.
// (Compared without a lowercased copy: this runs on every word of every RUN. Their lengths
// first, in place: nearly every word has another.)
[[gnu::always_inline]] inline bool insecure_assignment(std::string_view text) {
  return (text.size() == 19 || text.size() == 22 || text.size() == 30) &&
         insecure_assignment_text(text);
}

// What in the command turns TLS verification off, or "".
std::string insecure(const rules::RunCommand& run_cmd, const rules::ShellWord*& where) {
  const rules::SimpleCommand& cmd = *run_cmd;
  for (const auto& word : cmd.assignments) {
    if (insecure_assignment(word.text)) {
      where = &word;
      return std::string(word.text);
    }
  }
  const std::size_t start = run_cmd.start;
  for (std::size_t k = 0; k < cmd.words.size(); ++k) {
    if (k != start && insecure_assignment(cmd.words[k].text)) {  // env X=1 cmd, export X=1
      where = &cmd.words[k];
      return std::string(cmd.words[k].text);
    }
  }
  if (start >= cmd.words.size()) return {};
  const std::string_view name = run_cmd.name();
  const auto& pkg = run_cmd.package;
  const bool pip = pkg && pkg->manager == rules::Manager::kPip;
  const bool git = rules::equals(name, "git");
  const bool node = rules::is_any(name, {"npm", "yarn", "pnpm"});
  const bool curl = rules::equals(name, "curl");
  const bool wget = rules::equals(name, "wget");
  // The options below belong to these commands only: the others' words need no reading.
  if (!pip && !git && !node && !curl && !wget) return {};
  for (std::size_t k = start + 1; k < cmd.words.size(); ++k) {
    const std::string_view text = cmd.words[k].text;
    where = &cmd.words[k];
    if (curl && (rules::equals(text, "--insecure") || curl_insecure_cluster(text))) {
      return "curl " + std::string(text);
    }
    if (wget && rules::equals(text, "--no-check-certificate")) return "wget " + std::string(text);
    if (git || node) {  // lowercased copies only for the commands that need them
      const std::string low = lower(text);
      const std::string next =
          k + 1 < cmd.words.size() ? lower(cmd.words[k + 1].text) : std::string();
      if (git && (low.find("http.sslverify=false") != std::string::npos ||
                  (rules::equals(low, "http.sslverify") &&
                   (rules::equals(next, "false") || rules::equals(next, "0"))))) {
        return "git " + std::string(text) +
               (rules::equals(low, "http.sslverify") ? " " + next : "");
      }
      if (node && (rules::equals(low, "--strict-ssl=false") ||
                   (rules::equals(low, "strict-ssl") && rules::equals(next, "false")))) {
        return std::string(name) + " strict-ssl false";
      }
    }
    if (pip && (rules::equals(text, "--trusted-host") || text.starts_with("--trusted-host="))) {
      return std::string(pkg->tool) + " " + std::string(text);
    }
  }
  return {};
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      for (const rules::RunCommand& cmd : script.commands) {
        const rules::ShellWord* where = nullptr;
        const std::string what = insecure(cmd, where);
        if (what.empty() || where == nullptr) continue;
        audit::add_dockerfile_finding(
            findings, self.info, subject, where->pos,
            rules::evidence_text("TLS certificate verification off: ", what));
      }
    }
  }
}

}  // namespace dockerfile_tls_verify_off

extern const Check kDockerfileTlsVerifyOff;  // listed in checks/list.h
const Check kDockerfileTlsVerifyOff{
    .info =
        {
            .code = "HDK-B-057",
            .slug = "dockerfile-tls-verify-off",
            .title = "RUN downloads with TLS certificate verification off",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.11",
            .cobit = "DSS05.03",
            .description =
                "With certificate verification off, whoever sits on the network path of the "
                "build (a proxy, a Wi-Fi, a compromised router) can answer for the server and "
                "put their code into the image. Fails on curl -k/--insecure, wget "
                "--no-check-certificate, git -c http.sslVerify=false (or git config "
                "http.sslVerify false), pip --trusted-host, npm/yarn strict-ssl false, and "
                "GIT_SSL_NO_VERIFY=1, NODE_TLS_REJECT_UNAUTHORIZED=0 or PYTHONHTTPSVERIFY=0 "
                "on a command. (The same variables set by ENV or ARG are HDK-B-025's.)",
            .remediation =
                "Keep verification on; when a private CA signs the server, add its "
                "certificate to the image's trust store (COPY ca.crt "
                "/usr/local/share/ca-certificates/ && update-ca-certificates) or pass it "
                "(curl --cacert, pip --cert).",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN curl -fsSLk https://example.com/a.tgz -o /tmp/a.tgz\n",
    .good = "FROM debian:12\nRUN curl -fsSL https://example.com/a.tgz -o /tmp/a.tgz\n",
    .run = collect<dockerfile_tls_verify_off::run>,
    .append = dockerfile_tls_verify_off::run,
};

}  // namespace hardock::audit::checks
