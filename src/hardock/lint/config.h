// The lint configuration users already have: hardock's own `.hardock.yaml`, and a hadolint
// `.hadolint.yaml`, whose rule ids map to hardock's checks through each check's `equivalents`
// (DL3008 -> HDK-B-050), so a team switching from hadolint keeps its suppressions.
//
// .hardock.yaml:
//   ignore: [HDK-B-050, dockerfile-sudo, DL3008, SC2086]  # codes, slugs or equivalent ids
//   severity: {HDK-B-014: low}                            # overrides
//   trusted-registries: [registry.example.com:5000]
//   accepted-secret-keys: [TOKEN_URL]
//   failure-threshold: high                               # exit non-zero at or above
//   inline-ignores: true                                  # honour `# hardock ignore=` pragmas
//   store: postgresql://hardock@db/hardock                # where runs are recorded
// .hadolint.yaml (the keys hardock reads): ignored, trustedRegistries, override
//   {error, warning, info, style: [ids]}, failure-threshold. Other keys are left alone.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/core/severity.h"

namespace hardock::lint {

struct LintConfig {
  std::set<std::string, std::less<>> ignored;                   // check codes
  std::set<std::string, std::less<>> ignored_shellcheck;        // SC ids (within HDK-B-060)
  std::map<std::string, core::Severity, std::less<>> severity;  // code -> override
  std::vector<std::string> trusted_registries;
  std::vector<std::string> accepted_secret_keys;
  std::optional<core::Severity> failure_threshold;
  bool never_fail = false;  // hadolint's failure-threshold: none
  bool inline_ignores = true;
  std::string store;               // where runs are recorded (store/store.h); empty: the default
  std::vector<std::string> notes;  // ids that name no hardock check, and what they mapped to
};

// The hardock check codes an id names: a code, a slug or alias (one check), or an equivalent
// id (DL3008, DS-0002: every check listing it). SC ids are not checks (see ignored_shellcheck).
[[nodiscard]] std::vector<std::string> codes_for_id(std::string_view id);

// Reads `.hardock.yaml` into `config`. Unknown keys, ids naming no check and bad values are
// errors naming the file and the key.
[[nodiscard]] core::Result<void> load_hardock_config(const std::string& path, LintConfig& config);

// Reads `.hadolint.yaml` into `config`. Ids with no hardock equivalent are notes, not errors
// (hadolint has style rules hardock does not make).
[[nodiscard]] core::Result<void> load_hadolint_config(const std::string& path, LintConfig& config);

// Applies one id given as "ignore" (config file, pragma): codes or SC ids. Returns false when it
// names nothing hardock knows.
bool add_ignore(std::string_view id, std::set<std::string, std::less<>>& codes,
                std::set<std::string, std::less<>>& shellcheck_codes);

}  // namespace hardock::lint
