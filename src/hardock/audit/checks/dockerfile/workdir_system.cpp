// A WORKDIR in a system directory makes the following COPY . and RUN write among the system's
// own files (or into the kernel's interfaces under /proc and /sys, which Trivy's DS-0030 counts
// as a breakout risk); the image's files and the system's can no longer be told apart.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_workdir_system {

namespace rules = dockerfile_rules;

// Directories where a WORKDIR, or anything under them, is wrong.
constexpr std::string_view kTrees[] = {
    "/proc",           "/sys",       "/dev",         "/boot",     "/initrd",
    "/lost+found",     "/bin",       "/sbin",        "/lib",      "/lib32",
    "/lib64",          "/libx32",    "/usr/bin",     "/usr/sbin", "/usr/lib",
    "/usr/lib32",      "/usr/lib64", "/usr/libexec", "/var/run",  "/run",
    "/var/lib/docker",
};
// Directories that are wrong themselves; their subdirectories (/etc/nginx, /usr/src/app,
// /var/www) are where applications commonly live.
constexpr std::string_view kExact[] = {"/", "/etc", "/usr", "/var", "/usr/local", "/opt"};

std::optional<std::string_view> system_dir(const std::string& path) {
  // (Each tree is longer than one byte: its second byte is compared first, then the rest.)
  for (const auto tree : kTrees) {
    if (path.size() < tree.size() || path[1] != tree[1]) continue;
    if (path.compare(0, tree.size(), tree) == 0 &&
        (path.size() == tree.size() || path[tree.size()] == '/')) {
      return tree;
    }
  }
  for (const auto dir : kExact) {
    if (path == dir) return dir;
  }
  return std::nullopt;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    std::vector<std::string> workdir(subject.file.stages.size(), "/");
    for (const auto& inst : subject.file.instructions) {
      if (!inst.stage || *inst.stage >= workdir.size()) continue;
      const std::size_t stage = *inst.stage;
      if (inst.keyword == rules::Keyword::kFrom) {
        const auto base = subject.file.stages[stage].base_stage;
        if (base && *base < stage) workdir[stage] = workdir[*base];
        continue;
      }
      if (inst.keyword != rules::Keyword::kWorkdir || inst.args.empty()) continue;
      const auto& path = inst.args[0];
      if (!path.complete || path.value().empty() || rules::windows_absolute(path.value())) continue;
      workdir[stage] = rules::join_path(workdir[stage], path.value());
      const auto dir = system_dir(workdir[stage]);
      if (!dir) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, path.pos,
          rules::evidence_text("WORKDIR ", rules::Bounded{workdir[stage], 80},
                               (workdir[stage] == *dir ? " is the system directory "
                                                       : " is under the system directory "),
                               *dir, ": ", rules::EvidenceOf{inst}));
    }
  }
}

}  // namespace dockerfile_workdir_system

extern const Check kDockerfileWorkdirSystem;  // listed in checks/list.h
const Check kDockerfileWorkdirSystem{
    .info =
        {
            .code = "HDK-B-013",
            .slug = "dockerfile-workdir-system",
            .title = "WORKDIR is a system directory",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.03",
            .description =
                "Fails for a WORKDIR (any stage; relative ones resolved against the previous "
                "WORKDIR) in or under /proc, /sys, /dev, /boot, /initrd, /lost+found, /bin, "
                "/sbin, /lib*, /usr/bin, /usr/sbin, /usr/lib*, /usr/libexec, /run, /var/run or "
                "/var/lib/docker, or that is exactly /, /etc, /usr, /usr/local, /var or /opt: "
                "what the next COPY or RUN writes lands among system files. Passes for "
                "application directories such as /app, /srv/app, /usr/src/app, /etc/nginx or "
                "/var/www. A WORKDIR that depends on a build argument without default is not "
                "judged.",
            .remediation = "Give the application its own directory: WORKDIR /app.",
            .equivalents = "DS-0030",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nWORKDIR /usr/bin\nCOPY tool .\n",
    .good = "FROM debian:12\nWORKDIR /app\nCOPY tool .\n",
    .run = collect<dockerfile_workdir_system::run>,
    .append = dockerfile_workdir_system::run,
};

}  // namespace hardock::audit::checks
