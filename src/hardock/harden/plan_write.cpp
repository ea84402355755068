// write_plan: the plan directory (plan.h), every file through io::Directory.
#include "hardock/harden/plan.h"
#include "hardock/harden/plan_render.h"

namespace hardock::harden {
namespace {

// Everything in the plan may carry a container's environment or describe it: owner only. The
// scripts are executable by their owner.
constexpr io::WriteOptions kFile{0600, false};
constexpr io::WriteOptions kScript{0700, false};

}  // namespace

core::Result<std::vector<std::string>> write_plan(const HardeningPlan& plan,
                                                  const io::Directory& dir) {
  std::vector<std::string> written;
  auto put = [&](const std::string& name, const std::string& text,
                 const io::WriteOptions& options = kFile) -> core::Result<void> {
    if (auto done = dir.write_file(name, text, options); !done) return core::fail(done.error());
    written.push_back(name);
    return {};
  };
  if (auto done = put("README.md", render::readme(plan)); !done) return core::fail(done.error());
  const std::string plan_text =
      render::plan_json(plan).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (auto done = put("plan.json", plan_text); !done) return core::fail(done.error());
  if (plan.daemon) {
    if (auto done = put("daemon.json", plan.daemon->text); !done) return core::fail(done.error());
  }
  if (auto done = put("daemon.json.md", render::daemon_notes(plan)); !done) {
    return core::fail(done.error());
  }
  for (const auto& container : plan.containers) {
    const std::string base = "containers/" + container.dir_name + "/";
    if (auto done = put(base + "recreate.sh", render::recreate_script(container), kScript); !done) {
      return core::fail(done.error());
    }
    if (auto done = put(base + "hardened.sh", render::hardened_script(plan, container), kScript);
        !done) {
      return core::fail(done.error());
    }
    const std::string seccomp =
        container.seccomp.profile.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
        "\n";
    if (auto done = put(base + "seccomp.json", seccomp); !done) return core::fail(done.error());
    if (auto done = put(base + "apparmor.profile", container.apparmor_text); !done) {
      return core::fail(done.error());
    }
    if (auto done = put(base + "selinux.txt", render::selinux_text(container)); !done) {
      return core::fail(done.error());
    }
  }
  for (const auto& project : plan.compose) {
    auto dir_name = plan.compose_dirs.find(project.project);
    if (dir_name == plan.compose_dirs.end()) continue;
    if (auto done = put("compose/" + dir_name->second + "/" + project.file_name, project.text);
        !done) {
      return core::fail(done.error());
    }
  }
  if (plan.networks) {
    if (auto done = put("networks/segmentation.sh", render_network_script(*plan.networks), kScript);
        !done) {
      return core::fail(done.error());
    }
  }
  return written;
}

}  // namespace hardock::harden
