#include "hardock/harden/plan.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "hardock/audit/registry.h"
#include "hardock/audit/run.h"
#include "hardock/harden/apparmor_profile.h"

namespace hardock::harden {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using nlohmann::json;

// Failing findings per target id.
std::map<std::string, std::set<std::string>> codes_by_target(const audit::AuditResult& result) {
  std::map<std::string, std::set<std::string>> codes;
  for (const auto& finding : result.findings) {
    if (finding.status != core::FindingStatus::kFail) continue;
    codes[finding.target.id].insert(finding.check_code);
  }
  return codes;
}

std::string check_title(const std::string& code) {
  const audit::Check* check = audit::find_check(code);
  return check != nullptr ? std::string(check->info.title) : std::string();
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

core::Result<void> write_text(const fs::path& path, const std::string& text, bool executable,
                              std::vector<std::string>& written, const fs::path& root) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    return core::fail(ErrorCode::kIo,
                      "cannot create " + path.parent_path().string() + ": " + error.message());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) return core::fail(ErrorCode::kIo, "cannot write " + path.string());
  out.close();
  fs::permissions(path,
                  executable
                      ? fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec
                      : fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                            fs::perms::others_read,
                  error);
  written.push_back(fs::relative(path, root).string());
  return {};
}

std::string comment_block(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line.empty() ? "#\n" : "# " + line + "\n";
  return out;
}

std::string codes_with_titles(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& code : codes) {
    out += (out.empty() ? "" : ", ") + code;
    if (auto title = check_title(code); !title.empty()) out += " (" + title + ")";
  }
  return out.empty() ? "none" : out;
}

std::string hardened_script(const HardeningPlan& plan, const ContainerPlan& container) {
  const HardenedContainer& h = container.hardened;
  std::vector<std::string> lines = {
      "hardock hardening plan, level " + std::string(to_string(plan.level)) + ": container " +
          h.original.name + " (" + h.container_id.substr(0, 12) + ")",
      "",
      "Fixes: " + codes_with_titles(container.fixes),
      "Still raised after hardening: " + codes_with_titles(container.remaining),
      "",
      "Why each change:"};
  for (const auto& reason : h.reasoning) lines.push_back("  " + reason.change + ": " + reason.why);
  if (!h.exceptions.empty()) {
    lines.emplace_back("");
    lines.emplace_back("Exceptions to review before applying:");
    for (const auto& exception : h.exceptions) lines.push_back("  " + exception);
  }
  if (!h.data_paths.empty()) {
    lines.emplace_back("");
    lines.emplace_back(
        "Data in the container's writable layer, lost by a plain recreate (hardock harden "
        "--apply --keep-changes copies it into volumes):");
    for (const auto& path : h.data_paths) lines.push_back("  " + path);
  }
  for (const auto& note : container.seccomp.notes) lines.push_back("seccomp: " + note);
  if (!container.observation_errors.empty()) {
    lines.emplace_back("");
    lines.emplace_back("Not observed (the plan is more conservative where it could not look):");
    for (const auto& error : container.observation_errors) lines.push_back("  " + error);
  }
  lines.emplace_back("");
  lines.emplace_back("To apply by hand: docker stop " + h.original.name + " && docker rename " +
                     h.original.name + " " + h.original.name +
                     ".old, then run the command below; or: hardock harden --apply --containers " +
                     h.original.name);
  return "#!/bin/sh\n" + comment_block(lines) + "set -e\n" + render_docker_run(h.spec) + "\n";
}

std::string recreate_script(const ContainerPlan& container) {
  const HardenedContainer& h = container.hardened;
  return "#!/bin/sh\n" +
         comment_block({"Recreates container " + h.original.name + " (" +
                            h.container_id.substr(0, 12) + ") exactly as it is now.",
                        "Named and anonymous volumes are reattached by name."}) +
         "set -e\n" + render_docker_run(h.original) + "\n";
}

std::string daemon_notes(const HardeningPlan& plan) {
  std::string out = "# daemon.json plan (level " + std::string(to_string(plan.level)) + ")\n\n";
  if (!plan.daemon) {
    out += "No daemon.json was planned: " + plan.daemon_refusal + "\n";
    return out;
  }
  out += "File: `" + plan.daemon->path + "`\n\n## Changes\n\n";
  if (plan.daemon->changes.empty()) out += "None: the file already holds the hardened settings.\n";
  for (const auto& change : plan.daemon->changes) {
    out += "- `" + change.key + "`: " + (change.before.is_null() ? "unset" : change.before.dump()) +
           " -> " + (change.after.is_null() ? "removed" : change.after.dump()) + ". " + change.why;
    if (!change.fixes.empty()) {
      std::string fixes;
      for (const auto& code : change.fixes) fixes += (fixes.empty() ? "" : ", ") + code;
      out += " Fixes " + fixes + ".";
    }
    out += "\n";
  }
  if (!plan.daemon->conflicts.empty()) {
    out += "\n## Flags that keep a hardened setting out of daemon.json\n\n";
    for (const auto& conflict : plan.daemon->conflicts) {
      out += "- `" + conflict.key + "` (" + conflict.flag_source + "): " + conflict.advice + "\n";
    }
  }
  if (!plan.daemon->notes.empty()) {
    out += "\n## Notes\n\n";
    for (const auto& note : plan.daemon->notes) out += "- " + note + "\n";
  }
  out +=
      "\ndockerd reads daemon.json when it starts (some keys on SIGHUP): restart it when the "
      "workloads allow (live-restore keeps containers running across the restart).\n";
  return out;
}

json plan_json(const HardeningPlan& plan) {
  json out = {{"schema", kPlanSchema}, {"level", to_string(plan.level)}};
  if (plan.daemon) {
    json changes = json::array();
    for (const auto& change : plan.daemon->changes) {
      changes.push_back({{"key", change.key},
                         {"before", change.before},
                         {"after", change.after},
                         {"fixes", change.fixes}});
    }
    json conflicts = json::array();
    for (const auto& conflict : plan.daemon->conflicts) {
      conflicts.push_back({{"key", conflict.key},
                           {"flag_source", conflict.flag_source},
                           {"advice", conflict.advice}});
    }
    out["daemon"] = {{"path", plan.daemon->path}, {"changes", changes}, {"conflicts", conflicts}};
  } else {
    out["daemon"] = {{"refused", plan.daemon_refusal}};
  }
  json containers = json::array();
  for (const auto& container : plan.containers) {
    json reasons = json::array();
    for (const auto& reason : container.hardened.reasoning) {
      reasons.push_back({{"change", reason.change}, {"why", reason.why}});
    }
    containers.push_back({{"name", container.hardened.original.name},
                          {"id", container.hardened.container_id},
                          {"fixes", container.fixes},
                          {"remaining", container.remaining},
                          {"reasoning", reasons},
                          {"exceptions", container.hardened.exceptions},
                          {"data_paths", container.hardened.data_paths},
                          {"not_observed", container.observation_errors},
                          {"create", create_body(container.hardened.spec)}});
  }
  out["containers"] = containers;
  if (plan.networks) {
    json networks = json::array();
    for (const auto& network : plan.networks->networks) {
      networks.push_back(
          {{"name", network.name}, {"level", network.level}, {"internal", network.internal}});
    }
    json moves = json::array();
    for (const auto& move : plan.networks->moves) {
      moves.push_back(
          {{"container", move.container}, {"to", move.to_network}, {"from", move.from_networks}});
    }
    json decisions = json::array();
    for (const auto& decision : plan.networks->decisions) {
      decisions.push_back({{"container", decision.container}, {"reason", decision.reason}});
    }
    out["networks"] = {{"create", networks}, {"moves", moves}, {"decisions", decisions}};
  }
  json compose = json::array();
  for (const auto& project : plan.compose) {
    compose.push_back({{"project", project.project}, {"file", project.file_name}});
  }
  out["compose"] = compose;
  out["notes"] = plan.notes;
  return out;
}

std::string readme(const HardeningPlan& plan) {
  std::string out = "# hardock hardening plan (level " + std::string(to_string(plan.level)) +
                    ")\n\nNothing here has been applied. Review each artefact; "
                    "`hardock harden --apply` carries out the daemon.json and the containers "
                    "named with `--containers`, reversibly (`--rollback`, `--prune`).\n\n";
  out += "## daemon.json\n\n";
  if (plan.daemon) {
    std::set<std::string> fixes;
    for (const auto& change : plan.daemon->changes)
      fixes.insert(change.fixes.begin(), change.fixes.end());
    out += "`daemon.json`: " + std::to_string(plan.daemon->changes.size()) + " change(s), " +
           std::to_string(plan.daemon->conflicts.size()) + " flag conflict(s); fixes: " +
           codes_with_titles(std::vector<std::string>(fixes.begin(), fixes.end())) +
           ". Details in `daemon.json.md`.\n\n";
  } else {
    out += "Not planned: " + plan.daemon_refusal + "\n\n";
  }
  out += "## Containers\n\n| container | fixes | still raised | exceptions |\n|---|---|---|---|\n";
  for (const auto& container : plan.containers) {
    std::string fixes;
    for (const auto& code : container.fixes) fixes += (fixes.empty() ? "" : " ") + code;
    std::string remaining;
    for (const auto& code : container.remaining) remaining += (remaining.empty() ? "" : " ") + code;
    out += "| `" + container.hardened.original.name + "` | " + fixes + " | " + remaining + " | " +
           std::to_string(container.hardened.exceptions.size()) + " |\n";
  }
  out +=
      "\nPer container: `containers/NAME/recreate.sh` (as it is), `hardened.sh` (header: "
      "fixes, reasoning, exceptions), `seccomp.json`, `apparmor.profile`, `selinux.txt`.\n";
  if (plan.networks) {
    out += "\n## Networks\n\n`networks/segmentation.sh`: " +
           std::to_string(plan.networks->networks.size()) + " network(s), " +
           std::to_string(plan.networks->moves.size()) + " move(s), " +
           std::to_string(plan.networks->decisions.size()) + " container(s) left for a decision.\n";
  }
  if (!plan.compose.empty()) {
    out += "\n## Compose\n\n";
    for (const auto& project : plan.compose) {
      out += "- `compose/" + project.project + "/" + project.file_name +
             "`: use with `docker compose -f <your compose file> -f " + project.file_name + "`\n";
    }
  }
  if (!plan.notes.empty()) {
    out += "\n## Notes\n\n";
    for (const auto& note : plan.notes) out += "- " + note + "\n";
  }
  return out;
}

}  // namespace

const ContainerPlan* HardeningPlan::find(std::string_view name) const {
  for (const auto& container : containers) {
    if (container.hardened.original.name == name || container.hardened.container_id == name) {
      return &container;
    }
  }
  return nullptr;
}

RunSpec spec_for_engine(const ContainerPlan& container) {
  RunSpec spec = container.hardened.spec;
  for (auto& option : spec.security_opt) {
    if (option.rfind("seccomp=", 0) == 0 && option != "seccomp=unconfined") {
      option = "seccomp=" + container.seccomp.profile.dump();
    }
  }
  return spec;
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
  if (containers != nullptr) {
    for (const auto& wrapper : *containers) {
      if (!wrapper.is_object() || !wrapper.contains("inspect")) continue;
      auto spec = run_spec_from_inspect(wrapper["inspect"]);
      if (!spec) return core::fail(spec.error());
      const std::string id = wrapper["inspect"].value("Id", "");
      const docker::Container* container = engine.find_container(id);
      if (container == nullptr) continue;
      Observations seen;
      if (auto found = request.observations.find(id); found != request.observations.end()) {
        seen = found->second;
      } else {
        seen = observations_from_snapshot(engine, *container);
      }
      ContainerPlan entry;
      entry.hardened = harden_container(id, *spec, seen, request.level, request.options);
      for (const auto& move : plan.networks->moves) {
        if (move.container == container->name) apply_move(entry.hardened.spec, move);
      }
      entry.dir = request.output_dir + "/containers/" + container->name;
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
            "AppArmor: load containers/" + container->name +
            "/apparmor.profile with "
            "`apparmor_parser -r -W` and add --security-opt apparmor=" +
            entry.apparmor_name);
      }
      if (host_runs_selinux(request.host)) {
        for (const auto& option : entry.selinux_options) {
          entry.hardened.spec.security_opt.push_back(option);
        }
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
  for (const auto& entry : plan.containers) {
    auto simulated = docker::decode_container(
        simulated_inspect(spec_for_engine(entry), entry.hardened.container_id));
    if (!simulated) return core::fail(simulated.error().with_context(entry.hardened.spec.name));
    for (auto& container : after.containers) {
      if (container.id != entry.hardened.container_id) continue;
      simulated->image_id = container.image_id;
      simulated->processes = container.processes;
      simulated->process_source = container.process_source;
      simulated->process_error = container.process_error;
      container = std::move(*simulated);
      break;
    }
  }
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

core::Result<std::vector<std::string>> write_plan(const HardeningPlan& plan,
                                                  const std::string& dir) {
  std::vector<std::string> written;
  const fs::path root(dir);
  auto put = [&](const fs::path& path, const std::string& text,
                 bool executable = false) -> core::Result<void> {
    return write_text(root / path, text, executable, written, root);
  };
  if (auto done = put("README.md", readme(plan)); !done) return core::fail(done.error());
  if (auto done = put("plan.json", plan_json(plan).dump(2) + "\n"); !done) {
    return core::fail(done.error());
  }
  if (plan.daemon) {
    if (auto done = put("daemon.json", plan.daemon->text); !done) return core::fail(done.error());
  }
  if (auto done = put("daemon.json.md", daemon_notes(plan)); !done) {
    return core::fail(done.error());
  }
  for (const auto& container : plan.containers) {
    const fs::path base = fs::path("containers") / container.hardened.original.name;
    if (auto done = put(base / "recreate.sh", recreate_script(container), true); !done) {
      return core::fail(done.error());
    }
    if (auto done = put(base / "hardened.sh", hardened_script(plan, container), true); !done) {
      return core::fail(done.error());
    }
    if (auto done = put(base / "seccomp.json", container.seccomp.profile.dump(2) + "\n"); !done) {
      return core::fail(done.error());
    }
    if (auto done = put(base / "apparmor.profile", container.apparmor_text); !done) {
      return core::fail(done.error());
    }
    std::string selinux = "# SELinux options for " + container.hardened.original.name +
                          " (use only where the host runs SELinux):\n";
    for (const auto& option : container.selinux_options) {
      selinux += "--security-opt " + option + "\n";
    }
    for (const auto& note : container.selinux_notes) selinux += "# " + note + "\n";
    if (auto done = put(base / "selinux.txt", selinux); !done) return core::fail(done.error());
  }
  for (const auto& project : plan.compose) {
    if (auto done = put(fs::path("compose") / project.project / project.file_name, project.text);
        !done) {
      return core::fail(done.error());
    }
  }
  if (plan.networks) {
    if (auto done = put("networks/segmentation.sh", render_network_script(*plan.networks), true);
        !done) {
      return core::fail(done.error());
    }
  }
  return written;
}

}  // namespace hardock::harden
