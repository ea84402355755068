// Variables that turn off TLS certificate or package checksum verification for the tools that
// download into an image (pip, npm, yarn, git, Node.js, Python, Go, conda, bundler), or point
// them at an index over plain HTTP. Set with ENV they stay on in every container of the image;
// with ARG or in a build stage they still let a man in the middle choose what the build
// installs.
#include "hardock/audit/checks/dockerfile/instr_util.h"
#include "hardock/dockerfile/ascii.h"

namespace hardock::audit::checks {
namespace dockerfile_tls_verify_disabled {

namespace rules = dockerfile_rules;

enum class When { kZero, kFalse, kAnyValue, kOff, kHttpUrl, kInsecureFlag };
struct Variable {
  std::string_view name;  // upper case; matched case-insensitively
  When when;
  std::string_view effect;
};

constexpr Variable kVariables[] = {
    {"NODE_TLS_REJECT_UNAUTHORIZED", When::kZero, "Node.js accepts any TLS certificate"},
    {"PYTHONHTTPSVERIFY", When::kZero, "Python's urllib accepts any TLS certificate"},
    {"GIT_SSL_NO_VERIFY", When::kAnyValue, "git accepts any TLS certificate"},
    {"NPM_CONFIG_STRICT_SSL", When::kFalse, "npm accepts any TLS certificate"},
    {"YARN_ENABLE_STRICT_SSL", When::kFalse, "yarn accepts any TLS certificate"},
    {"CONDA_SSL_VERIFY", When::kFalse, "conda accepts any TLS certificate"},
    {"BUNDLE_SSL_VERIFY_MODE", When::kZero, "bundler accepts any TLS certificate"},
    {"PIP_TRUSTED_HOST", When::kAnyValue, "pip skips TLS verification for these hosts"},
    {"PIP_INDEX_URL", When::kHttpUrl, "pip installs from an index over plain HTTP"},
    {"PIP_EXTRA_INDEX_URL", When::kHttpUrl, "pip installs from an index over plain HTTP"},
    {"NPM_CONFIG_REGISTRY", When::kHttpUrl, "npm installs from a registry over plain HTTP"},
    {"GOSUMDB", When::kOff, "Go does not verify module checksums"},
    {"GONOSUMCHECK", When::kAnyValue, "Go does not verify module checksums"},
    {"GOINSECURE", When::kAnyValue, "Go fetches these modules over plain HTTP or unverified TLS"},
    {"GOFLAGS", When::kInsecureFlag, "go get accepts insecure schemes"},
};

bool matches(When when, std::string_view value) {
  const std::string lower = rules::lowercase(value.substr(0, 64));
  switch (when) {
    case When::kZero:
      return rules::equals(lower, "0");
    case When::kFalse:
      return rules::equals(lower, "false") || rules::equals(lower, "0") ||
             rules::equals(lower, "no");
    case When::kAnyValue:
      return !value.empty();
    case When::kOff:
      return rules::equals(lower, "off");
    case When::kHttpUrl:
      return lower.starts_with("http://");
    case When::kInsecureFlag:
      return value.find("-insecure") != std::string_view::npos;
  }
  return false;
}

// (The name compared in any case in place: an uppercased copy of every ENV and ARG name was most
// of this rule.)
const Variable* disabling(std::string_view name, std::string_view value) {
  for (const auto& variable : kVariables) {
    if (name.size() != variable.name.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < name.size() && same; ++k) {
      same = dockerfile::ascii_upper(name[k]) == variable.name[k];
    }
    if (same && matches(variable.when, value)) return &variable;
  }
  return nullptr;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const auto& in_image = rules::image_stages(subject);
    for (const auto& inst : subject.file.instructions) {
      const bool image = rules::in_image_stage(in_image, inst);
      auto judge = [&](const dockerfile::Word& key, const dockerfile::Word& value) {
        if (!key.complete || !value.complete) return;
        const Variable* variable = disabling(key.value(), value.value());
        if (variable == nullptr) return;
        const std::string scope = inst.keyword == rules::Keyword::kEnv && image
                                      ? " in every container of the image"
                                      : " during the build";
        audit::add_dockerfile_finding(
            findings, self.info, subject, key.pos,
            rules::evidence_text(variable->effect, scope, ": ", rules::EvidenceOf{inst}));
      };
      if (inst.keyword == rules::Keyword::kEnv) {
        if (const auto* pairs = inst.as<std::vector<dockerfile::KeyValue>>()) {
          for (const auto& pair : *pairs) judge(pair.key, pair.value);
        }
      } else if (inst.keyword == rules::Keyword::kArg) {
        if (const auto* decls = inst.as<std::vector<dockerfile::ArgDecl>>()) {
          for (const auto& decl : *decls) {
            if (decl.default_value) judge(decl.name, *decl.default_value);
          }
        }
      }
    }
  }
}

}  // namespace dockerfile_tls_verify_disabled

extern const Check kDockerfileTlsVerifyDisabled;  // listed in checks/list.h
const Check kDockerfileTlsVerifyDisabled{
    .info =
        {
            .code = "HDK-B-025",
            .slug = "dockerfile-tls-verify-disabled",
            .title = "ENV or ARG turns off TLS or checksum verification of downloads",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.02",
            .description =
                "Fails for an ENV value or ARG default (any stage) that disables verification "
                "of what tools download: NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, "
                "GIT_SSL_NO_VERIFY (any value), NPM_CONFIG_STRICT_SSL=false, "
                "YARN_ENABLE_STRICT_SSL=false, CONDA_SSL_VERIFY=false, "
                "BUNDLE_SSL_VERIFY_MODE=0, PIP_TRUSTED_HOST, PIP_INDEX_URL, "
                "PIP_EXTRA_INDEX_URL or NPM_CONFIG_REGISTRY with an http:// URL, GOSUMDB=off, "
                "GONOSUMCHECK, GOINSECURE, GOFLAGS with -insecure (names case-insensitive). "
                "ENV in the final stage keeps it on in every container. Verification left on, "
                "https:// indexes and values that depend on a build argument without default "
                "pass.",
            .remediation = "Remove the variable; give the tools the CA that signs your proxy or "
                           "mirror (COPY the certificate, update-ca-certificates, "
                           "NODE_EXTRA_CA_CERTS, PIP_CERT) and use https:// indexes.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n",
    .good = "FROM node:22\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp.pem\n",
    .run = collect<dockerfile_tls_verify_disabled::run>,
    .append = dockerfile_tls_verify_disabled::run,
};

}  // namespace hardock::audit::checks
