// Segmentation by sensitivity: the levels of containers and networks.
//
// The model is docker::NetworkZones (docker/network_zones.h): membership and levels built once
// per snapshot; the network checks ask AuditContext::zones(). What is here is the same rules for
// callers that judge one network or container at a time without the zones (harden's network
// plan): members() and network_level() scan every container, O(containers) per call, so a
// caller looping over containers or networks should build docker::NetworkZones once instead.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/docker/network_zones.h"
#include "hardock/docker/snapshot.h"

namespace hardock::audit::checks::network {

using docker::LabelLevel;
using docker::LabelState;
using docker::NetworkLevel;

inline bool is_segment(const docker::Network& net) { return docker::NetworkZones::is_segment(net); }

inline bool attached_to(const docker::ContainerNetwork& attached, const docker::Network& net) {
  return docker::NetworkZones::attached_to(attached, net);
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

inline LabelLevel label_level(const std::map<std::string, std::string>& labels,
                              const AuditConfig& config) {
  auto found = labels.find(config.sensitivity_label);
  if (found == labels.end()) return {};
  int index = config.level_index(found->second);
  return {index < 0 ? LabelState::kUnknown : LabelState::kKnown, found->second, index};
}

// As NetworkZones::network_level, for one network.
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
