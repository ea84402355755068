// Whether an installed package version is affected by what an advisory says of its package
// (records.h Affected), with OSV's evaluation rules
// (https://ossf.github.io/osv-schema/#evaluation):
//   - affected when the version is listed in `versions` (same string, or equal in the
//     ecosystem's order), or lies in any range;
//   - a range's events are sorted by version in the ecosystem's order (introduced "0" first;
//     at equal versions introduced before fixed, last_affected and limit, so "introduced X,
//     fixed X" is empty); walking them, introduced <= v makes v affected, fixed <= v or
//     last_affected < v unaffected; a range with limit events applies only below one of them
//     (limit "*" is infinity).
// Versions in the record that the ecosystem rejects (real feeds have them: Alpine secdb's
// "10.0.11-0") cannot be ordered: such an event is skipped and named in `warnings`; a listed
// version is then compared as a string only. The installed version must be valid: an error
// otherwise, never a silent "not affected".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/vuln/records.h"
#include "hardock/vuln/version.h"

namespace hardock::vuln {

struct Verdict {
  bool affected = false;
  // The smallest `fixed` above the installed version in each range that matched; the largest
  // of those when several matched. Empty: no fix yet (or affected through `versions` only).
  std::string fixed;
  std::vector<std::string> warnings;  // one line per skipped event or unordered listed version
};

[[nodiscard]] core::Result<Verdict> evaluate(Ecosystem ecosystem, const Affected& affected,
                                             std::string_view installed);
// The same for an installed version parsed once (a package is evaluated against all the records
// naming it).
[[nodiscard]] Verdict evaluate(const Affected& affected, const ParsedVersion& installed);

}  // namespace hardock::vuln
