#include "hardock/trends/disk_trend.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "hardock/drift/disk_usage.h"
#include "hardock/io/escape.h"

namespace hardock::trends {
namespace {

// Bytes of a category: "unknown" when the engine computed no size.
std::string category_bytes(const docker::DiskUsageCategory& category) {
  return category.size_known ? drift::human_bytes(category.size) : "unknown";
}

std::int64_t reclaimable(const docker::DiskUsage& usage) {
  return usage.images.reclaimable + usage.containers.reclaimable + usage.volumes.reclaimable +
         usage.build_cache.reclaimable;
}

std::int64_t total(const docker::DiskUsage& usage) {
  std::int64_t sum = 0;
  for (const auto* category :
       {&usage.images, &usage.containers, &usage.volumes, &usage.build_cache}) {
    if (category->size_known) sum += category->size;
  }
  return sum;
}

std::string signed_bytes(std::int64_t delta) {
  if (delta == 0) return "=";
  return (delta > 0 ? "+" : "-") + drift::human_bytes(delta > 0 ? delta : -delta);
}

nlohmann::json category_json(const docker::DiskUsageCategory& category) {
  return {{"count", category.count},
          {"active", category.active},
          {"bytes", category.size_known ? nlohmann::json(category.size) : nlohmann::json()},
          {"reclaimable_bytes", category.reclaimable}};
}

}  // namespace

std::string render_disk_trend_table(const std::vector<DiskPoint>& points, const std::string& host) {
  std::string out = "Disk use of " + io::terminal_safe(io::truncate(host, 80)) + " over " +
                    std::to_string(points.size()) + " audit run(s), oldest first\n";
  if (points.empty()) return out + "no stored audit run\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-6s %-25s %10s %11s %10s %11s %12s %8s %8s %9s\n", "RUN",
                "STARTED", "IMAGES", "CONTAINERS", "VOLUMES", "BUILD-CACHE", "RECLAIMABLE",
                "STOPPED", "DANGLING", "CHANGE");
  out += line;
  const docker::DiskUsage* previous = nullptr;
  for (const auto& point : points) {
    if (!point.usage) {
      std::snprintf(line, sizeof line, "%-6lld %-25s ", static_cast<long long>(point.run),
                    io::terminal_safe(io::truncate(point.started_at, 25)).c_str());
      out += line;
      out += point.error.empty()
                 ? std::string("disk use not collected in this run")
                 : "snapshot not readable: " + io::terminal_safe(io::one_line(point.error));
      out += "\n";
      continue;
    }
    const docker::DiskUsage& usage = *point.usage;
    const std::string change =
        previous == nullptr ? std::string("-") : signed_bytes(total(usage) - total(*previous));
    std::snprintf(line, sizeof line, "%-6lld %-25s %10s %11s %10s %11s %12s %8zu %8zu %9s\n",
                  static_cast<long long>(point.run),
                  io::terminal_safe(io::truncate(point.started_at, 25)).c_str(),
                  category_bytes(usage.images).c_str(), category_bytes(usage.containers).c_str(),
                  category_bytes(usage.volumes).c_str(), category_bytes(usage.build_cache).c_str(),
                  drift::human_bytes(reclaimable(usage)).c_str(), usage.stopped_containers.size(),
                  usage.dangling_images.size(), change.c_str());
    out += line;
    previous = &usage;
  }
  return out;
}

std::string render_disk_trend_json(const std::vector<DiskPoint>& points, const std::string& host) {
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& point : points) {
    nlohmann::json row = {{"run", point.run},
                          {"started_at", point.started_at},
                          {"collected", point.usage.has_value()}};
    if (!point.error.empty()) row["error"] = point.error;
    if (point.usage) {
      const docker::DiskUsage& usage = *point.usage;
      std::int64_t stopped_bytes = 0;
      for (const auto& item : usage.stopped_containers)
        stopped_bytes += std::max<int64_t>(0, item.size);
      std::int64_t dangling_bytes = 0;
      for (const auto& item : usage.dangling_images)
        dangling_bytes += std::max<int64_t>(0, item.size);
      row["images"] = category_json(usage.images);
      row["containers"] = category_json(usage.containers);
      row["volumes"] = category_json(usage.volumes);
      row["build_cache"] = category_json(usage.build_cache);
      row["layers_bytes"] = usage.layers_size;
      row["reclaimable_bytes"] = reclaimable(usage);
      row["stopped_containers"] = {{"count", usage.stopped_containers.size()},
                                   {"bytes", stopped_bytes}};
      row["dangling_images"] = {{"count", usage.dangling_images.size()}, {"bytes", dangling_bytes}};
    }
    runs.push_back(std::move(row));
  }
  const nlohmann::json document = {
      {"schema", "hardock.disk-trend/1"}, {"host", host}, {"runs", std::move(runs)}};
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace hardock::trends
