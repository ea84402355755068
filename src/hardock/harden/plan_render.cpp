// The files of the plan directory. Shell scripts: comments through io::one_line (a newline in a
// name can never end a comment), words through shell_word. Markdown: markdown_code for names,
// markdown_escape for text. JSON: nlohmann (invalid UTF-8 replaced). Secrets redacted wherever a
// human reads (README.md, daemon.json.md), kept where a recreate needs them (scripts, plan.json).
#include "hardock/harden/plan_render.h"

#include <set>

#include "hardock/audit/registry.h"
#include "hardock/harden/redact.h"
#include "hardock/harden/text.h"
#include "hardock/io/escape.h"

namespace hardock::harden::render {
namespace {

using nlohmann::json;

std::string check_title(const std::string& code) {
  const audit::Check* check = audit::find_check(code);
  return check != nullptr ? std::string(check->info.title) : std::string();
}

// Shell comment lines: each one_line(), so nothing in it can start a command.
std::string comment_block(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line.empty() ? "#\n" : "# " + io::one_line(line) + "\n";
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

std::string short_id(const std::string& id) { return id.substr(0, 12); }

// Inline code inside a table cell: GitHub's tables split cells at '|' even inside a code span,
// where "\|" shows as '|'.
std::string cell_code(std::string_view text) {
  std::string out;
  for (char ch : io::markdown_code(text)) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

// A JSON value for daemon.json.md: compact, credentials in URLs redacted, as inline code.
std::string shown_value(const json& value) {
  return io::markdown_code(
      redact_url_credentials(value.dump(-1, ' ', false, json::error_handler_t::replace)));
}

}  // namespace

std::vector<std::string> redacted_secrets(const RunSpec& spec) {
  std::vector<std::string> out;
  for (const auto& entry : spec.env) {
    const auto equals = entry.find('=');
    if (equals != std::string::npos && secret_looking_key(entry.substr(0, equals))) {
      out.push_back(redact_env_entry(entry));
    }
  }
  return out;
}

std::string hardened_script(const HardeningPlan& plan, const ContainerPlan& container) {
  const HardenedContainer& h = container.hardened;
  std::vector<std::string> lines = {
      "hardock hardening plan, level " + std::string(to_string(plan.level)) + ": container " +
          h.original.name + " (" + short_id(h.container_id) + ")",
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
  lines.emplace_back("This file holds the container's environment as it is (secrets included).");
  const std::string name = shell_word(h.original.name);
  lines.emplace_back("To apply by hand: docker stop " + name + " && docker rename " + name + " " +
                     shell_word(h.original.name + ".old") +
                     ", then run the command below; or: hardock harden --apply --containers " +
                     name);
  return "#!/bin/sh\n" + comment_block(lines) + "set -e\n" + render_docker_run(h.spec) + "\n";
}

std::string recreate_script(const ContainerPlan& container) {
  const HardenedContainer& h = container.hardened;
  return "#!/bin/sh\n" +
         comment_block({"Recreates container " + h.original.name + " (" + short_id(h.container_id) +
                            ") exactly as it is now.",
                        "Named and anonymous volumes are reattached by name.",
                        "This file holds the container's environment as it is (secrets "
                        "included)."}) +
         "set -e\n" + render_docker_run(h.original) + "\n";
}

std::string selinux_text(const ContainerPlan& container) {
  std::string out = comment_block({"SELinux options for " + container.hardened.original.name +
                                   " (use only where the host runs SELinux):"});
  for (const auto& option : container.selinux_options) {
    out += "--security-opt " + shell_word(option) + "\n";
  }
  for (const auto& note : container.selinux_notes) out += comment_block({note});
  return out;
}

std::string daemon_notes(const HardeningPlan& plan) {
  std::string out = "# daemon.json plan (level " + std::string(to_string(plan.level)) + ")\n\n";
  if (!plan.daemon) {
    out += "No daemon.json was planned: " + io::markdown_escape(plan.daemon_refusal) + "\n";
    return out;
  }
  out += "File: " + io::markdown_code(plan.daemon->path) + "\n\n## Changes\n\n";
  if (plan.daemon->changes.empty()) out += "None: the file already holds the hardened settings.\n";
  for (const auto& change : plan.daemon->changes) {
    out += "- " + io::markdown_code(change.key) + ": " +
           (change.before.is_null() ? "unset" : shown_value(change.before)) + " -> " +
           (change.after.is_null() ? "removed" : shown_value(change.after)) + ". " +
           io::markdown_escape(redact_url_credentials(change.why));
    if (!change.fixes.empty())
      out += " Fixes " + io::markdown_escape(join(change.fixes, ", ")) + ".";
    out += "\n";
  }
  if (!plan.daemon->conflicts.empty()) {
    out += "\n## Flags that keep a hardened setting out of daemon.json\n\n";
    for (const auto& conflict : plan.daemon->conflicts) {
      out += "- " + io::markdown_code(conflict.key) + " (" +
             io::markdown_escape(redact_url_credentials(conflict.flag_source)) +
             "): " + io::markdown_escape(redact_url_credentials(conflict.advice)) + "\n";
    }
  }
  if (!plan.daemon->notes.empty()) {
    out += "\n## Notes\n\n";
    for (const auto& note : plan.daemon->notes) {
      out += "- " + io::markdown_escape(redact_url_credentials(note)) + "\n";
    }
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
                          {"dir", "containers/" + container.dir_name},
                          {"fixes", container.fixes},
                          {"remaining", container.remaining},
                          {"reasoning", reasons},
                          {"exceptions", container.hardened.exceptions},
                          {"data_paths", container.hardened.data_paths},
                          {"not_observed", container.observation_errors},
                          {"create", create_body(container.hardened.spec)}});
  }
  out["containers"] = containers;
  json refused = json::array();
  for (const auto& container : plan.refused) {
    refused.push_back(
        {{"name", container.name}, {"id", container.id}, {"reason", container.reason}});
  }
  out["refused"] = refused;
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
    json entry = {{"project", project.project}};
    if (auto dir = plan.compose_dirs.find(project.project); dir != plan.compose_dirs.end()) {
      entry["dir"] = "compose/" + dir->second;
      entry["file"] = project.file_name;
    } else {
      entry["refused"] = project.refused;
    }
    compose.push_back(std::move(entry));
  }
  out["compose"] = compose;
  out["notes"] = plan.notes;
  return out;
}

std::string readme(const HardeningPlan& plan) {
  std::string out = "# hardock hardening plan (level " + std::string(to_string(plan.level)) +
                    ")\n\nNothing here has been applied. Review each artefact; "
                    "`hardock harden --apply` carries out the daemon.json and the containers "
                    "named with `--containers`, reversibly (`--rollback`, `--prune`).\n\n"
                    "`plan.json`, `recreate.sh` and `hardened.sh` hold each container's "
                    "environment as it is, secrets included (a recreate needs them): this "
                    "directory and its files are readable by their owner only. Keep it so.\n\n";
  out += "## daemon.json\n\n";
  if (plan.daemon) {
    std::set<std::string> fixes;
    for (const auto& change : plan.daemon->changes)
      fixes.insert(change.fixes.begin(), change.fixes.end());
    out += "`daemon.json`: " + std::to_string(plan.daemon->changes.size()) + " change(s), " +
           std::to_string(plan.daemon->conflicts.size()) + " flag conflict(s); fixes: " +
           io::markdown_escape(
               codes_with_titles(std::vector<std::string>(fixes.begin(), fixes.end()))) +
           ". Details in `daemon.json.md`.\n\n";
  } else {
    out += "Not planned: " + io::markdown_escape(plan.daemon_refusal) + "\n\n";
  }
  out +=
      "## Containers\n\n| container | directory | fixes | still raised | exceptions |\n"
      "|---|---|---|---|---|\n";
  for (const auto& container : plan.containers) {
    out += "| " + cell_code(io::truncate(container.hardened.original.name, 200)) + " | " +
           cell_code("containers/" + container.dir_name) + " | " +
           io::markdown_escape(join(container.fixes, " ")) + " | " +
           io::markdown_escape(join(container.remaining, " ")) + " | " +
           std::to_string(container.hardened.exceptions.size()) + " |\n";
  }
  out +=
      "\nPer container: `recreate.sh` (as it is), `hardened.sh` (header: fixes, reasoning, "
      "exceptions), `seccomp.json`, `apparmor.profile`, `selinux.txt`.\n";
  std::vector<std::string> secrets;
  for (const auto& container : plan.containers) {
    for (const auto& entry : redacted_secrets(container.hardened.original)) {
      secrets.push_back(io::markdown_code(io::truncate(container.hardened.original.name, 200)) +
                        ": " + io::markdown_code(io::truncate(entry, 200)));
    }
  }
  if (!secrets.empty()) {
    out += "\nSecret-looking environment values the scripts carry (shown redacted here):\n\n";
    for (const auto& line : secrets) out += "- " + line + "\n";
  }
  if (!plan.refused.empty()) {
    out += "\n## Not planned\n\n";
    for (const auto& refused : plan.refused) {
      out += "- " + io::markdown_code(io::truncate(refused.name, 200)) + " (" +
             io::markdown_code(short_id(refused.id)) +
             "): " + io::markdown_escape(io::truncate(refused.reason, 500)) + "\n";
    }
  }
  if (plan.networks) {
    out += "\n## Networks\n\n`networks/segmentation.sh`: " +
           std::to_string(plan.networks->networks.size()) + " network(s), " +
           std::to_string(plan.networks->moves.size()) + " move(s), " +
           std::to_string(plan.networks->decisions.size()) + " container(s) left for a decision.\n";
  }
  if (!plan.compose_dirs.empty()) {
    out += "\n## Compose\n\n";
    for (const auto& project : plan.compose) {
      auto dir = plan.compose_dirs.find(project.project);
      if (dir == plan.compose_dirs.end()) continue;
      out += "- project " + io::markdown_code(io::truncate(project.project, 200)) + ": " +
             io::markdown_code("compose/" + dir->second + "/" + project.file_name) +
             ": use with `docker compose -f <your compose file> -f " + project.file_name + "`\n";
    }
  }
  if (!plan.notes.empty()) {
    out += "\n## Notes\n\n";
    for (const auto& note : plan.notes) out += "- " + io::markdown_escape(note) + "\n";
  }
  return out;
}

}  // namespace hardock::harden::render
