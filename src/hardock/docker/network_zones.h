// NetworkZones: segmentation by sensitivity for one snapshot, built once and shared by the
// network checks (and anything else that asks which container is on which network).
//
// Containers and networks carry a sensitivity label (label_key, e.g. "hardock.sensitivity")
// whose value is one of `levels`, ordered low to high. A network without its own label takes the
// highest level among its members. Membership comes from each container's
// NetworkSettings.Networks (what the container is actually plugged into); Network.Containers is
// only a cross-check, because the two are read at different moments and a container that joined
// or left in between is listed by one side only.
//
// Built in O(containers x attachments + networks + levels); every question after that is O(1)
// or O(size of the answer). ARCHITECTURE.md: computed once per snapshot, never re-derived by
// scanning all containers inside a per-container loop. The zones keep pointers into the
// snapshot and the index: both must outlive them and not change.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hardock/docker/snapshot.h"
#include "hardock/docker/snapshot_index.h"

namespace hardock::docker {

enum class LabelState { kAbsent, kKnown, kUnknown };

struct LabelLevel {
  LabelState state = LabelState::kAbsent;
  std::string value;
  int index = -1;  // into levels when kKnown
};

struct NetworkLevel {
  int index = -1;           // -1: no level can be given
  bool from_label = false;  // the network's own label, else derived from members
};

class NetworkZones {
 public:
  NetworkZones(const SnapshotIndex& index, std::string label_key, std::vector<std::string> levels);

  // The host's own stack and "no network" are not segments anyone can isolate.
  [[nodiscard]] static bool is_segment(const Network& net);
  // Whether one NetworkSettings.Networks entry is `net`: by id when both have one, else by name.
  [[nodiscard]] static bool attached_to(const ContainerNetwork& attached, const Network& net);

  // Positions in snapshot.containers of the containers on network `network` (a position in
  // snapshot.networks), ascending.
  [[nodiscard]] const std::vector<size_t>& members(size_t network) const;
  // Positions in snapshot.networks of the networks container `container` is on, ascending.
  [[nodiscard]] const std::vector<size_t>& networks_of(size_t container) const;
  [[nodiscard]] bool is_member(size_t container, size_t network) const;
  // Names (else short ids) the network lists as members that no container confirms: reported in
  // evidence so a reader knows the collection raced with a change.
  [[nodiscard]] std::vector<std::string> unconfirmed_members(size_t network) const;

  // The level a label set gives (kAbsent without the label, kUnknown for a value not in levels).
  [[nodiscard]] LabelLevel label_level(const std::map<std::string, std::string>& labels) const;
  [[nodiscard]] const LabelLevel& container_level(size_t container) const;
  // A network labelled with an unknown level has no level: the checks that compare levels leave
  // it to the unknown-label check rather than guess.
  [[nodiscard]] const NetworkLevel& network_level(size_t network) const;

  // The level's name, "?" for -1 or out of range.
  [[nodiscard]] std::string level_name(int index) const;
  // "public < internal < restricted".
  [[nodiscard]] std::string levels_text() const;
  [[nodiscard]] const std::string& label_key() const { return label_key_; }
  [[nodiscard]] const SnapshotIndex& index() const { return *index_; }

 private:
  [[nodiscard]] int level_index(const std::string& value) const;

  const SnapshotIndex* index_;
  std::string label_key_;
  std::vector<std::string> levels_;
  std::unordered_map<std::string, int> level_by_name_;
  std::vector<std::vector<size_t>> members_;      // by network position
  std::vector<std::vector<size_t>> networks_of_;  // by container position
  std::vector<LabelLevel> container_levels_;
  std::vector<NetworkLevel> network_levels_;
};

}  // namespace hardock::docker
