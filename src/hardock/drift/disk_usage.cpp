#include "hardock/drift/disk_usage.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "hardock/io/escape.h"

namespace hardock::drift {
namespace {

struct Row {
  const char* name;
  const docker::DiskUsageCategory* category;
};

std::vector<Row> rows(const docker::DiskUsage& usage) {
  return {{"Images", &usage.images},
          {"Containers", &usage.containers},
          {"Local volumes", &usage.volumes},
          {"Build cache", &usage.build_cache}};
}

std::string size_text(const docker::DiskUsageCategory& category) {
  return category.size_known ? human_bytes(category.size) : human_bytes(category.size) + "+";
}

// The largest first, at most kMaxListedItems.
std::vector<const docker::ReclaimableItem*> largest(
    const std::vector<docker::ReclaimableItem>& items) {
  std::vector<const docker::ReclaimableItem*> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(&item);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return a->size > b->size; });
  if (out.size() > kMaxListedItems) out.resize(kMaxListedItems);
  return out;
}

std::string item_label(const docker::ReclaimableItem& item) {
  std::string id = item.id.starts_with("sha256:") ? item.id.substr(7) : item.id;
  id = id.substr(0, 12);
  return item.name.empty() ? id : item.name + " (" + id + ")";
}

}  // namespace

std::string human_bytes(std::int64_t bytes) {
  if (bytes < 0) return "unknown";
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1000 && unit + 1 < std::size(kUnits)) {
    value /= 1000;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
  return buffer;
}

std::string render_disk_usage_table(const std::optional<docker::DiskUsage>& usage) {
  if (!usage) return "Disk use: not collected\n";
  std::string out = "TYPE            TOTAL    ACTIVE   SIZE         RECLAIMABLE\n";
  for (const auto& [name, category] : rows(*usage)) {
    char line[160];
    std::snprintf(line, sizeof line, "%-15s %-8lld %-8lld %-12s %s\n", name,
                  static_cast<long long>(category->count), static_cast<long long>(category->active),
                  size_text(*category).c_str(), human_bytes(category->reclaimable).c_str());
    out += line;
  }
  auto list = [&](const char* title, const std::vector<docker::ReclaimableItem>& items) {
    out += std::string(title) + ": " + std::to_string(items.size()) + "\n";
    for (const auto* item : largest(items)) {
      out += "  " + io::terminal_safe(io::truncate(item_label(*item), 200)) + "  " +
             human_bytes(item->size) + "\n";
    }
    if (items.size() > kMaxListedItems) {
      out += "  ... and " + std::to_string(items.size() - kMaxListedItems) + " more\n";
    }
  };
  list("Stopped containers", usage->stopped_containers);
  list("Dangling images", usage->dangling_images);
  return out;
}

std::string render_disk_usage_html(const std::optional<docker::DiskUsage>& usage) {
  std::string out = "<section class=\"hardock-disk-usage\">\n<h2>Disk use</h2>\n";
  if (!usage) return out + "<p>Not collected (GET /system/df was not read).</p>\n</section>\n";
  static constexpr const char* kCell = "<td style=\"border:1px solid #ccc;padding:2px 6px\">";
  static constexpr const char* kHead =
      "<th style=\"border:1px solid #ccc;padding:2px 6px;text-align:left\">";
  out += "<table style=\"border-collapse:collapse\">\n<tr>";
  for (const char* title : {"type", "total", "active", "size", "reclaimable"}) {
    out += std::string(kHead) + title + "</th>";
  }
  out += "</tr>\n";
  for (const auto& [name, category] : rows(*usage)) {
    out += std::string("<tr>") + kCell + name + "</td>" + kCell + std::to_string(category->count) +
           "</td>" + kCell + std::to_string(category->active) + "</td>" + kCell +
           size_text(*category) + "</td>" + kCell + human_bytes(category->reclaimable) +
           "</td></tr>\n";
  }
  out += "</table>\n";
  auto list = [&](const char* title, const std::vector<docker::ReclaimableItem>& items) {
    out += std::string("<h3>") + title + " (" + std::to_string(items.size()) + ")</h3>\n";
    if (items.empty()) return;
    out += "<ul>\n";
    for (const auto* item : largest(items)) {
      out += "<li><code>" + io::xml_escape(io::truncate(item_label(*item), 200), false) +
             "</code> " + human_bytes(item->size) + "</li>\n";
    }
    if (items.size() > kMaxListedItems) {
      out += "<li>... and " + std::to_string(items.size() - kMaxListedItems) + " more</li>\n";
    }
    out += "</ul>\n";
  };
  list("Stopped containers", usage->stopped_containers);
  list("Dangling images", usage->dangling_images);
  return out + "</section>\n";
}

}  // namespace hardock::drift
