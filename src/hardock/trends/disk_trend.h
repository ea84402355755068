// Disk use over time (COBIT DSS01): what images, containers' writable layers, volumes and the
// build cache took in each stored audit run (GET /system/df in its snapshot), with what removing
// the inactive ones would free and how many stopped containers and dangling images held it.
// Pure: `hardock disk-usage --trend` reads the runs. A run whose snapshot holds no disk use, or
// could not be read, says so in its row: never zero.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hardock/docker/snapshot.h"

namespace hardock::trends {

struct DiskPoint {
  std::int64_t run = 0;
  std::string started_at;
  std::optional<docker::DiskUsage> usage;  // nullopt: not collected, or not readable
  std::string error;                       // why the run's snapshot could not be read
};

// One row per run, oldest first, with each category's bytes (human and exact in JSON) and the
// change since the previous row that has disk use. Every engine string is escaped for the format.
[[nodiscard]] std::string render_disk_trend_table(const std::vector<DiskPoint>& points,
                                                  const std::string& host);
// Schema "hardock.disk-trend/1" (docs/json-schema.md).
[[nodiscard]] std::string render_disk_trend_json(const std::vector<DiskPoint>& points,
                                                 const std::string& host);

}  // namespace hardock::trends
