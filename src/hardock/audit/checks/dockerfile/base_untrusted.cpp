// CIS 4.2: containers use only trusted base images. The registry of each base image is judged
// against the configured allow list (.hardock.yaml trusted-registries, a .hadolint.yaml's
// trustedRegistries, the audit config's image.trusted_registries).
// With no list there is nothing to judge against: each Dockerfile gets a skipped finding (could
// not judge, never a pass), and the lint layer selects the rule only when a list is configured.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_base_untrusted {

namespace rules = dockerfile_rules;

// An entry names a registry ("registry.example:5000", "docker.io") or, with a leading "*.",
// every registry under a domain ("*.example.com").
// The allow list read once per run: each entry's registry normalized, and for "*.example.com"
// its lowercased domain (".example.com").
struct Allowed {
  std::string registry;
  bool wildcard = false;
  std::string domain;
};

std::vector<Allowed> read_allowed(const std::vector<std::string>& entries) {
  std::vector<Allowed> out;
  out.reserve(entries.size());
  for (const auto& entry : entries) {
    Allowed& allowed = out.emplace_back();
    allowed.registry = rules::normalize_registry(entry);
    allowed.wildcard = entry.starts_with("*.");
    if (allowed.wildcard) allowed.domain = rules::lowercase(entry.substr(1));
  }
  return out;
}

bool trusted(const std::string& registry, const std::vector<Allowed>& allowed) {
  for (const auto& entry : allowed) {
    if (entry.wildcard) {
      const std::string& domain = entry.domain;
      if (registry.size() > domain.size() && registry.ends_with(domain)) return true;
      continue;
    }
    if (registry == entry.registry) return true;
  }
  return false;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  const auto& entries = context.config.trusted_registries;
  const std::vector<Allowed> allowed = read_allowed(entries);
  for (const auto& subject : rules::subjects(context)) {
    if (allowed.empty()) {
      findings.push_back(core::make_unchecked(
          self.info, dockerfile_target(subject), core::FindingStatus::kSkipped,
          "no trusted registries are configured (--trusted-registry, .hardock.yaml "
          "trusted-registries, .hadolint.yaml trustedRegistries): nothing to judge against"));
      continue;
    }
    for (const auto& base : rules::base_images(subject)) {
      if (trusted(base.ref.registry, allowed)) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, base.image->pos,
          rules::evidence_text("base image ", base.shown, " comes from ",
                               rules::Bounded{base.ref.registry, 80},
                               ", which is not a trusted registry: ", base.from_evidence));
    }
  }
}

}  // namespace dockerfile_base_untrusted

extern const Check kDockerfileBaseUntrusted;  // listed in checks/list.h
const Check kDockerfileBaseUntrusted{
    .info =
        {
            .code = "HDK-B-004",
            .slug = "dockerfile-base-untrusted",
            .title = "Base image comes from a registry outside the allow list",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.2",
            .cobit = "DSS05.01",
            .description =
                "Every FROM that names an image (not scratch, not an earlier stage) is judged "
                "against the configured allow list (.hardock.yaml trusted-registries, a "
                ".hadolint.yaml's trustedRegistries, the audit config's "
                "image.trusted_registries). Fails when the image's registry is not listed; an "
                "image "
                "without a registry part is from docker.io. Entries are registry hosts "
                "(\"registry.example:5000\") or \"*.example.com\" for a domain. With no list "
                "configured the rule cannot judge: it is skipped for each file (never a pass), "
                "and `hardock lint` runs it only when a list is set. A FROM whose image depends on "
                "a build argument "
                "without default is not judged.",
            .remediation = "Build FROM images of your own registry (mirror and review the "
                           "upstream image there), or add the registry to the allow list after "
                           "review.",
            .equivalents = "DL3026",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM quay.example.org/team/base:1\nRUN true\n",
    .good = "FROM debian:12\nRUN true\n",
    .run = collect<dockerfile_base_untrusted::run>,
    .append = dockerfile_base_untrusted::run,
};

}  // namespace hardock::audit::checks
