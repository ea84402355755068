#include "hardock/risk/score.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "hardock/docker/network_zones.h"
#include "hardock/docker/snapshot_index.h"

namespace hardock::risk {
namespace {

bool every_interface(const std::string& host_ip) {
  return host_ip.empty() || host_ip == "0.0.0.0" || host_ip == "::" || host_ip == "[::]";
}

constexpr const char* kUnlabelled = "unlabelled";

}  // namespace

RiskModel::RiskModel(RiskPolicy policy, std::string label_key, std::vector<std::string> levels,
                     const docker::EngineSnapshot* snapshot, bool engine_api)
    : policy_(std::move(policy)), levels_(std::move(levels)), engine_api_(engine_api) {
  public_level_.assign(levels_.size(), 0);
  for (std::size_t index = 0; index < levels_.size(); ++index) {
    public_level_[index] =
        policy_.public_levels.empty()
            ? index == 0
            : std::find(policy_.public_levels.begin(), policy_.public_levels.end(),
                        levels_[index]) != policy_.public_levels.end();
  }
  host_.zone = "host";
  host_.impact = policy_.unlabelled;
  host_.exposure.engine_api = engine_api_;
  if (snapshot == nullptr) return;

  const docker::SnapshotIndex index(*snapshot);
  const docker::NetworkZones zones(index, std::move(label_key), levels_);
  auto is_public = [&](int level) {
    return level >= 0 && static_cast<std::size_t>(level) < public_level_.size() &&
           public_level_[static_cast<std::size_t>(level)];
  };
  auto make = [&](int level) {
    Asset asset;
    asset.zone = level >= 0 ? zones.level_name(level) : kUnlabelled;
    asset.impact = level_weight(level);
    asset.exposure.engine_api = engine_api_;
    return asset;
  };

  double host_impact = -1;
  std::unordered_map<std::string, int> image_level;
  std::unordered_map<std::string, Exposure> image_exposure;
  for (std::size_t position = 0; position < snapshot->containers.size(); ++position) {
    const docker::Container& container = snapshot->containers[position];
    const docker::LabelLevel& own = zones.container_level(position);
    int level = own.state == docker::LabelState::kKnown ? own.index : -1;
    bool on_public = is_public(level);
    for (const std::size_t network : zones.networks_of(position)) {
      const int network_level = zones.network_level(network).index;
      if (own.state != docker::LabelState::kKnown) level = std::max(level, network_level);
      on_public = on_public || is_public(network_level);
    }
    Asset asset = make(level);
    asset.exposure.public_zone = on_public;
    asset.exposure.privileged = container.privileged;
    for (const auto& port : container.ports) {
      for (const auto& binding : port.bindings) {
        asset.exposure.all_interfaces =
            asset.exposure.all_interfaces || every_interface(binding.host_ip);
      }
    }
    host_impact = std::max(host_impact, asset.impact);
    int& by_image = image_level.try_emplace(container.image_id, -1).first->second;
    by_image = std::max(by_image, level);
    Exposure& exposed = image_exposure[container.image_id];
    exposed.all_interfaces = exposed.all_interfaces || asset.exposure.all_interfaces;
    exposed.public_zone = exposed.public_zone || asset.exposure.public_zone;
    exposed.privileged = exposed.privileged || asset.exposure.privileged;
    by_key_.try_emplace("c:" + container.id, asset);
    by_key_.try_emplace("c:" + container.name, std::move(asset));
  }
  for (std::size_t position = 0; position < snapshot->networks.size(); ++position) {
    const docker::Network& network = snapshot->networks[position];
    Asset asset = make(zones.network_level(position).index);
    asset.exposure.public_zone = is_public(zones.network_level(position).index);
    by_key_.try_emplace("n:" + network.id, asset);
    by_key_.try_emplace("n:" + network.name, std::move(asset));
  }
  for (const auto& [image, level] : image_level) {
    Asset asset = make(level);
    const Exposure& exposed = image_exposure[image];
    asset.exposure.all_interfaces = exposed.all_interfaces;
    asset.exposure.public_zone = exposed.public_zone;
    asset.exposure.privileged = exposed.privileged;
    by_key_.try_emplace("i:" + image, std::move(asset));
  }
  if (host_impact >= 0) host_.impact = host_impact;
}

double RiskModel::level_weight(int level) const {
  if (level < 0 || static_cast<std::size_t>(level) >= levels_.size()) return policy_.unlabelled;
  const std::string& name = levels_[static_cast<std::size_t>(level)];
  if (auto found = policy_.impact.find(name); found != policy_.impact.end()) return found->second;
  return static_cast<double>(level + 1);
}

Asset RiskModel::asset(core::TargetKind kind, const std::string& id,
                       const std::string& name) const {
  const char* prefix = nullptr;
  switch (kind) {
    case core::TargetKind::kEngine:
    case core::TargetKind::kDaemon:
    case core::TargetKind::kHost:
      return host_;
    case core::TargetKind::kContainer:
      prefix = "c:";
      break;
    case core::TargetKind::kNetwork:
      prefix = "n:";
      break;
    case core::TargetKind::kImage:
      prefix = "i:";
      break;
    case core::TargetKind::kDockerfile:
      break;
  }
  if (prefix != nullptr) {
    for (const std::string* key : {&id, &name}) {
      if (auto found = by_key_.find(prefix + *key); found != by_key_.end()) return found->second;
    }
  }
  Asset unknown;
  unknown.zone = kUnlabelled;
  unknown.impact = policy_.unlabelled;
  unknown.exposure.engine_api = engine_api_ && kind != core::TargetKind::kDockerfile;
  return unknown;
}

Score RiskModel::score(const Asset& asset, core::Severity severity) const {
  Score out;
  out.impact = asset.impact;
  double factor = 1;
  const std::pair<bool, std::pair<double, const char*>> factors[] = {
      {asset.exposure.all_interfaces, {policy_.all_interfaces, "all-interfaces"}},
      {asset.exposure.public_zone, {policy_.public_zone, "public-zone"}},
      {asset.exposure.privileged, {policy_.privileged, "privileged"}},
      {asset.exposure.engine_api, {policy_.engine_api, "engine-api"}},
  };
  for (const auto& [holds, weighted] : factors) {
    if (!holds) continue;
    factor += weighted.first;
    out.factors.emplace_back(weighted.second);
  }
  const auto found = policy_.severity.find(severity);
  out.likelihood = (found == policy_.severity.end() ? 1.0 : found->second) * factor;
  out.value = std::round(out.impact * out.likelihood * 10) / 10;
  return out;
}

}  // namespace hardock::risk
