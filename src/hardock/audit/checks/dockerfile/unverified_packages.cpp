// CIS 4.11: package managers verify each package's signature against the distribution's keys;
// the options that turn this off install whatever a mirror or the network serves.
#include <cctype>

#include "hardock/audit/checks/dockerfile/shell_util.h"
#include "hardock/dockerfile/ascii.h"

namespace hardock::audit::checks {
namespace dockerfile_unverified_packages {

namespace rules = dockerfile_rules;
using rules::Manager;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = dockerfile::ascii_lower(c);
  return out;
}

// Holds "trusted=yes" in any case (searched without a lowercased copy of every word).
bool contains_trusted_yes(std::string_view text) {
  constexpr std::string_view kWanted = "trusted=yes";
  for (std::size_t at = 0; at + kWanted.size() <= text.size(); ++at) {
    std::size_t k = 0;
    while (k < kWanted.size() && dockerfile::ascii_lower(text[at + k]) == kWanted[k]) {
      ++k;
    }
    if (k == kWanted.size()) return true;
  }
  return false;
}

bool true_value(std::string_view value) {
  return rules::is_any(value, {"true", "1", "yes", "\"true\"", "\"1\""});
}

// The word that turns signature checks off, or nullptr.
const rules::ShellWord* unverified(const rules::RunCommand& run_cmd) {
  const rules::SimpleCommand& cmd = *run_cmd;
  // echo 'deb [trusted=yes] http://... ' > /etc/apt/sources.list.d/x.list, in any command
  for (const auto& word : cmd.words) {
    if (contains_trusted_yes(word.text)) return &word;
  }
  const std::size_t start = run_cmd.start;
  if (start < cmd.words.size() && run_cmd.name() == "rpm") {
    for (std::size_t k = start + 1; k < cmd.words.size(); ++k) {
      if (rules::is_any(cmd.words[k].text, {"--nosignature", "--nodigest", "--nosig"})) {
        return &cmd.words[k];
      }
    }
    return nullptr;
  }
  const auto& pkg = run_cmd.package;
  if (!pkg) return nullptr;
  for (const auto& opt : pkg->options) {
    const std::string word = lower(opt.word->text);
    const std::string value = opt.value != nullptr ? lower(opt.value->text) : std::string();
    switch (pkg->manager) {
      case Manager::kApt:
        if (rules::is_any(word, {"--allow-unauthenticated", "--allow-insecure-repositories",
                                 "--force-yes"})) {
          return opt.word;
        }
        if (word == "-o" || word == "--option") {
          const std::size_t eq = value.find('=');
          const std::string key = value.substr(0, eq);
          if (eq != std::string::npos &&
              rules::is_any(key,
                            {"apt::get::allowunauthenticated", "acquire::allowinsecurerepositories",
                             "acquire::allowdowngradetoinsecurerepositories"}) &&
              true_value(std::string_view(value).substr(eq + 1))) {
            return opt.value;
          }
        }
        break;
      case Manager::kApk:
        if (word == "--allow-untrusted") return opt.word;
        break;
      case Manager::kYum:
      case Manager::kDnf:
      case Manager::kMicrodnf:
        if (word == "--nogpgcheck" || word == "--no-gpgchecks") return opt.word;
        if (word == "--setopt" &&
            (value.ends_with("gpgcheck=0") || value.ends_with("gpgcheck=false"))) {
          return opt.value;
        }
        if (word.starts_with("--setopt=") &&
            (word.ends_with("gpgcheck=0") || word.ends_with("gpgcheck=false"))) {
          return opt.word;
        }
        break;
      case Manager::kZypper:
        if (word == "--no-gpg-checks" || word == "--gpg-auto-import-keys") return opt.word;
        break;
      default:
        break;
    }
  }
  return nullptr;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      for (const rules::RunCommand& cmd : script.commands) {
        const rules::ShellWord* word = unverified(cmd);
        if (word == nullptr) continue;
        findings.push_back(audit::dockerfile_finding(self.info, subject, word->pos,
                                                     "package signature verification off (" +
                                                         std::string(word->text) +
                                                         "): " + rules::command_text(*cmd)));
      }
    }
  }
  return findings;
}

}  // namespace dockerfile_unverified_packages

extern const Check kDockerfileUnverifiedPackages;  // listed in checks/list.h
const Check kDockerfileUnverifiedPackages{
    .info =
        {
            .code = "HDK-B-058",
            .slug = "dockerfile-unverified-packages",
            .title = "Package signature verification turned off",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.11",
            .cobit = "DSS05.03",
            .description =
                "Package managers check every package against the distribution's signing "
                "keys; with that off, a compromised mirror or anyone on the network path "
                "chooses what is installed. Fails on apt --allow-unauthenticated, "
                "--allow-insecure-repositories, --force-yes or -o "
                "APT::Get::AllowUnauthenticated=true, a `[trusted=yes]` source, apk "
                "--allow-untrusted, yum/dnf/microdnf --nogpgcheck or --setopt=gpgcheck=0, rpm "
                "--nosignature/--nodigest, zypper --no-gpg-checks or --gpg-auto-import-keys "
                "(trusts any new key).",
            .remediation =
                "Keep verification on; for a third-party repository, import its key "
                "explicitly (a signed-by keyring for apt, rpm --import of a pinned key) and "
                "install from it with checks on.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted /tmp/tool.apk\n",
    .good = "FROM alpine:3.20\nRUN apk add --no-cache /tmp/tool.apk\n",
    .run = dockerfile_unverified_packages::run,
};

}  // namespace hardock::audit::checks
