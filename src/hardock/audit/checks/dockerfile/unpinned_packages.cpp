// Unpinned packages: the image gets whatever version the repository serves on the day of the
// build, so two builds of one Dockerfile differ, and a compromised or broken release goes in
// unnoticed.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_unpinned_packages {

namespace rules = dockerfile_rules;
using rules::Manager;

bool has_digit_after_dash(std::string_view word) {
  for (std::size_t k = 1; k + 1 < word.size(); ++k) {
    if (word[k] == '-' && word[k + 1] >= '0' && word[k + 1] <= '9') return true;
  }
  return false;
}

bool archive(std::string_view word) {
  static constexpr std::string_view kSuffixes[] = {".deb",    ".rpm", ".apk", ".whl",
                                                   ".tar.gz", ".tgz", ".zip", ".gem"};
  for (const std::string_view suffix : kSuffixes) {
    if (word.ends_with(suffix)) return true;
  }
  return false;
}

// Whether the operand pins a version; nullopt when it cannot be judged (an expansion, a file,
// a URL, a group).
std::optional<bool> pinned(const rules::PackageCommand& pkg, std::string_view word) {
  if (archive(word) || word.find('$') != std::string_view::npos ||
      word.find('`') != std::string_view::npos || word.find("://") != std::string_view::npos ||
      word.starts_with('.') || word.starts_with('~')) {
    return std::nullopt;
  }
  switch (pkg.manager) {
    case Manager::kApt:
      if (word.find('/') != std::string_view::npos) return std::nullopt;  // a file or pkg/release
      return word.find('=') != std::string_view::npos;
    case Manager::kApk:
      return rules::has_any_of(word, "=~<>");
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      if (word.starts_with('@') || word.find('/') != std::string_view::npos) return std::nullopt;
      return has_digit_after_dash(word) || rules::has_any_of(word, "=<>");
    case Manager::kZypper:
      if (word.find('/') != std::string_view::npos) return std::nullopt;
      return rules::has_any_of(word, "=<>");
    case Manager::kPip:
      if (word.find('/') != std::string_view::npos) return std::nullopt;
      return rules::has_any_of(word, "=<>~@");
    case Manager::kNpm:
      if (word.starts_with('/') || word.starts_with("git") || word.starts_with("file:") ||
          word.starts_with("github:")) {
        return std::nullopt;
      }
      if (!word.starts_with('@') && word.find('/') != std::string_view::npos) {
        return std::nullopt;  // user/repo on GitHub
      }
      return word.find('@', 1) != std::string_view::npos;
    case Manager::kGem:
      return pkg.has({"-v", "--version"}) || word.find(':') != std::string_view::npos;
  }
  return std::nullopt;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      for (const rules::RunCommand& cmd : script.commands) {
        const auto& pkg = cmd.package;
        if (!pkg || !rules::is_install(*pkg)) continue;
        // The operands without a version: the first few named, the rest counted.
        const rules::ShellWord* first = nullptr;
        std::size_t loose = 0;
        std::string names;
        constexpr std::size_t kShown = 5;
        for (const rules::ShellWord* word : pkg->operands) {
          if (pinned(*pkg, word->text) != false) continue;
          if (loose == 0) first = word;
          if (loose < kShown) names.append(loose == 0 ? "" : " ").append(word->text);
          ++loose;
        }
        if (first == nullptr) continue;
        if (loose > kShown) names += " and " + std::to_string(loose - kShown) + " more";
        findings.push_back(audit::dockerfile_finding(self.info, subject, first->pos,
                                                     std::string(pkg->tool) + " " +
                                                         std::string(pkg->subcommand()) +
                                                         " without a version: " + names));
      }
    }
  }
  return findings;
}

}  // namespace dockerfile_unpinned_packages

extern const Check kDockerfileUnpinnedPackages;  // listed in checks/list.h
const Check kDockerfileUnpinnedPackages{
    .info =
        {
            .code = "HDK-B-050",
            .slug = "dockerfile-unpinned-packages",
            .title = "Packages installed without a pinned version",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "An install without versions takes whatever the repository serves on the day "
                "of the build: builds of one Dockerfile differ, and a broken or malicious "
                "release goes in unreviewed. Fails on packages without a version: apt "
                "(pkg=version), apk (pkg=version, pkg~version), yum/dnf/microdnf "
                "(pkg-version), zypper (pkg=version), pip (pkg==version or another "
                "specifier; -r files are not read), npm (pkg@version; `npm install` of "
                "package.json and `npm ci` are fine), gem (pkg:version or -v). Operands that "
                "are expansions ($PKGS), files or URLs are not judged.",
            .remediation =
                "Pin each package: apt-get install -y curl=7.88.1-10+deb12u8; pip install "
                "requests==2.32.3; or install from a lock file.",
            .equivalents = "DL3008,DL3018,DL3033,DL3037,DL3041,DL3013,DL3016,DL3028",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
    .good = "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10\n",
    .run = dockerfile_unpinned_packages::run,
};

}  // namespace hardock::audit::checks
