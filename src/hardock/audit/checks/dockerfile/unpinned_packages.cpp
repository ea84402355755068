// Unpinned packages: the image gets whatever version the repository serves on the day of the
// build, so two builds of one Dockerfile differ, and a compromised or broken release goes in
// unnoticed.
#include <array>
#include <cstdint>

#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_unpinned_packages {

namespace rules = dockerfile_rules;
using rules::Manager;

bool archive(std::string_view word) {
  static constexpr std::string_view kSuffixes[] = {".deb",    ".rpm", ".apk", ".whl",
                                                   ".tar.gz", ".tgz", ".zip", ".gem"};
  for (const std::string_view suffix : kSuffixes) {
    if (word.ends_with(suffix)) return true;
  }
  return false;
}

// What pinned() asks of an operand, read in one pass (it runs on every package operand; a find
// per character was most of this rule): a bit per byte that matters, from a table.
enum ShapeBit : std::uint16_t {
  kDot = 1U << 0,
  kDollar = 1U << 1,
  kBacktick = 1U << 2,
  kSlash = 1U << 3,
  kEquals = 1U << 4,
  kTilde = 1U << 5,
  kLess = 1U << 6,
  kGreater = 1U << 7,
  kAt = 1U << 8,
  kColon = 1U << 9,
  kDash = 1U << 10,
};

constexpr std::array<std::uint16_t, 256> kShapeBits = [] {
  std::array<std::uint16_t, 256> bits{};
  const std::string_view bytes = ".$`/=~<>@:-";
  for (std::size_t k = 0; k < bytes.size(); ++k) {
    bits[static_cast<unsigned char>(bytes[k])] = static_cast<std::uint16_t>(1U << k);
  }
  return bits;
}();

struct Shape {
  std::uint16_t bits = 0;

  [[nodiscard]] bool has(std::uint16_t bit) const { return (bits & bit) != 0; }
};

Shape shape_of(std::string_view word) {
  Shape out;
  for (const char c : word) out.bits |= kShapeBits[static_cast<unsigned char>(c)];
  return out;
}

// What only some managers ask, read only for them.
// '@' past the first byte.
bool at_after_first(const Shape& shape, std::string_view word) {
  return shape.has(kAt) && word.find('@', 1) != std::string_view::npos;
}
// '-' past the first byte, then a digit.
bool digit_after_dash(const Shape& shape, std::string_view word) {
  if (!shape.has(kDash)) return false;
  for (std::size_t k = 1; k + 1 < word.size(); ++k) {
    if (word[k] == '-' && word[k + 1] >= '0' && word[k + 1] <= '9') return true;
  }
  return false;
}

// Whether the operand pins a version; nullopt when it cannot be judged (an expansion, a file,
// a URL, a group).
std::optional<bool> pinned(const rules::PackageCommand& pkg, std::string_view word) {
  const Shape shape = shape_of(word);
  if ((shape.has(kDot) && archive(word)) || shape.has(kDollar) || shape.has(kBacktick) ||
      (shape.has(kColon) && word.find("://") != std::string_view::npos) || word.starts_with('.') ||
      word.starts_with('~')) {
    return std::nullopt;
  }
  switch (pkg.manager) {
    case Manager::kApt:
      if (shape.has(kSlash)) return std::nullopt;  // a file or pkg/release
      return shape.has(kEquals);
    case Manager::kApk:
      return shape.has(kEquals) || shape.has(kTilde) || shape.has(kLess) || shape.has(kGreater);
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      if (word.starts_with('@') || shape.has(kSlash)) return std::nullopt;
      return digit_after_dash(shape, word) || shape.has(kEquals) || shape.has(kLess) ||
             shape.has(kGreater);
    case Manager::kZypper:
      if (shape.has(kSlash)) return std::nullopt;
      return shape.has(kEquals) || shape.has(kLess) || shape.has(kGreater);
    case Manager::kPip:
      if (shape.has(kSlash)) return std::nullopt;
      return shape.has(kEquals) || shape.has(kLess) || shape.has(kGreater) || shape.has(kTilde) ||
             at_after_first(shape, word) || word.starts_with('@');
    case Manager::kNpm:
      if (word.starts_with('/') || word.starts_with("git") || word.starts_with("file:") ||
          word.starts_with("github:")) {
        return std::nullopt;
      }
      if (!word.starts_with('@') && shape.has(kSlash)) {
        return std::nullopt;  // user/repo on GitHub
      }
      return at_after_first(shape, word);
    case Manager::kGem:
      return pkg.has({"-v", "--version"}) || shape.has(kColon);
  }
  return std::nullopt;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if (script.managers == 0) continue;  // no package command
      for (const rules::RunCommand& cmd : script.commands) {
        const auto& pkg = cmd.package;
        if (!pkg || !rules::is_install(*pkg)) continue;
        // The operands without a version: the first few named, the rest counted.
        // The evidence is written in one string, begun at the first loose operand.
        const rules::ShellWord* first = nullptr;
        std::size_t loose = 0;
        std::string evidence;
        constexpr std::size_t kShown = 5;
        for (const rules::ShellWord* word : pkg->operands) {
          if (pinned(*pkg, word->text) != false) continue;
          if (loose == 0) {
            first = word;
            evidence.reserve(96);
            evidence.append(pkg->tool)
                .append(" ")
                .append(pkg->subcommand())
                .append(" without a version: ");
          }
          if (loose < kShown) evidence.append(loose == 0 ? "" : " ").append(word->text);
          ++loose;
        }
        if (first == nullptr) continue;
        if (loose > kShown) {
          evidence.append(" and ").append(std::to_string(loose - kShown)).append(" more");
        }
        audit::add_dockerfile_finding(findings, self.info, subject, first->pos,
                                      std::move(evidence));
      }
    }
  }
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
    .run = collect<dockerfile_unpinned_packages::run>,
    .append = dockerfile_unpinned_packages::run,
};

}  // namespace hardock::audit::checks
