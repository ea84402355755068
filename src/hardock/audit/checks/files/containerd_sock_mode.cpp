// CIS 3.24: The containerd socket controls every container below Docker; any bit for others hands
// it to every local user.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace containerd_sock_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(
      self, context, host::kRoleContainerdSock, 0660U,
      files::other_socket_modes(context, "containerd", host::kRoleContainerdSock, 0660U));
}

}  // namespace containerd_sock_mode

extern const Check kContainerdSockMode;  // listed in checks/list.h
const Check kContainerdSockMode{
    .info =
        {
            .code = "HDK-F-024",
            .slug = "containerd-sock-mode",
            .title = "The containerd socket has permission bits beyond 0660",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.24",
            .cobit = "DSS05.03",
            .description =
                "The containerd socket controls every container below Docker; any bit for others "
                "hands it to every local user. CIS 3.24 allows at most the bits of 0660.",
            .remediation = "chmod 660 /run/containerd/containerd.sock",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"containerd.sock","path":"/run/containerd/containerd.sock","exists":true,"is_dir":false,"mode":"0666","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"containerd.sock","path":"/run/containerd/containerd.sock","exists":true,"is_dir":false,"mode":"0660","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = containerd_sock_mode::run,
};

}  // namespace hardock::audit::checks
