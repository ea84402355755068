// CIS 4.11: package managers verify each package's signature against the distribution's keys;
// the options that turn this off install whatever a mirror or the network serves.
#include <cctype>

#include "hardock/audit/checks/dockerfile/shell_util.h"
#include "hardock/dockerfile/ascii.h"

namespace hardock::audit::checks {
namespace dockerfile_unverified_packages {

namespace rules = dockerfile_rules;
using rules::Manager;

// `text` equals `lower` (lowercase) in any case; starts or ends with it. (Compared without a
// lowercased copy of each option: this reads every option of every package command.)
bool same(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (dockerfile::ascii_lower(text[k]) != lower[k]) return false;
  }
  return true;
}
bool starts(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() && same(text.substr(0, lower.size()), lower);
}
bool ends(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() && same(text.substr(text.size() - lower.size()), lower);
}

// Holds "trusted=yes" in any case: at each '=' (found by memchr), the bytes around it.
bool contains_trusted_yes(std::string_view text) {
  constexpr std::size_t kBefore = 7;                     // "trusted"
  constexpr std::size_t kAfter = 3;                      // "yes"
  if (text.size() < kBefore + 1 + kAfter) return false;  // most words
  for (std::size_t eq = text.find('=', kBefore); eq != std::string_view::npos;
       eq = text.find('=', eq + 1)) {
    if (eq + kAfter + 1 > text.size()) break;  // no room for "yes" here or later
    if (same(text.substr(eq - kBefore, kBefore), "trusted") &&
        same(text.substr(eq + 1, kAfter), "yes")) {
      return true;
    }
  }
  return false;
}

bool true_value(std::string_view value) {
  return same(value, "true") || same(value, "1") || same(value, "yes") || same(value, "\"true\"") ||
         same(value, "\"1\"");
}

// The word that turns signature checks off, or nullptr.
const rules::ShellWord* unverified(const rules::RunCommand& run_cmd) {
  const rules::SimpleCommand& cmd = *run_cmd;
  // echo 'deb [trusted=yes] http://... ' > /etc/apt/sources.list.d/x.list, in any command
  constexpr std::size_t kShortest = std::string_view("trusted=yes").size();
  for (const auto& word : cmd.words) {  // (the length first, here: most words are shorter)
    if (word.text.size() >= kShortest && contains_trusted_yes(word.text)) return &word;
  }
  const std::size_t start = run_cmd.start;
  if (start < cmd.words.size() && rules::equals(run_cmd.name(), "rpm")) {
    for (std::size_t k = start + 1; k < cmd.words.size(); ++k) {
      if (rules::is_any(cmd.words[k].text, {"--nosignature", "--nodigest", "--nosig"})) {
        return &cmd.words[k];
      }
    }
    return nullptr;
  }
  const auto& pkg = run_cmd.package;
  if (!pkg) return nullptr;
  switch (pkg->manager) {  // pip, npm and gem have no option read here
    case Manager::kPip:
    case Manager::kNpm:
    case Manager::kGem:
      return nullptr;
    default:
      break;
  }
  for (const auto& opt : pkg->options) {
    const std::string_view word = opt.word->text;
    const std::string_view value =
        opt.value != nullptr ? std::string_view(opt.value->text) : std::string_view();
    switch (pkg->manager) {
      case Manager::kApt:
        if (same(word, "--allow-unauthenticated") || same(word, "--allow-insecure-repositories") ||
            same(word, "--force-yes")) {
          return opt.word;
        }
        if (same(word, "-o") || same(word, "--option")) {
          const std::size_t eq = value.find('=');
          const std::string_view key = value.substr(0, eq);
          if (eq != std::string_view::npos &&
              (same(key, "apt::get::allowunauthenticated") ||
               same(key, "acquire::allowinsecurerepositories") ||
               same(key, "acquire::allowdowngradetoinsecurerepositories")) &&
              true_value(value.substr(eq + 1))) {
            return opt.value;
          }
        }
        break;
      case Manager::kApk:
        if (same(word, "--allow-untrusted")) return opt.word;
        break;
      case Manager::kYum:
      case Manager::kDnf:
      case Manager::kMicrodnf:
        if (same(word, "--nogpgcheck") || same(word, "--no-gpgchecks")) return opt.word;
        if (same(word, "--setopt") &&
            (ends(value, "gpgcheck=0") || ends(value, "gpgcheck=false"))) {
          return opt.value;
        }
        if (starts(word, "--setopt=") &&
            (ends(word, "gpgcheck=0") || ends(word, "gpgcheck=false"))) {
          return opt.word;
        }
        break;
      case Manager::kZypper:
        if (same(word, "--no-gpg-checks") || same(word, "--gpg-auto-import-keys")) return opt.word;
        break;
      default:
        break;
    }
  }
  return nullptr;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      for (const rules::RunCommand& cmd : script.commands) {
        const rules::ShellWord* word = unverified(cmd);
        if (word == nullptr) continue;
        audit::add_dockerfile_finding(
            findings, self.info, subject, word->pos,
            rules::evidence_text("package signature verification off (", word->text,
                                 "): ", rules::CommandText{*cmd}));
      }
    }
  }
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
    .run = collect<dockerfile_unverified_packages::run>,
    .append = dockerfile_unverified_packages::run,
};

}  // namespace hardock::audit::checks
