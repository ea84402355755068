// Prometheus text exposition (format 0.0.4) of the stored runs, for node_exporter's textfile
// collector: findings of each host's newest audit by severity and COBIT domain, domain scores,
// last run times, waivers by state, and the risk total when the risk register supplies one.
// Pure: the `metrics` command reads the store and writes the file atomically.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/trends/trends.h"

namespace hardock::monitor {

struct HostMetrics {
  std::string host;                  // the store's host identity
  std::string host_name;             // for people
  trends::RunPoint newest;           // the newest audit run of the host, counted
  std::optional<double> risk_total;  // from the risk register; nullopt: the metric is omitted
};

struct LastRun {
  std::string host;
  std::string kind;  // "audit", "image", ...
  std::int64_t started_seconds = 0;
  std::int64_t duration_ms = 0;
};

struct MetricsInput {
  std::vector<HostMetrics> hosts;
  std::vector<LastRun> last_runs;
  std::vector<trends::WaiverStatus> waivers;
};

// A label value as the exposition format wants it: backslash, double quote and newline escaped
// (\\, \", \n); invalid UTF-8 replaced by U+FFFD.
std::string label_value(std::string_view text);

// The whole exposition, ending in a newline. Deterministic: hosts and label sets are sorted.
std::string render_prometheus(const MetricsInput& input);

}  // namespace hardock::monitor
