// CIS 1.1.2: membership of the docker group is root on the host without a
// password prompt; every member must be one the operator expects.
#include <algorithm>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace docker_group_members {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->facts.docker_group) {
    return {core::make_unchecked(self.info, host_target(*context.host), core::FindingStatus::kError,
                                 "the host snapshot holds no docker group section")};
  }
  const auto& group = *context.host->facts.docker_group;
  const core::Target target = host_target(*context.host);
  if (!group.error.empty()) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "could not read the docker group: " + group.error)};
  }
  // One finding for the host (CIS 1.1.2) naming every untrusted member.
  std::string members;
  for (const auto& member : group.members) {
    if (std::find(group.trusted.begin(), group.trusted.end(), member) != group.trusted.end()) {
      continue;
    }
    members += (members.empty() ? "" : ", ") + member;
  }
  if (members.empty()) return {};
  const std::string trusted_note =
      group.trusted.empty() ? " (no trusted users configured)" : " (not in the trusted list)";
  return {core::make_finding(self.info, target,
                             "/etc/group: docker (gid " + std::to_string(group.gid) +
                                 ") has members " + members + trusted_note)};
}

}  // namespace docker_group_members

extern const Check kDockerGroupMembers;  // listed in checks/list.h
const Check kDockerGroupMembers{
    .info =
        {
            .code = "HDK-F-026",
            .slug = "docker-group-untrusted-member",
            .title = "The docker group has a member outside the trusted list",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "1.1.2",
            .cobit = "DSS05.04",
            .description = "A member of the docker group can start a privileged container that "
                           "mounts / and so is root on the host.",
            .remediation = "Remove the user (gpasswd -d USER docker), or declare the user trusted "
                           "with --trusted-docker-user USER.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"docker_group":{"exists":true,"gid":999,"members":["alice","mallory"],"trusted":["alice"]}}}})",
    .good =
        R"({"host":{"facts":{"docker_group":{"exists":true,"gid":999,"members":["alice"],"trusted":["alice"]}}}})",
    .run = docker_group_members::run,
};

}  // namespace hardock::audit::checks
