// Disk use (GET /system/df, docker/snapshot.h DiskUsage) of one snapshot, for people: what each
// category takes and what removing its inactive objects would free, and which stopped
// containers and dangling images hold that space. A snapshot without disk use says "not
// collected", never zero.
#pragma once

#include <optional>
#include <string>

#include "hardock/docker/snapshot.h"

namespace hardock::drift {

// At most this many stopped containers and dangling images are listed (the largest first); the
// rest are counted.
inline constexpr std::size_t kMaxListedItems = 20;

[[nodiscard]] std::string render_disk_usage_table(const std::optional<docker::DiskUsage>& usage);
// <section class="hardock-disk-usage"> with inline styles, every engine string escaped.
[[nodiscard]] std::string render_disk_usage_html(const std::optional<docker::DiskUsage>& usage);

// "1.5 GB" (powers of 1000, as `docker system df`).
[[nodiscard]] std::string human_bytes(std::int64_t bytes);

}  // namespace hardock::drift
