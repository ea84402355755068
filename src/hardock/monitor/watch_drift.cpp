#include "hardock/monitor/watch_drift.h"

#include <algorithm>

#include "hardock/io/escape.h"

namespace hardock::monitor {

BaselineDrift::BaselineDrift(docker::EngineSnapshot baseline, std::int64_t run)
    : baseline_(std::move(baseline)), run_(run) {
  // Pointers into baseline_, which no longer moves.
  for (const auto& container : baseline_.containers) {
    by_name_.emplace(container.name, &container);
    by_id_.emplace(container.id, &container);
  }
  for (const auto& image : baseline_.images) images_.emplace(image.id, &image);
}

std::optional<drift::ContainerDrift> BaselineDrift::check(const docker::Container& live,
                                                          const docker::Image* live_image) const {
  drift::ContainerDrift out;
  out.name = live.name;
  out.after_id = live.id;
  out.image = live.image_ref;
  const docker::Container* old = nullptr;
  if (auto found = by_name_.find(live.name); found != by_name_.end()) {
    old = found->second;
    out.change =
        old->id == live.id ? drift::ContainerChange::kChanged : drift::ContainerChange::kRecreated;
  } else if (auto same_id = by_id_.find(live.id); same_id != by_id_.end()) {
    old = same_id->second;
    out.change = drift::ContainerChange::kRenamed;
    out.before_name = old->name;
  } else {
    out.change = drift::ContainerChange::kAdded;
    return out;
  }
  out.before_id = old->id;
  const auto image = images_.find(old->image_id);
  out.fields = drift::compare_container(*old, image == images_.end() ? nullptr : image->second,
                                        live, live_image);
  // Only what a change manager must look at: a rename, or a security-relevant field. A
  // container recreated with the very same settings is not drift.
  std::erase_if(out.fields, [](const drift::FieldChange& field) { return !field.security; });
  if (out.change != drift::ContainerChange::kRenamed && out.fields.empty()) return std::nullopt;
  return out;
}

std::string drift_evidence(const drift::ContainerDrift& change, std::int64_t run) {
  const std::string baseline = "the baseline (run " + std::to_string(run) + ")";
  if (change.change == drift::ContainerChange::kAdded) return "not in " + baseline;
  std::string out(drift::to_string(change.change));
  out += " since " + baseline;
  if (change.change == drift::ContainerChange::kRenamed) out += ", was " + change.before_name;
  const char* separator = ": ";
  for (const auto& field : change.fields) {
    out += separator;
    separator = "; ";
    out += field.field;
    if (field.added.empty() && field.removed.empty()) {
      out += " " + io::truncate(field.before.empty() ? "(unset)" : field.before, 200) + " -> " +
             io::truncate(field.after.empty() ? "(unset)" : field.after, 200);
      continue;
    }
    for (const auto& added : field.added) out += " +" + io::truncate(added, 200);
    for (const auto& removed : field.removed) out += " -" + io::truncate(removed, 200);
  }
  return io::truncate(out, 4000);
}

}  // namespace hardock::monitor
