// Drift against the stored baseline as it happens (`hardock watch`): each container that changes
// is matched with the baseline's containers as `hardock drift` matches them (by name; else by id,
// a rename) and compared with drift's own per-container comparison (drift::compare_container).
// A container the baseline does not hold is drift; so is one whose security-relevant fields
// differ from its counterpart's. Informational fields alone (its state) are not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "hardock/docker/snapshot.h"
#include "hardock/drift/drift.h"

namespace hardock::monitor {

class BaselineDrift {
 public:
  // `baseline`: the engine snapshot of the baseline run `run` (indexed once here).
  BaselineDrift(docker::EngineSnapshot baseline, std::int64_t run);

  // The live container's drift from the baseline (change kAdded, kRecreated, kRenamed or
  // kChanged, with the fields that differ); nullopt when no security-relevant field differs.
  // `live_image`: the container's image when it could be read, else nullptr (then the image is
  // compared by id alone).
  [[nodiscard]] std::optional<drift::ContainerDrift> check(const docker::Container& live,
                                                           const docker::Image* live_image) const;

  [[nodiscard]] std::int64_t run() const { return run_; }
  [[nodiscard]] std::size_t containers() const { return baseline_.containers.size(); }

 private:
  docker::EngineSnapshot baseline_;
  std::int64_t run_ = 0;
  std::unordered_map<std::string, const docker::Container*> by_name_;
  std::unordered_map<std::string, const docker::Container*> by_id_;
  std::unordered_map<std::string, const docker::Image*> images_;
};

// One line for people: "not in the baseline (run 7)", "recreated: privileged false -> true;
// cap_add +SYS_ADMIN" (values cut to 200 characters; not escaped: JSON escapes it).
[[nodiscard]] std::string drift_evidence(const drift::ContainerDrift& change, std::int64_t run);

}  // namespace hardock::monitor
