#include "hardock/harden/network_plan.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "hardock/audit/checks/network/sensitivity.h"
#include "hardock/audit/registry.h"
#include "hardock/audit/run.h"
#include "hardock/harden/text.h"
#include "hardock/io/escape.h"

namespace hardock::harden {
namespace {

namespace sensitivity = audit::checks::network;

constexpr std::string_view kIccOption = "com.docker.network.bridge.enable_icc";
constexpr std::string_view kComposeProject = "com.docker.compose.project";
constexpr std::string_view kComposeService = "com.docker.compose.service";

// Docker's rule for network names.
bool valid_network_name(std::string_view name) {
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

std::string label_or_empty(const std::map<std::string, std::string>& labels, std::string_view key) {
  auto found = labels.find(std::string(key));
  return found == labels.end() ? "" : found->second;
}

bool is_default_bridge(const docker::Network& net) {
  return net.name == "bridge" ||
         label_or_empty(net.options, "com.docker.network.bridge.default_bridge") == "true";
}

bool icc_off(const docker::Network& net) {
  return net.driver != "bridge" || label_or_empty(net.options, kIccOption) == "false";
}

// A network a container of level `level` may stay on: only that level on it, segmented the way
// a planned network would be.
bool fits(const docker::EngineSnapshot& snapshot, const docker::Network& net, int level,
          const audit::AuditConfig& config) {
  if (!sensitivity::is_segment(net) || is_default_bridge(net) || !icc_off(net)) return false;
  if (level > 0 && !net.internal) return false;
  const auto own = sensitivity::label_level(net.labels, config);
  if (own.state == sensitivity::LabelState::kUnknown) return false;
  if (own.state == sensitivity::LabelState::kKnown && own.index != level) return false;
  const auto members = sensitivity::members(snapshot, net);
  return std::all_of(members.begin(), members.end(), [&](const docker::Container* member) {
    return sensitivity::label_level(member->labels, config).index == level;
  });
}

// The levels of the segments a container is attached to (HDK-N-009's view).
std::vector<std::string> bridged_levels(const docker::EngineSnapshot& snapshot,
                                        const docker::Container& container,
                                        const audit::AuditConfig& config) {
  std::set<int> levels;
  std::vector<std::string> pairs;
  for (const auto& net : snapshot.networks) {
    if (!sensitivity::is_segment(net) || !sensitivity::is_member(container, net)) continue;
    const auto level = sensitivity::network_level(snapshot, net, config);
    if (level.index < 0) continue;
    levels.insert(level.index);
    pairs.push_back(net.name + ":" + sensitivity::level_name(level.index, config));
  }
  return levels.size() < 2 ? std::vector<std::string>{} : pairs;
}

std::string special_mode(const docker::Container& container) {
  const std::string& mode = container.network_mode;
  if (mode == "host" || mode == "none" || mode.starts_with("container:")) return mode;
  return "";
}

bool publishes_ports(const docker::Container& container) {
  auto bound = [](const std::vector<docker::PortMapping>& mappings) {
    return std::any_of(mappings.begin(), mappings.end(), [](const docker::PortMapping& mapping) {
      return !mapping.bindings.empty();
    });
  };
  return container.publish_all_ports || bound(container.ports) || bound(container.port_bindings);
}

core::Result<PlannedNetwork> planned_network(const docker::EngineSnapshot& snapshot,
                                             const audit::AuditConfig& config, int level,
                                             const NetworkPlanOptions& options) {
  PlannedNetwork net;
  net.level = sensitivity::level_name(level, config);
  net.name = options.name_prefix + net.level;
  if (!valid_network_name(net.name)) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "network name '" + net.name +
                          "' (prefix and sensitivity level) is not a "
                          "valid Docker network name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
  }
  net.internal = level > 0;
  net.options[std::string(kIccOption)] = "false";
  net.labels[config.sensitivity_label] = net.level;
  if (const docker::Network* existing = snapshot.find_network(net.name)) {
    const bool same = existing->internal == net.internal && icc_off(*existing) &&
                      label_or_empty(existing->labels, config.sensitivity_label) == net.level;
    if (!same) {
      return core::fail(core::ErrorCode::kInvalidArgument,
                        "network '" + net.name + "' exists but is not what the plan needs (" +
                            (net.internal ? "internal, " : "") + std::string(kIccOption) +
                            "=false, " + config.sensitivity_label + "=" + net.level +
                            "): remove or rename it, or choose another name prefix");
    }
    net.exists = true;
  }
  return net;
}

// What the network checks report before and not after the plan.
std::vector<FixedFinding> fixed_findings(const docker::EngineSnapshot& before,
                                         const docker::EngineSnapshot& after,
                                         const audit::AuditConfig& config) {
  audit::Selection selection;
  for (const audit::Check* check : audit::all_checks()) {
    if (check->info.code.starts_with("HDK-N-")) selection.only.emplace_back(check->info.code);
  }
  auto old_result = audit::run_audit(before, config, selection);
  auto new_result = audit::run_audit(after, config, selection);
  std::vector<FixedFinding> fixed;
  if (!old_result || !new_result) return fixed;
  auto key = [](const core::Finding& finding) {
    return std::string(finding.check_code) + "\n" + finding.target.name;
  };
  std::set<std::string> remaining;
  for (const auto& finding : new_result->findings) {
    if (finding.status == core::FindingStatus::kFail) remaining.insert(key(finding));
  }
  std::set<std::string> listed;
  for (const auto& finding : old_result->findings) {
    if (finding.status != core::FindingStatus::kFail || remaining.contains(key(finding))) continue;
    if (!listed.insert(key(finding)).second) continue;
    fixed.push_back(
        {std::string(finding.check_code), std::string(finding.slug), finding.target.name});
  }
  return fixed;
}

std::string_view decision_title(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kUnlabelled:
      return "no level";
    case DecisionKind::kUnknownLevel:
      return "unknown level";
    case DecisionKind::kBridgesLevels:
      return "bridges levels";
    case DecisionKind::kNetworkMode:
      return "network mode";
  }
  return "";
}

}  // namespace

core::Result<NetworkPlan> plan_networks(const docker::EngineSnapshot& snapshot,
                                        const audit::AuditConfig& config,
                                        const NetworkPlanOptions& options) {
  NetworkPlan plan;
  plan.sensitivity_label = config.sensitivity_label;
  plan.levels = config.sensitivity_levels;
  std::map<int, PlannedNetwork> networks;  // by level index, low -> high

  for (const auto& container : snapshot.containers) {
    if (const std::string mode = special_mode(container); !mode.empty()) {
      plan.decisions.push_back(
          {container.name, DecisionKind::kNetworkMode,
           "network mode " + mode + ": it has no network of its own to move" +
               (mode == "host" ? "; recreate it on a bridge network to segment it (HDK-N-003)"
                               : "")});
      continue;
    }
    const auto level = sensitivity::label_level(container.labels, config);
    if (level.state == sensitivity::LabelState::kAbsent) {
      plan.decisions.push_back({container.name, DecisionKind::kUnlabelled,
                                "no " + config.sensitivity_label +
                                    " label: left in place; label "
                                    "it (" +
                                    sensitivity::levels_text(config) + ") and plan again"});
      continue;
    }
    if (level.state == sensitivity::LabelState::kUnknown) {
      plan.decisions.push_back({container.name, DecisionKind::kUnknownLevel,
                                config.sensitivity_label + "=" + level.value +
                                    " is not a known level (" + sensitivity::levels_text(config) +
                                    "): left in place"});
      continue;
    }
    if (auto bridged = bridged_levels(snapshot, container, config); !bridged.empty()) {
      plan.decisions.push_back(
          {container.name, DecisionKind::kBridgesLevels,
           "attached to networks of different levels (" + join(bridged, ", ") +
               "): moving it would cut what it routes between them; keep one level, or put an "
               "authenticated proxy between the levels (HDK-N-009)"});
      continue;
    }

    NetworkMove move;
    move.container = container.name;
    move.level = level.value;
    for (const auto& attached : container.networks) {
      const docker::Network* net =
          snapshot.find_network(attached.network_id.empty() ? attached.name : attached.network_id);
      if (net == nullptr) net = snapshot.find_network(attached.name);
      if (net != nullptr && fits(snapshot, *net, level.index, config)) continue;
      move.from_networks.push_back(attached.name);
    }
    if (container.networks.empty() &&
        (container.network_mode == "default" || container.network_mode == "bridge")) {
      move.from_networks.emplace_back("bridge");
    }
    if (move.from_networks.empty()) continue;  // already on networks that fit its level

    if (!networks.contains(level.index)) {
      auto net = planned_network(snapshot, config, level.index, options);
      if (!net) return core::fail(net.error());
      networks.emplace(level.index, std::move(*net));
    }
    move.to_network = networks.at(level.index).name;
    std::erase(move.from_networks, move.to_network);
    if (level.index > 0 && publishes_ports(container)) {
      move.notes.push_back("publishes ports: on the internal network " + move.to_network +
                           " they stop answering; publish through a proxy on a lower level");
    }
    move.compose_project = label_or_empty(container.labels, kComposeProject);
    move.compose_service = label_or_empty(container.labels, kComposeService);
    if (!move.compose_project.empty()) {
      move.notes.push_back("created by Compose project " + move.compose_project +
                           ": declare the network in its file, or the next `up` undoes the move");
    }
    plan.moves.push_back(std::move(move));
  }
  for (auto& [index, net] : networks) plan.networks.push_back(std::move(net));
  if (!plan.moves.empty()) {
    plan.notes.push_back(
        "icc is off on every planned network: containers on it cannot reach each other either; "
        "services that must talk need their own network for that pair");
  }
  plan.fixes = fixed_findings(snapshot, apply_network_plan(snapshot, plan), config);
  return plan;
}

docker::EngineSnapshot apply_network_plan(const docker::EngineSnapshot& snapshot,
                                          const NetworkPlan& plan) {
  docker::EngineSnapshot after = snapshot;
  for (const auto& planned : plan.networks) {
    if (planned.exists) continue;
    docker::Network net;
    net.id = "planned-" + planned.name;
    net.name = planned.name;
    net.driver = "bridge";
    net.scope = "local";
    net.internal = planned.internal;
    net.options = planned.options;
    net.labels = planned.labels;
    after.networks.push_back(std::move(net));
  }
  for (const auto& move : plan.moves) {
    auto container =
        std::find_if(after.containers.begin(), after.containers.end(),
                     [&](const docker::Container& c) { return c.name == move.container; });
    if (container == after.containers.end()) continue;
    std::erase_if(container->networks, [&](const docker::ContainerNetwork& attached) {
      return std::find(move.from_networks.begin(), move.from_networks.end(), attached.name) !=
             move.from_networks.end();
    });
    for (auto& net : after.networks) {
      if (std::find(move.from_networks.begin(), move.from_networks.end(), net.name) !=
          move.from_networks.end()) {
        std::erase_if(net.containers, [&](const docker::NetworkMember& member) {
          return member.id == container->id;
        });
      }
    }
    const docker::Network* target = nullptr;
    for (auto& net : after.networks) {
      if (net.name != move.to_network) continue;
      net.containers.push_back({container->id, container->name, ""});
      target = &net;
    }
    const bool attached = std::any_of(
        container->networks.begin(), container->networks.end(),
        [&](const docker::ContainerNetwork& entry) { return entry.name == move.to_network; });
    if (!attached) {
      container->networks.push_back(
          {move.to_network, target == nullptr ? std::string() : target->id, ""});
    }
  }
  return after;
}

std::string render_network_script(const NetworkPlan& plan) {
  // Every name here came from the engine: comments are one_line(), words shell_word(), and an
  // operand that starts with '-' is preceded by "--".
  auto comment = [](const std::string& text) { return "# " + io::one_line(text) + "\n"; };
  auto operands = [](const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
      if (word.starts_with("-")) out = " --";
    }
    for (const auto& word : words) out += " " + shell_word(word);
    return out;
  };
  std::string out = "#!/bin/sh\n# hardock network segmentation plan\n";
  out += comment("Levels (low to high, label " + plan.sensitivity_label +
                 "): " + join(plan.levels, " < "));
  out +=
      "# Run with DOCKER_HOST pointing at the engine. Each container is connected to its new\n"
      "# network before it leaves the old ones, so it is never without a network.\n";
  out += "#\n# Findings this plan fixes:\n";
  if (plan.fixes.empty()) out += "#   none\n";
  for (const auto& fix : plan.fixes) {
    out += comment("  " + fix.code + " " + fix.slug + ": " + fix.target);
  }
  out += "#\n# Left in place, for a decision:\n";
  if (plan.decisions.empty()) out += "#   none\n";
  for (const auto& decision : plan.decisions) {
    out += comment("  " + decision.container + " (" + std::string(decision_title(decision.kind)) +
                   "): " + decision.reason);
  }
  for (const auto& note : plan.notes) out += comment("Note: " + note);
  out += "\nset -eu\n";

  for (const auto& net : plan.networks) {
    if (net.exists) {
      out += "\n" + comment(net.name + " exists already with the planned settings");
      continue;
    }
    out += "\ndocker network create --driver bridge";
    if (net.internal) out += " --internal";
    for (const auto& [key, value] : net.labels) out += " --label " + shell_word(key + "=" + value);
    for (const auto& [key, value] : net.options) out += " --opt " + shell_word(key + "=" + value);
    out += operands({net.name}) + "\n";
  }
  for (const auto& move : plan.moves) {
    out += "\n" + comment(move.container + " (" + move.level + ")");
    for (const auto& note : move.notes) out += comment(note);
    std::vector<std::string> words = {move.container, move.to_network};
    words.insert(words.end(), move.from_networks.begin(), move.from_networks.end());
    if (std::any_of(words.begin(), words.end(),
                    [](const std::string& word) { return !io::shell_representable(word); })) {
      out += comment("not scripted: a name holds a NUL byte, which no shell word can carry");
      continue;
    }
    out += "docker network connect" + operands({move.to_network, move.container}) + "\n";
    for (const auto& from : move.from_networks) {
      out += "docker network disconnect" + operands({from, move.container}) + "\n";
    }
  }

  // Compose recreates containers from its file: the move must be written there too.
  std::map<std::string, std::vector<const NetworkMove*>> by_project;
  for (const auto& move : plan.moves) {
    if (!move.compose_project.empty()) by_project[move.compose_project].push_back(&move);
  }
  for (const auto& [project, moves] : by_project) {
    out += "\n" + comment("Compose project " + project +
                          ": add to its compose file so `up` keeps the move");
    std::set<std::string> names;
    for (const auto* move : moves) names.insert(move->to_network);
    out += "#   networks:\n";
    for (const auto& name : names) {
      out += comment("    " + name + ":") + "#       external: true\n";
    }
    out += "#   services:\n";
    for (const auto* move : moves) {
      out +=
          comment("    " +
                  (move->compose_service.empty() ? move->container : move->compose_service) + ":") +
          comment("      networks: [" + move->to_network + "]");
    }
  }
  return out;
}

}  // namespace hardock::harden
