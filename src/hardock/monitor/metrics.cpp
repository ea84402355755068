#include "hardock/monitor/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "hardock/io/escape.h"

namespace hardock::monitor {
namespace {

// HELP text escapes backslash and newline only.
std::string help_text(std::string_view text) {
  std::string out;
  for (char c : io::valid_utf8(text)) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

struct Family {
  std::string_view name;
  std::string_view type;
  std::string_view help;
};

class Exposition {
 public:
  void family(const Family& family) {
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name, help_text(family.help),
                        family.name, family.type);
  }
  // labels: (name, value) pairs; value escaped here.
  void sample(std::string_view name,
              std::initializer_list<std::pair<std::string_view, std::string_view>> labels,
              double value) {
    out_ += name;
    if (labels.size() > 0) {
      out_ += '{';
      bool first = true;
      for (const auto& [label, label_text] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += label;
        out_ += "=\"" + label_value(label_text) + "\"";
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += fmt::format("{}", value);
    out_ += '\n';
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

constexpr std::string_view kSeverityNames[] = {"info", "low", "medium", "high", "critical"};

}  // namespace

std::string label_value(std::string_view text) {
  std::string out;
  for (char c : io::valid_utf8(text)) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_prometheus(const MetricsInput& input) {
  std::vector<const HostMetrics*> hosts;
  for (const auto& host : input.hosts) hosts.push_back(&host);
  std::sort(hosts.begin(), hosts.end(), [](const HostMetrics* a, const HostMetrics* b) {
    return std::tie(a->host, a->host_name) < std::tie(b->host, b->host_name);
  });
  Exposition out;

  out.family({"hardock_findings", "gauge",
              "Failing findings of the newest audit of each host, by severity and COBIT domain."});
  for (const HostMetrics* host : hosts) {
    for (const auto& domain : host->newest.domains) {
      for (core::Severity severity : core::kAllSeverities) {
        const auto index = static_cast<std::size_t>(severity);
        out.sample("hardock_findings",
                   {{"host", host->host},
                    {"host_name", host->host_name},
                    {"domain", core::to_string(domain.domain)},
                    {"severity", kSeverityNames[index]}},
                   domain.failing[index]);
      }
    }
  }
  out.family({"hardock_findings_unchecked", "gauge",
              "Findings of the newest audit of each host where a check could not look."});
  for (const HostMetrics* host : hosts) {
    out.sample("hardock_findings_unchecked", {{"host", host->host}, {"host_name", host->host_name}},
               host->newest.unchecked);
  }
  out.family({"hardock_domain_score", "gauge",
              "COBIT domain score (0-100) of the newest audit of each host; absent when no "
              "check of the domain looked."});
  for (const HostMetrics* host : hosts) {
    for (const auto& domain : host->newest.domains) {
      if (!domain.score) continue;
      out.sample("hardock_domain_score",
                 {{"host", host->host},
                  {"host_name", host->host_name},
                  {"domain", core::to_string(domain.domain)}},
                 *domain.score);
    }
  }
  if (std::any_of(hosts.begin(), hosts.end(),
                  [](const HostMetrics* host) { return host->risk_total.has_value(); })) {
    out.family({"hardock_risk_total", "gauge",
                "Sum of the risk scores (impact x likelihood) of each host's open findings."});
    for (const HostMetrics* host : hosts) {
      if (!host->risk_total) continue;
      out.sample("hardock_risk_total", {{"host", host->host}, {"host_name", host->host_name}},
                 *host->risk_total);
    }
  }

  std::vector<const LastRun*> runs;
  for (const auto& run : input.last_runs) runs.push_back(&run);
  std::sort(runs.begin(), runs.end(), [](const LastRun* a, const LastRun* b) {
    return std::tie(a->host, a->kind) < std::tie(b->host, b->kind);
  });
  out.family({"hardock_last_run_timestamp_seconds", "gauge",
              "Start of the newest stored run of each host and kind, in seconds since the "
              "epoch."});
  for (const LastRun* run : runs) {
    out.sample("hardock_last_run_timestamp_seconds", {{"host", run->host}, {"kind", run->kind}},
               static_cast<double>(run->started_seconds));
  }
  out.family({"hardock_last_run_duration_seconds", "gauge",
              "Duration of the newest stored run of each host and kind."});
  for (const LastRun* run : runs) {
    out.sample("hardock_last_run_duration_seconds", {{"host", run->host}, {"kind", run->kind}},
               static_cast<double>(run->duration_ms) / 1000.0);
  }

  std::map<trends::WaiverState, int> by_state;
  for (trends::WaiverState state :
       {trends::WaiverState::kInForce, trends::WaiverState::kExpiringSoon,
        trends::WaiverState::kExpired}) {
    by_state[state] = 0;
  }
  for (const auto& waiver : input.waivers) {
    if (waiver.state != trends::WaiverState::kRevoked) ++by_state[waiver.state];
  }
  out.family({"hardock_waivers", "gauge",
              "Waivers not revoked, by state (expiring soon: within 14 days)."});
  for (const auto& [state, count] : by_state) {
    std::string name(trends::to_string(state));
    std::replace(name.begin(), name.end(), ' ', '_');
    out.sample("hardock_waivers", {{"state", name}}, count);
  }
  return out.take();
}

}  // namespace hardock::monitor
