// Segmentation by sensitivity: the levels of containers and networks.
//
// Containers and networks carry config.sensitivity_label; its value is one of
// config.sensitivity_levels, ordered low to high. A network without its own
// label takes the highest level among its members. Membership comes from each
// container's NetworkSettings.Networks (what the container is actually plugged
// into); Network.Containers is only a cross-check, because the two are read at
// different moments and a container that joined or left in between is listed
// by one side only.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/docker/snapshot.h"

namespace hardock::audit::checks::network {

// The host's own stack and "no network" are not segments anyone can isolate.
inline bool is_segment(const docker::Network& net) {
  return net.name != "host" && net.name != "none" && net.driver != "host" && net.driver != "null";
}

inline bool attached_to(const docker::ContainerNetwork& attached, const docker::Network& net) {
  if (!attached.network_id.empty() && !net.id.empty()) return attached.network_id == net.id;
  return attached.name == net.name;
}

inline bool is_member(const docker::Container& container, const docker::Network& net) {
  return std::any_of(
      container.networks.begin(), container.networks.end(),
      [&](const docker::ContainerNetwork& attached) { return attached_to(attached, net); });
}

inline std::vector<const docker::Container*> members(const docker::EngineSnapshot& engine,
                                                     const docker::Network& net) {
  std::vector<const docker::Container*> out;
  for (const auto& container : engine.containers) {
    if (is_member(container, net)) out.push_back(&container);
  }
  return out;
}

// Ids the network lists as members that no container confirms: reported in
// evidence so a reader knows the collection raced with a change.
inline std::vector<std::string> unconfirmed_members(const docker::EngineSnapshot& engine,
                                                    const docker::Network& net) {
  std::vector<std::string> out;
  for (const auto& member : net.containers) {
    const docker::Container* container = engine.find_container(member.id);
    if (container == nullptr || !is_member(*container, net)) {
      out.push_back(member.name.empty() ? member.id.substr(0, 12) : member.name);
    }
  }
  return out;
}

enum class LabelState { kAbsent, kKnown, kUnknown };

struct LabelLevel {
  LabelState state = LabelState::kAbsent;
  std::string value;
  int index = -1;  // into config.sensitivity_levels when kKnown
};

inline LabelLevel label_level(const std::map<std::string, std::string>& labels,
                              const AuditConfig& config) {
  auto found = labels.find(config.sensitivity_label);
  if (found == labels.end()) return {};
  int index = config.level_index(found->second);
  return {index < 0 ? LabelState::kUnknown : LabelState::kKnown, found->second, index};
}

struct NetworkLevel {
  int index = -1;           // -1: no level can be given
  bool from_label = false;  // the network's own label, else derived from members
};

// A network labelled with an unknown level has no level: the checks that
// compare levels leave it to the unknown-label check rather than guess.
inline NetworkLevel network_level(const docker::EngineSnapshot& engine, const docker::Network& net,
                                  const AuditConfig& config) {
  LabelLevel own = label_level(net.labels, config);
  if (own.state == LabelState::kKnown) return {own.index, true};
  if (own.state == LabelState::kUnknown) return {-1, true};
  int highest = -1;
  for (const docker::Container* container : members(engine, net)) {
    highest = std::max(highest, label_level(container->labels, config).index);
  }
  return {highest, false};
}

inline std::string level_name(int index, const AuditConfig& config) {
  if (index < 0 || index >= static_cast<int>(config.sensitivity_levels.size())) return "?";
  return config.sensitivity_levels[static_cast<size_t>(index)];
}

inline std::string levels_text(const AuditConfig& config) {
  std::string out;
  for (const auto& level : config.sensitivity_levels) {
    if (!out.empty()) out += " < ";
    out += level;
  }
  return out;
}

}  // namespace hardock::audit::checks::network
