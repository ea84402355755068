// Shared by the CIS 3.x file checks: each judges the owner or the mode of the
// files of one role. Absent files are "not applicable" (CIS's own words) and
// produce no finding; their FileFact (exists=false) stays in the snapshot, so a
// report can tell "not applicable" from "compliant". A file that could not be
// looked at is an error finding, never a pass.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/check.h"

namespace hardock::audit::checks::files {

inline std::string id_name(long id, const std::string& name) {
  return name.empty() ? std::to_string(id) : name;
}

// Calls judge(fact) -> std::string (empty: compliant) on every present file of `role`, plus
// `extra` evidence the caller found elsewhere, and returns one finding for the host (one per CIS
// item and target): failing with every file's evidence (and a note of the files it could not
// look at), else could-not-look when a file could not be looked at, else none.
template <class Judge>
std::vector<core::Finding> judge_files(const Check& self, const AuditContext& context,
                                       std::string_view role, Judge&& judge,
                                       std::vector<std::string> extra = {}) {
  const core::Target target = host_target(*context.host);
  std::vector<std::string> failed = std::move(extra);
  std::vector<std::string> unchecked;
  for (const auto& fact : context.host->facts.files) {
    if (fact.role != role) continue;
    if (!fact.error.empty()) {
      unchecked.push_back("could not look at " + fact.path + ": " + fact.error);
      continue;
    }
    if (!fact.exists) continue;
    std::string evidence = judge(fact);
    if (!evidence.empty()) failed.push_back(std::move(evidence));
  }
  auto joined = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
    return out;
  };
  if (!failed.empty()) {
    std::string evidence = joined(failed);
    if (!unchecked.empty()) evidence += " (also " + joined(unchecked) + ")";
    return {core::make_finding(self.info, target, std::move(evidence))};
  }
  if (!unchecked.empty()) {
    return {
        core::make_unchecked(self.info, target, core::FindingStatus::kError, joined(unchecked))};
  }
  return {};
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
                                             std::string_view role, unsigned allowed,
                                             std::vector<std::string> extra_evidence = {}) {
  return judge_files(
      self, context, role,
      [&](const host::FileFact& fact) -> std::string {
        const unsigned extra = fact.mode & ~allowed & 07777U;
        if (extra == 0) return {};
        return fact.path + " mode " + host::format_mode(fact.mode) + " (allowed " +
               host::format_mode(allowed) + ": extra bits " + host::format_mode(extra) + ")";
      },
      std::move(extra_evidence));
}

// The sockets of `kind` ("docker", "containerd") that the exposure reader found at paths the
// file facts do not cover (a custom -H unix:// path), judged against `allowed`.
inline std::vector<std::string> other_socket_modes(const AuditContext& context,
                                                   std::string_view kind, std::string_view role,
                                                   unsigned allowed) {
  std::vector<std::string> out;
  for (const auto& socket : context.host->exposure.sockets) {
    if (socket.kind != kind || !socket.present) continue;
    const bool covered =
        std::any_of(context.host->facts.files.begin(), context.host->facts.files.end(),
                    [&](const host::FileFact& fact) {
                      return fact.role == role && fact.exists && fact.path == socket.path;
                    });
    const unsigned extra = socket.mode & ~allowed & 07777U;
    if (covered || extra == 0) continue;
    out.push_back(socket.path + " mode " + host::format_mode(socket.mode) + " owner " +
                  socket.owner + " (allowed " + host::format_mode(allowed) + ")");
  }
  return out;
}

}  // namespace hardock::audit::checks::files
