// CIS 3.23: The containerd socket controls every container below Docker; it must belong to root
// alone.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace containerd_sock_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleContainerdSock, "root");
}

}  // namespace containerd_sock_owner

extern const Check kContainerdSockOwner;  // listed in checks/list.h
const Check kContainerdSockOwner{
    .info =
        {
            .code = "HDK-F-023",
            .slug = "containerd-sock-owner",
            .title = "The containerd socket is not owned by root:root",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.23",
            .cobit = "DSS05.03",
            .description = "The containerd socket controls every container below Docker; it must "
                           "belong to root alone. CIS 3.23 wants it owned by root:root.",
            .remediation = "chown root:root /run/containerd/containerd.sock",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"containerd.sock","path":"/run/containerd/containerd.sock","exists":true,"is_dir":false,"mode":"0660","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"containerd.sock","path":"/run/containerd/containerd.sock","exists":true,"is_dir":false,"mode":"0660","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = containerd_sock_owner::run,
};

}  // namespace hardock::audit::checks
