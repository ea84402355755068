// SnapshotIndex: the containers, networks and images of one snapshot by id and by name, built
// once (linear) so that a check asking "which image does this container use" for every container
// costs O(n), not O(n^2). The answers are EngineSnapshot::find_*'s, in O(1).
//
// The index keeps pointers into the snapshot: the snapshot must outlive it and not change.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "hardock/docker/snapshot.h"

namespace hardock::docker {

class SnapshotIndex {
 public:
  explicit SnapshotIndex(const EngineSnapshot& snapshot);

  // The first container (in snapshot order) whose id or name is `id_or_name`; nullptr if none.
  [[nodiscard]] const Container* find_container(std::string_view id_or_name) const;
  // The first network whose id or name is `id_or_name`; nullptr if none.
  [[nodiscard]] const Network* find_network(std::string_view id_or_name) const;
  // The first image whose id is `id`; nullptr if none.
  [[nodiscard]] const Image* find_image(std::string_view id) const;

  // Positions in snapshot.containers / snapshot.networks, by the same rule.
  [[nodiscard]] std::optional<size_t> container_position(std::string_view id_or_name) const;
  [[nodiscard]] std::optional<size_t> network_position(std::string_view id_or_name) const;
  // The position of an element of snapshot.containers / snapshot.networks (by address).
  [[nodiscard]] size_t position(const Container& container) const;
  [[nodiscard]] size_t position(const Network& network) const;

  [[nodiscard]] const EngineSnapshot& snapshot() const { return *snapshot_; }

 private:
  using Positions = std::unordered_map<std::string_view, size_t>;
  // Keeps the first position of each key (empty keys too: find_* matches them alike).
  static void add(Positions& positions, std::string_view key, size_t position);
  static std::optional<size_t> first_of(const Positions& by_id, const Positions& by_name,
                                        std::string_view key);

  const EngineSnapshot* snapshot_;
  Positions container_by_id_;
  Positions container_by_name_;
  Positions network_by_id_;
  Positions network_by_name_;
  Positions image_by_id_;
};

}  // namespace hardock::docker
