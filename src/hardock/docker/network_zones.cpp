#include "hardock/docker/network_zones.h"

#include <algorithm>
#include <utility>

namespace hardock::docker {
namespace {

using Positions = std::unordered_map<std::string_view, std::vector<size_t>>;

}  // namespace

bool NetworkZones::is_segment(const Network& net) {
  return net.name != "host" && net.name != "none" && net.driver != "host" && net.driver != "null";
}

bool NetworkZones::attached_to(const ContainerNetwork& attached, const Network& net) {
  if (!attached.network_id.empty() && !net.id.empty()) return attached.network_id == net.id;
  return attached.name == net.name;
}

NetworkZones::NetworkZones(const SnapshotIndex& index, std::string label_key,
                           std::vector<std::string> levels)
    : index_(&index), label_key_(std::move(label_key)), levels_(std::move(levels)) {
  for (size_t level = 0; level < levels_.size(); ++level) {
    level_by_name_.try_emplace(levels_[level], static_cast<int>(level));
  }
  const EngineSnapshot& snapshot = index.snapshot();
  const auto& networks = snapshot.networks;
  const auto& containers = snapshot.containers;

  // attached_to() by lookup: an entry with a NetworkID matches networks with that id, and
  // networks without an id by name; an entry without one matches every network of its name.
  Positions by_id;
  Positions by_name;
  Positions without_id_by_name;
  for (size_t network = 0; network < networks.size(); ++network) {
    const Network& net = networks[network];
    by_name[net.name].push_back(network);
    if (net.id.empty()) {
      without_id_by_name[net.name].push_back(network);
    } else {
      by_id[net.id].push_back(network);
    }
  }
  auto append = [](const Positions& positions, std::string_view key, std::vector<size_t>& out) {
    if (auto found = positions.find(key); found != positions.end()) {
      out.insert(out.end(), found->second.begin(), found->second.end());
    }
  };

  members_.resize(networks.size());
  networks_of_.resize(containers.size());
  container_levels_.reserve(containers.size());
  for (size_t container = 0; container < containers.size(); ++container) {
    std::vector<size_t>& on = networks_of_[container];
    for (const auto& attached : containers[container].networks) {
      if (attached.network_id.empty()) {
        append(by_name, attached.name, on);
      } else {
        append(by_id, attached.network_id, on);
        append(without_id_by_name, attached.name, on);
      }
    }
    std::sort(on.begin(), on.end());
    on.erase(std::unique(on.begin(), on.end()), on.end());
    for (size_t network : on) members_[network].push_back(container);  // ascending: in order
    container_levels_.push_back(label_level(containers[container].labels));
  }

  network_levels_.reserve(networks.size());
  for (size_t network = 0; network < networks.size(); ++network) {
    LabelLevel own = label_level(networks[network].labels);
    if (own.state == LabelState::kKnown) {
      network_levels_.push_back({own.index, true});
    } else if (own.state == LabelState::kUnknown) {
      network_levels_.push_back({-1, true});
    } else {
      int highest = -1;
      for (size_t container : members_[network]) {
        highest = std::max(highest, container_levels_[container].index);
      }
      network_levels_.push_back({highest, false});
    }
  }
}

const std::vector<size_t>& NetworkZones::members(size_t network) const {
  return members_.at(network);
}

const std::vector<size_t>& NetworkZones::networks_of(size_t container) const {
  return networks_of_.at(container);
}

bool NetworkZones::is_member(size_t container, size_t network) const {
  const auto& on = networks_of(container);
  return std::binary_search(on.begin(), on.end(), network);
}

std::vector<std::string> NetworkZones::unconfirmed_members(size_t network) const {
  std::vector<std::string> out;
  for (const auto& member : index_->snapshot().networks.at(network).containers) {
    auto container = index_->container_position(member.id);
    if (!container || !is_member(*container, network)) {
      out.push_back(member.name.empty() ? member.id.substr(0, 12) : member.name);
    }
  }
  return out;
}

int NetworkZones::level_index(const std::string& value) const {
  auto found = level_by_name_.find(value);
  return found == level_by_name_.end() ? -1 : found->second;
}

LabelLevel NetworkZones::label_level(const std::map<std::string, std::string>& labels) const {
  auto found = labels.find(label_key_);
  if (found == labels.end()) return {};
  const int level = level_index(found->second);
  return {level < 0 ? LabelState::kUnknown : LabelState::kKnown, found->second, level};
}

const LabelLevel& NetworkZones::container_level(size_t container) const {
  return container_levels_.at(container);
}

const NetworkLevel& NetworkZones::network_level(size_t network) const {
  return network_levels_.at(network);
}

std::string NetworkZones::level_name(int index) const {
  if (index < 0 || index >= static_cast<int>(levels_.size())) return "?";
  return levels_[static_cast<size_t>(index)];
}

std::string NetworkZones::levels_text() const {
  std::string out;
  for (const auto& level : levels_) {
    if (!out.empty()) out += " < ";
    out += level;
  }
  return out;
}

}  // namespace hardock::docker
