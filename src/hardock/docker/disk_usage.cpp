// GET /system/df into DiskUsage: the totals `docker system df` shows, computed the way the docker
// CLI computes them, and the objects whose removal frees space.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "hardock/docker/json_reader.h"
#include "hardock/docker/snapshot.h"

namespace hardock::docker {
namespace {

using nlohmann::json;
using Reader = JsonReader;

bool dangling(const std::vector<std::string>& tags) {
  return std::all_of(tags.begin(), tags.end(),
                     [](const std::string& tag) { return tag == "<none>:<none>"; });
}

// Sizes the engine did not compute are -1; they count as unknown, never as a negative size.
int64_t known(int64_t size) { return size < 0 ? 0 : size; }

DiskUsage read_disk_usage(const Reader& root) {
  DiskUsage usage;
  usage.layers_size = known(root.integer("LayersSize"));
  int64_t used_by_images = 0;
  root.each("Images", [&](const Reader& image) {
    ++usage.images.count;
    const int64_t size = image.integer("Size");
    const int64_t shared = image.integer("SharedSize");
    const int64_t containers = image.integer("Containers");
    if (containers > 0) {
      ++usage.images.active;
      // As the docker CLI: an image in use holds its own (unshared) bytes.
      if (size >= 0 && shared >= 0) used_by_images += size - shared;
    }
    if (size < 0) usage.images.size_known = false;
    if (dangling(image.strings("RepoTags"))) {
      usage.dangling_images.push_back({image.str("Id"), "", size});
    }
  });
  usage.images.size = usage.layers_size;
  usage.images.reclaimable = std::max<int64_t>(0, usage.layers_size - used_by_images);

  root.each("Containers", [&](const Reader& container) {
    ++usage.containers.count;
    const int64_t size = container.integer("SizeRw");
    if (size < 0) usage.containers.size_known = false;
    usage.containers.size += known(size);
    if (container.str("State") == "running") {
      ++usage.containers.active;
      return;
    }
    usage.containers.reclaimable += known(size);
    std::string name;
    if (auto names = container.strings("Names"); !names.empty()) {
      name = names.front();
      if (name.starts_with('/')) name.erase(0, 1);
    }
    usage.stopped_containers.push_back({container.str("Id"), std::move(name), size});
  });

  root.each("Volumes", [&](const Reader& volume) {
    ++usage.volumes.count;
    Reader data = volume.object("UsageData");
    const int64_t size = data.has("Size") ? data.integer("Size") : -1;
    const int64_t references = data.has("RefCount") ? data.integer("RefCount") : -1;
    if (size < 0) usage.volumes.size_known = false;
    usage.volumes.size += known(size);
    if (references > 0) {
      ++usage.volumes.active;
    } else if (references == 0) {
      usage.volumes.reclaimable += known(size);
    }
  });

  root.each("BuildCache", [&](const Reader& record) {
    ++usage.build_cache.count;
    const int64_t size = known(record.integer("Size"));
    usage.build_cache.size += size;
    if (record.boolean("InUse")) {
      ++usage.build_cache.active;
    } else if (!record.boolean("Shared")) {
      usage.build_cache.reclaimable += size;
    }
  });

  std::sort(usage.stopped_containers.begin(), usage.stopped_containers.end(),
            [](const ReclaimableItem& a, const ReclaimableItem& b) {
              return std::tie(a.name, a.id) < std::tie(b.name, b.id);
            });
  std::sort(usage.dangling_images.begin(), usage.dangling_images.end(),
            [](const ReclaimableItem& a, const ReclaimableItem& b) { return a.id < b.id; });
  return usage;
}

// The members of each element that read_disk_usage reads.
json pick(const json& element, const std::vector<const char*>& keys) {
  if (!element.is_object()) return element;  // kept as it is: the decoder names it
  json out = json::object();
  for (const char* key : keys) {
    if (auto member = element.find(key); member != element.end()) out[key] = *member;
  }
  return out;
}

}  // namespace

core::Result<DiskUsage> decode_disk_usage(const json& system_df) {
  try {
    return read_disk_usage(Reader(system_df, ""));
  } catch (const DecodeError& error) {
    return core::fail(
        core::ErrorCode::kMalformedInput,
        "system df: " + (error.field.empty() ? "" : "field " + error.field + ": ") + error.message);
  } catch (const json::exception& error) {
    return core::fail(core::ErrorCode::kMalformedInput, "system df: " + json_error_text(error));
  }
}

json trim_system_df(const json& system_df) {
  if (!system_df.is_object()) return system_df;
  json out = json::object();
  if (auto layers = system_df.find("LayersSize"); layers != system_df.end()) {
    out["LayersSize"] = *layers;
  }
  // Vectors, not initializer lists: a list's array would not outlive the pair built from it.
  static const std::vector<std::pair<const char*, std::vector<const char*>>> kMembers = {
      {"Images", {"Id", "RepoTags", "Size", "SharedSize", "Containers"}},
      {"Containers", {"Id", "Names", "State", "SizeRw"}},
      {"Volumes", {"Name", "UsageData"}},
      {"BuildCache", {"ID", "Type", "Size", "InUse", "Shared"}},
  };
  for (const auto& [member, keys] : kMembers) {
    auto list = system_df.find(member);
    if (list == system_df.end()) continue;
    if (!list->is_array()) {
      out[member] = *list;
      continue;
    }
    json trimmed = json::array();
    for (const auto& element : *list) trimmed.push_back(pick(element, keys));
    out[member] = std::move(trimmed);
  }
  return out;
}

}  // namespace hardock::docker
