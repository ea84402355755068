// Shared by the CIS 3.x file checks: each judges the owner or the mode of the
// files of one role. Absent files are "not applicable" (CIS's own words) and
// produce no finding; their FileFact (exists=false) stays in the snapshot, so a
// report can tell "not applicable" from "compliant". A file that could not be
// looked at is an error finding, never a pass.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/check.h"

namespace hardock::audit::checks::files {

inline std::string id_name(long id, const std::string& name) {
  return name.empty() ? std::to_string(id) : name;
}

// Calls judge(fact) -> std::string (empty: compliant) on every present file of `role`.
template <class Judge>
std::vector<core::Finding> judge_files(const Check& self, const AuditContext& context,
                                       std::string_view role, Judge&& judge) {
  std::vector<core::Finding> findings;
  if (context.host == nullptr) return findings;
  const core::Target target = host_target(*context.host);
  for (const auto& fact : context.host->facts.files) {
    if (fact.role != role) continue;
    if (!fact.error.empty()) {
      findings.push_back(
          core::make_unchecked(self.info, target, core::FindingStatus::kError,
                               "could not look at " + fact.path + ": " + fact.error));
      continue;
    }
    if (!fact.exists) continue;
    std::string evidence = judge(fact);
    if (!evidence.empty()) findings.push_back(core::make_finding(self.info, target, evidence));
  }
  return findings;
}

// Owner must be uid 0; `group` "root" means gid 0, any other group is compared
// by the name the host's own /etc/group gives the gid.
inline std::vector<core::Finding> judge_owner(const Check& self, const AuditContext& context,
                                              std::string_view role, std::string_view group) {
  return judge_files(self, context, role, [&](const host::FileFact& fact) -> std::string {
    const bool group_ok = group == "root" ? fact.gid == 0 : fact.group == group;
    if (fact.uid == 0 && group_ok) return {};
    return fact.path + " owner " + id_name(fact.uid, fact.owner) + ":" +
           id_name(fact.gid, fact.group) + " (uid " + std::to_string(fact.uid) + ", gid " +
           std::to_string(fact.gid) + "; expected root:" + std::string(group) + ")";
  });
}

// Permission bits, not numbers: any bit outside `allowed` fails (0466 is not
// "at most 0644": it grants group and others write).
inline std::vector<core::Finding> judge_mode(const Check& self, const AuditContext& context,
                                             std::string_view role, unsigned allowed) {
  return judge_files(self, context, role, [&](const host::FileFact& fact) -> std::string {
    const unsigned extra = fact.mode & ~allowed & 07777U;
    if (extra == 0) return {};
    return fact.path + " mode " + host::format_mode(fact.mode) + " (allowed " +
           host::format_mode(allowed) + ": extra bits " + host::format_mode(extra) + ")";
  });
}

}  // namespace hardock::audit::checks::files
