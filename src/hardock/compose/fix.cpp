#include "hardock/compose/fix.h"

#include <nlohmann/json.hpp>

#include <filesystem>

#include "hardock/compose/inspect.h"
#include "hardock/harden/run_spec.h"

namespace hardock::compose {

core::Result<HardenedOverride> hardened_override(
    const ComposeProject& project, harden::Level level, const harden::HardenOptions& options,
    const harden::ComposeOverrideOptions& override_options) {
  if (project.services.empty()) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "project " + project.name + " has no service to harden");
  }
  HardenedOverride out;
  for (const auto& service : project.services) {
    const nlohmann::json inspect = service_inspect(project, service);
    auto spec = harden::run_spec_from_inspect(inspect);
    if (!spec) return core::fail(spec.error().with_context("services." + service.name));
    harden::Observations seen;  // nothing observed: a file is not a running workload
    seen.errors.push_back("planned from the Compose file alone: nothing was observed");
    out.containers.push_back(
        harden::harden_container(inspect.value("Id", std::string()), *spec, seen, level, options));
  }
  auto files = harden::generate_compose_overrides(out.containers, override_options);
  if (!files) return core::fail(files.error());
  if (files->size() != 1) {
    return core::fail(core::ErrorCode::kInternal, "expected one override for project " +
                                                      project.name + ", got " +
                                                      std::to_string(files->size()));
  }
  out.file = std::move(files->front());
  if (!out.file.refused.empty()) {
    return core::fail(core::ErrorCode::kInvalidArgument, out.file.refused);
  }
  const std::string first = project.files.empty() || project.files.front() == "-"
                                ? project.working_dir + "/-"
                                : project.files.front();
  out.path = (std::filesystem::path(first).parent_path() / out.file.file_name).string();
  return out;
}

}  // namespace hardock::compose
