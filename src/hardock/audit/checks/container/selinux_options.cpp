// CIS 5.3: on an engine with SELinux, every container should run confined by
// an SELinux label (Docker's default container_t label or explicit label options).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace selinux_options {

namespace rules = container_rules;

bool is_unconfined_type(std::string_view type) { return type == "spc_t" || type == "unconfined_t"; }

// The type field of "user:role:type:level".
std::string_view label_type(std::string_view label) {
  for (int field = 0; field < 2; ++field) {
    const size_t colon = label.find(':');
    if (colon == std::string_view::npos) return {};
    label.remove_prefix(colon + 1);
  }
  return label.substr(0, label.find(':'));
}

std::optional<std::string> problem(const docker::Container& container) {
  bool has_label_option = false;
  for (const auto& entry : container.security_opt) {
    auto [key, value] = rules::split_security_opt(entry);
    if (key != "label") continue;
    has_label_option = true;
    if (value == "disable" || value == "disabled") {
      return "HostConfig.SecurityOpt contains \"" + entry + "\" (labeling disabled)";
    }
    if (value.rfind("type:", 0) == 0 && is_unconfined_type(value.substr(5))) {
      return "HostConfig.SecurityOpt contains \"" + entry + "\" (unconfined type)";
    }
  }
  if (is_unconfined_type(label_type(container.process_label))) {
    return "ProcessLabel=" + container.process_label + " (unconfined type)";
  }
  if (!has_label_option && container.process_label.empty()) {
    return "ProcessLabel=\"\" and no label option in HostConfig.SecurityOpt=" +
           rules::bracket_list(container.security_opt);
  }
  return std::nullopt;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const auto& engine = context.engine;
  if (!rules::engine_has_security_option(engine, "selinux")) {
    if (auto error = rules::info_collection_error(engine)) {
      for (const auto& container : engine.containers) {
        findings.push_back(core::make_unchecked(
            self.info, container_target(container), core::FindingStatus::kError,
            "cannot tell whether the engine uses SELinux: " + *error));
      }
    }
    if (findings.empty() && !engine.containers.empty()) {
      // Not a pass: the item does not apply to an engine without SELinux.
      findings.push_back(core::make_unchecked(
          self.info, engine_target(engine), core::FindingStatus::kSkipped,
          "SecurityOptions has no name=selinux: the engine confines no container with "
          "SELinux"));
    }
    return findings;
  }
  for (const auto& container : engine.containers) {
    if (container.privileged) continue;  // labeling is off for privileged; HDK-C-004 reports it
    if (auto evidence = problem(container)) {
      findings.push_back(core::make_finding(self.info, container_target(container), *evidence));
    }
  }
  return findings;
}

}  // namespace selinux_options

extern const Check kSelinuxOptions;  // listed in checks/list.h
const Check kSelinuxOptions{
    .info =
        {
            .code = "HDK-C-002",
            .slug = "selinux-unconfined",
            .title = "Container runs without SELinux confinement",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.3",
            .cobit = "DSS05.03",
            .description =
                "SELinux labels keep a container's processes from touching host files and other "
                "containers. Applies only when the engine reports selinux in /info "
                "SecurityOptions. Fails on label=disable, on an unconfined type (spc_t, "
                "unconfined_t) in SecurityOpt or ProcessLabel, or when the container has neither "
                "a ProcessLabel nor a label option. Privileged containers are left to HDK-C-004. "
                "Checked for all containers, stopped ones included.",
            .remediation = "Remove --security-opt label=disable; keep the engine's default "
                           "container_t label or set one with --security-opt label=type:<type>.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"SecurityOptions":["name=selinux"]},
              "containers":[{"inspect":{"Name":"/s","HostConfig":{"SecurityOpt":["label=disable"]}}}]})",
    .good = R"({"info":{"SecurityOptions":["name=selinux"]},
               "containers":[{"inspect":{"Name":"/s",
                 "ProcessLabel":"system_u:system_r:container_t:s0:c1,c2"}}]})",
    .run = selinux_options::run,
};

}  // namespace hardock::audit::checks
