// make_plan: every generator over one snapshot, and the audit run before and after to know
// what each artefact fixes (plan.h).
#include <algorithm>
#include <map>
#include <set>

#include "hardock/audit/run.h"
#include "hardock/harden/apparmor_profile.h"
#include "hardock/harden/file_names.h"
#include "hardock/harden/plan.h"

namespace hardock::harden {
namespace {

using core::ErrorCode;
using nlohmann::json;

// Failing findings per target id.
std::map<std::string, std::set<std::string>> codes_by_target(const audit::AuditResult& result) {
  std::map<std::string, std::set<std::string>> codes;
  for (const auto& finding : result.findings) {
    if (finding.status != core::FindingStatus::kFail) continue;
    codes[finding.target.id].insert(std::string(finding.check_code));
  }
  return codes;
}

// Observations from the snapshot alone, for plans made without the engine (--from).
Observations observations_from_snapshot(const docker::EngineSnapshot& engine,
                                        const docker::Container& container) {
  Observations seen;
  seen.processes = container.processes;
  if (const docker::Image* image = engine.find_image(container.image_id)) {
    seen.image_user = image->user;
    seen.image_exposed = image->exposed_ports;
    seen.image_healthcheck = image->healthcheck;
  }
  seen.processes_observed = container.process_source != docker::ProcessSource::kNone;
  seen.errors.push_back("usage and writable-layer changes not observed (plan made offline)");
  return seen;
}

// Moves a container's spec onto the network the segmentation plan gives it.
void apply_move(RunSpec& spec, const NetworkMove& move) {
  std::vector<NetworkAttachment> kept;
  for (auto& attachment : spec.networks) {
    if (std::find(move.from_networks.begin(), move.from_networks.end(), attachment.network) ==
            move.from_networks.end() &&
        attachment.network != move.to_network) {
      kept.push_back(std::move(attachment));
    }
  }
  NetworkAttachment target;
  target.network = move.to_network;
  kept.insert(kept.begin(), std::move(target));
  spec.networks = std::move(kept);
  spec.network_mode = move.to_network;
}

bool host_runs_apparmor(const host::HostSnapshot* host) {
  return host != nullptr && host->facts.apparmor && host->facts.apparmor->enabled;
}

bool host_runs_selinux(const host::HostSnapshot* host) {
  return host != nullptr && host->facts.selinux && host->facts.selinux->present &&
         host->facts.selinux->enforcing.value_or(false);
}

// True when the container carries the lowest sensitivity level (public by default).
bool labelled_public(const docker::Container& container, const audit::AuditConfig& config) {
  if (config.sensitivity_levels.empty()) return false;
  auto found = container.labels.find(config.sensitivity_label);
  return found != container.labels.end() && found->second == config.sensitivity_levels.front();
}

std::string json_string(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

RunSpec spec_for_engine(const ContainerPlan& container) {
  RunSpec spec = container.hardened.spec;
  for (auto& option : spec.security_opt) {
    if (option.rfind("seccomp=", 0) == 0 && option != "seccomp=unconfined") {
      option = "seccomp=" +
               container.seccomp.profile.dump(-1, ' ', false, json::error_handler_t::replace);
    }
  }
  return spec;
}

const ContainerPlan* HardeningPlan::find(std::string_view name) const {
  for (const auto& container : containers) {
    if (container.hardened.original.name == name || container.hardened.container_id == name) {
      return &container;
    }
  }
  return nullptr;
}

core::Result<HardeningPlan> make_plan(const PlanRequest& request) {
  if (request.engine == nullptr || request.document == nullptr) {
    return core::fail(ErrorCode::kInternal, "make_plan needs the engine snapshot and document");
  }
  const docker::EngineSnapshot& engine = *request.engine;
  HardeningPlan plan;
  plan.level = request.level;

  auto before = audit::run_audit(engine, request.config, audit::Selection{}, nullptr);
  if (!before) return core::fail(before.error());
  const auto before_codes = codes_by_target(*before);

  // Segmentation first: hardened specs join the network of their level.
  auto networks = plan_networks(engine, request.config);
  if (!networks) return core::fail(networks.error());
  plan.networks = std::move(*networks);

  const json* containers = nullptr;
  if (auto it = request.document->find("containers");
      it != request.document->end() && it->is_array()) {
    containers = &*it;
  }
  FileNames dir_names;
  if (containers != nullptr) {
    for (const auto& wrapper : *containers) {
      if (!wrapper.is_object() || !wrapper.contains("inspect")) continue;
      const json& inspect = wrapper["inspect"];
      const std::string id = json_string(inspect, "Id");
      const docker::Container* container = engine.find_container(id);
      if (container == nullptr) continue;
      // One container that cannot be planned is refused by name; the others are planned.
      auto spec = run_spec_from_inspect(inspect);
      if (!spec) {
        plan.refused.push_back({container->name, id, spec.error().to_string()});
        continue;
      }
      if (const std::string why = unrepresentable_field(*spec); !why.empty()) {
        plan.refused.push_back({container->name, id, why});
        continue;
      }
      Observations seen;
      if (auto found = request.observations.find(id); found != request.observations.end()) {
        seen = found->second;
      } else {
        seen = observations_from_snapshot(engine, *container);
      }
      HardenOptions options = request.options;
      options.labelled_public = labelled_public(*container, request.config);
      options.public_address = request.publish_address;
      ContainerPlan entry;
      entry.hardened = harden_container(id, *spec, seen, request.level, options);
      for (const auto& move : plan.networks->moves) {
        if (move.container == container->name) apply_move(entry.hardened.spec, move);
      }
      entry.dir_name = dir_names.claim(container->name);
      entry.dir = request.output_dir + "/containers/" + entry.dir_name;
      entry.seccomp = seccomp_profile(entry.hardened.spec, request.level);
      entry.seccomp_path = entry.dir + "/seccomp.json";
      // This profile replaces any the container had (re-hardening a hardened container).
      std::erase_if(entry.hardened.spec.security_opt,
                    [](const std::string& option) { return option.rfind("seccomp=", 0) == 0; });
      entry.hardened.spec.security_opt.push_back("seccomp=" + entry.seccomp_path);
      entry.hardened.reasoning.push_back(
          {"--security-opt seccomp=" + entry.seccomp_path,
           "a profile for this container: Docker's default, tightened for the " +
               std::string(to_string(request.level)) + " level"});
      entry.apparmor_name = apparmor_profile_name(entry.hardened.spec);
      entry.apparmor_text =
          apparmor_profile(entry.hardened.spec, entry.apparmor_name, request.level);
      entry.selinux_options = selinux_options(entry.hardened.spec, request.level);
      entry.selinux_notes = selinux_notes(entry.hardened.spec, request.level);
      entry.observation_errors = seen.errors;
      if (host_runs_apparmor(request.host)) {
        entry.hardened.exceptions.push_back(
            "AppArmor: load containers/" + entry.dir_name +
            "/apparmor.profile with "
            "`apparmor_parser -r -W` and add --security-opt apparmor=" +
            entry.apparmor_name);
      }
      if (host_runs_selinux(request.host)) {
        for (const auto& option : entry.selinux_options) {
          entry.hardened.spec.security_opt.push_back(option);
        }
      }
      // The output directory is the user's: a NUL cannot come from argv, but say so if it did.
      if (const std::string why = unrepresentable_field(entry.hardened.spec); !why.empty()) {
        plan.refused.push_back({container->name, id, "hardened spec: " + why});
        continue;
      }
      auto found = before_codes.find(id);
      if (found != before_codes.end()) {
        entry.findings_before.assign(found->second.begin(), found->second.end());
      }
      plan.containers.push_back(std::move(entry));
    }
  }

  // Judge the hardened specs with the audit's own checks.
  docker::EngineSnapshot after = apply_network_plan(engine, *plan.networks);
  std::map<std::string, size_t> index_by_id;
  for (size_t index = 0; index < after.containers.size(); ++index) {
    index_by_id.emplace(after.containers[index].id, index);
  }
  std::vector<ContainerPlan> judged_containers;
  for (auto& entry : plan.containers) {
    auto simulated = docker::decode_container(
        simulated_inspect(spec_for_engine(entry), entry.hardened.container_id));
    if (!simulated) {
      plan.refused.push_back(
          {entry.hardened.original.name, entry.hardened.container_id,
           "its hardened spec does not read back: " + simulated.error().to_string()});
      continue;
    }
    if (auto found = index_by_id.find(entry.hardened.container_id); found != index_by_id.end()) {
      docker::Container& container = after.containers[found->second];
      simulated->image_id = container.image_id;
      simulated->processes = container.processes;
      simulated->process_source = container.process_source;
      simulated->process_error = container.process_error;
      container = std::move(*simulated);
    }
    judged_containers.push_back(std::move(entry));
  }
  plan.containers = std::move(judged_containers);
  auto judged = audit::run_audit(after, request.config, audit::Selection{}, nullptr);
  if (!judged) return core::fail(judged.error());
  const auto after_codes = codes_by_target(*judged);
  for (auto& entry : plan.containers) {
    std::set<std::string> remaining;
    if (auto found = after_codes.find(entry.hardened.container_id); found != after_codes.end()) {
      remaining = found->second;
    }
    for (const auto& code : entry.findings_before) {
      if (remaining.count(code) == 0) entry.fixes.push_back(code);
    }
    entry.remaining.assign(remaining.begin(), remaining.end());
  }

  std::vector<HardenedContainer> hardened;
  for (const auto& entry : plan.containers) hardened.push_back(entry.hardened);
  auto compose = generate_compose_overrides(hardened);
  if (!compose) return core::fail(compose.error());
  plan.compose = std::move(*compose);
  FileNames compose_names;
  for (const auto& project : plan.compose) {
    if (project.refused.empty()) {
      plan.compose_dirs[project.project] = compose_names.claim(project.project);
    } else {
      plan.notes.push_back("Compose project " + project.project +
                           ": no override written: " + project.refused);
    }
  }

  if (!request.daemon_json_path.empty() && request.host != nullptr) {
    plan.daemon_current = request.daemon_json_text;
    auto daemon = plan_daemon_json(request.daemon_json_text, request.daemon_json_path,
                                   request.host->daemon, request.level);
    if (daemon) {
      plan.daemon = std::move(*daemon);
    } else {
      plan.daemon_refusal = daemon.error().message;
    }
  } else {
    plan.daemon_refusal = request.host == nullptr
                              ? "the host's daemon configuration was not read (remote engine, "
                                "--no-host or a snapshot without it)"
                              : "no daemon.json location";
  }
  return plan;
}

}  // namespace hardock::harden
