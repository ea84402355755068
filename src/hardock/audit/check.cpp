#include "hardock/audit/check.h"

#include "hardock/docker/network_zones.h"
#include "hardock/docker/snapshot_index.h"

namespace hardock::audit {

std::string_view to_string(Input input) {
  switch (input) {
    case Input::kEngine:
      return "engine";
    case Input::kHost:
      return "host";
    case Input::kEngineOrHost:
      return "engine or host";
    case Input::kImage:
      return "image";
    case Input::kImageFiles:
      return "image files";
    case Input::kVulnerabilities:
      return "vulnerability database";
  }
  return "unknown";
}

const docker::SnapshotIndex& AuditContext::index() const {
  if (!built_index) built_index = std::make_shared<const docker::SnapshotIndex>(engine);
  return *built_index;
}

const docker::NetworkZones& AuditContext::zones() const {
  if (!built_zones) {
    built_zones = std::make_shared<const docker::NetworkZones>(index(), config.sensitivity_label,
                                                               config.sensitivity_levels);
  }
  return *built_zones;
}

core::Target container_target(const docker::Container& container) {
  return {core::TargetKind::kContainer, container.id, container.name};
}

core::Target network_target(const docker::Network& network) {
  return {core::TargetKind::kNetwork, network.id, network.name};
}

core::Target engine_target(const docker::EngineSnapshot& engine) {
  std::string name = engine.info.name.empty() ? engine.endpoint : engine.info.name;
  return {core::TargetKind::kEngine, engine.endpoint, name};
}

core::Target image_target(const image::ImageSubject& image) {
  return {core::TargetKind::kImage, image.id, image.name};
}

core::Target host_target(const host::HostSnapshot& host) {
  return {core::TargetKind::kHost, host.root, host.root};
}

}  // namespace hardock::audit
