#include "hardock/docker/snapshot_index.h"

#include <algorithm>

namespace hardock::docker {

void SnapshotIndex::add(Positions& positions, std::string_view key, size_t position) {
  positions.try_emplace(key, position);
}

std::optional<size_t> SnapshotIndex::first_of(const Positions& by_id, const Positions& by_name,
                                              std::string_view key) {
  auto id = by_id.find(key);
  auto name = by_name.find(key);
  if (id == by_id.end() && name == by_name.end()) return std::nullopt;
  if (id == by_id.end()) return name->second;
  if (name == by_name.end()) return id->second;
  return std::min(id->second, name->second);
}

SnapshotIndex::SnapshotIndex(const EngineSnapshot& snapshot) : snapshot_(&snapshot) {
  container_by_id_.reserve(snapshot.containers.size());
  container_by_name_.reserve(snapshot.containers.size());
  for (size_t position = 0; position < snapshot.containers.size(); ++position) {
    add(container_by_id_, snapshot.containers[position].id, position);
    add(container_by_name_, snapshot.containers[position].name, position);
  }
  for (size_t position = 0; position < snapshot.networks.size(); ++position) {
    add(network_by_id_, snapshot.networks[position].id, position);
    add(network_by_name_, snapshot.networks[position].name, position);
  }
  for (size_t position = 0; position < snapshot.images.size(); ++position) {
    add(image_by_id_, snapshot.images[position].id, position);
  }
}

std::optional<size_t> SnapshotIndex::container_position(std::string_view id_or_name) const {
  return first_of(container_by_id_, container_by_name_, id_or_name);
}

std::optional<size_t> SnapshotIndex::network_position(std::string_view id_or_name) const {
  return first_of(network_by_id_, network_by_name_, id_or_name);
}

const Container* SnapshotIndex::find_container(std::string_view id_or_name) const {
  auto position = container_position(id_or_name);
  return position ? &snapshot_->containers[*position] : nullptr;
}

const Network* SnapshotIndex::find_network(std::string_view id_or_name) const {
  auto position = network_position(id_or_name);
  return position ? &snapshot_->networks[*position] : nullptr;
}

const Image* SnapshotIndex::find_image(std::string_view id) const {
  auto found = image_by_id_.find(id);
  return found == image_by_id_.end() ? nullptr : &snapshot_->images[found->second];
}

size_t SnapshotIndex::position(const Container& container) const {
  return static_cast<size_t>(&container - snapshot_->containers.data());
}

size_t SnapshotIndex::position(const Network& network) const {
  return static_cast<size_t>(&network - snapshot_->networks.data());
}

}  // namespace hardock::docker
