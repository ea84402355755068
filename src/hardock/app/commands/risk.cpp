// `hardock risk`: the risk register (APO12.03) from the store: each host's latest audit, its
// failing findings scored impact x likelihood (risk/score.h), the top ones per host and zone,
// each with its age (first seen) and trend against the host's previous audit.
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/risk_register.h"
#include "hardock/audit/waiver.h"
#include "hardock/io/escape.h"
#include "hardock/risk/register.h"
#include "hardock/store/store.h"

namespace hardock::app {
namespace {

struct RiskFlags {
  std::string host;
  int top = 10;
  std::string format = "table";
  StoreFlags store;
  std::string policy_file;
  PolicyFlags policy;
  std::string output;
};

std::string score_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string factors_text(const std::vector<std::string>& factors) {
  std::string out;
  for (const auto& factor : factors) out += (out.empty() ? "" : ",") + factor;
  return out.empty() ? "-" : out;
}

std::string age_text(const risk::RiskEntry& entry) {
  return entry.first_seen.empty() ? "-" : std::to_string(entry.age_days) + "d";
}

// What an entry's waiver says: "accepted by OWNER until DATE: REASON", "waiver expired DATE"
// (open again), or "".
std::string waiver_text(const risk::RiskEntry& entry) {
  if (entry.accepted) {
    return "accepted by " + entry.accepted_owner + " until " + entry.accepted_until + ": " +
           entry.accepted_reason;
  }
  if (!entry.waiver_expired.empty()) return "waiver expired " + entry.waiver_expired;
  return "";
}

std::string render_table(const std::vector<risk::RiskEntry>& entries) {
  if (entries.empty()) return "no risks: the latest audits have no failing findings\n";
  std::string out;
  std::string host;
  std::string zone;
  bool accepted = false;
  for (const auto& entry : entries) {
    if (entry.host != host) {
      host = entry.host;
      zone.clear();
      accepted = false;
      out += (out.empty() ? "" : "\n") + std::string("HOST ") + io::terminal_safe(host) + "\n";
    }
    if (entry.accepted != accepted) {
      // The accepted risks of the host follow its open ones, zone by zone.
      accepted = entry.accepted;
      zone.clear();
      out += "  accepted risks (waivers in force: not open, listed with owner and expiry)\n";
    }
    if (entry.zone != zone) {
      zone = entry.zone;
      out += std::string(accepted ? "   " : "  ") + "zone " + io::terminal_safe(zone) + "\n";
      char head[160];
      std::snprintf(head, sizeof head, "    %-6s %-8s %-10s %-5s %-8s %-24s %-30s %s\n", "SCORE",
                    "SEVERITY", "CHECK", "AGE", "TREND", "EXPOSURE", "TARGET", "TITLE");
      out += head;
    }
    char line[512];
    std::snprintf(line, sizeof line, "    %-6s %-8s %-10s %-5s %-8s %-24s %-30s ",
                  score_text(entry.score.value).c_str(),
                  std::string(core::to_string(entry.severity)).c_str(),
                  io::terminal_safe(entry.check_code).c_str(), age_text(entry).c_str(),
                  std::string(risk::to_string(entry.trend)).c_str(),
                  factors_text(entry.score.factors).c_str(),
                  io::terminal_safe(io::truncate(entry.target, 30)).c_str());
    out += line + io::terminal_safe(entry.title);
    if (const std::string waiver = waiver_text(entry); !waiver.empty()) {
      out += " [" + io::terminal_safe(io::one_line(waiver)) + "]";
    }
    out += "\n";
  }
  return out;
}

std::string render_json(const std::vector<risk::RiskEntry>& entries, const std::string& today) {
  nlohmann::json out = {{"schema", "hardock.risk/1"}, {"date", today}};
  out["risks"] = nlohmann::json::array();
  out["accepted"] = nlohmann::json::array();
  for (const auto& entry : entries) {
    nlohmann::json item = {
        {"host", entry.host},
        {"zone", entry.zone},
        {"score", entry.score.value},
        {"impact", entry.score.impact},
        {"likelihood", entry.score.likelihood},
        {"exposure", entry.score.factors},
        {"check", entry.check_code},
        {"title", entry.title},
        {"severity", std::string(core::to_string(entry.severity))},
        {"target",
         {{"kind", std::string(core::to_string(entry.target_kind))}, {"name", entry.target}}},
        {"fingerprint", entry.fingerprint},
        {"first_seen",
         entry.first_seen.empty() ? nlohmann::json() : nlohmann::json(entry.first_seen)},
        {"age_days", entry.age_days},
        {"trend", std::string(risk::to_string(entry.trend))},
        {"status", entry.accepted ? "accepted" : "open"},
    };
    if (entry.trend != risk::Trend::kNew) item["previous_score"] = entry.previous;
    if (!entry.waiver_expired.empty()) item["waiver_expired"] = entry.waiver_expired;
    if (entry.accepted) {
      item["waiver"] = {{"owner", entry.accepted_owner},
                        {"until", entry.accepted_until},
                        {"reason", entry.accepted_reason},
                        {"source", entry.accepted_source}};
    }
    // Open risks in "risks"; accepted ones apart, so a consumer summing "risks" sums open risk.
    out[entry.accepted ? "accepted" : "risks"].push_back(std::move(item));
  }
  out["open_total"] = risk::open_total(entries);
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_markdown(const std::vector<risk::RiskEntry>& entries) {
  std::string out = "# Risk register\n\n";
  if (entries.empty()) return out + "No risks: the latest audits have no failing findings.\n";
  std::string host;
  bool accepted = false;
  auto head = [&out] {
    out +=
        "| Zone | Score | Severity | Check | Target | Age | Trend | Exposure | Title | Waiver |\n";
    out += "|---|---|---|---|---|---|---|---|---|---|\n";
  };
  for (const auto& entry : entries) {
    if (entry.host != host) {
      host = entry.host;
      accepted = false;
      out += "\n## " + io::markdown_escape(host) + "\n\n";
      head();
    }
    if (entry.accepted != accepted) {
      accepted = entry.accepted;
      out += "\n### Accepted risks of " + io::markdown_escape(host) + "\n\n";
      head();
    }
    const std::string waiver = waiver_text(entry);
    out += "| " + io::markdown_escape(entry.zone) + " | " + score_text(entry.score.value) + " | " +
           std::string(core::to_string(entry.severity)) + " | " +
           io::markdown_escape(entry.check_code) + " | " + io::markdown_escape(entry.target) +
           " | " + age_text(entry) + " | " + std::string(risk::to_string(entry.trend)) + " | " +
           factors_text(entry.score.factors) + " | " + io::markdown_escape(entry.title) + " | " +
           (waiver.empty() ? std::string("-") : io::markdown_escape(io::one_line(waiver))) + " |\n";
  }
  return out;
}

int run_risk(const RiskFlags& flags) {
  if (flags.format != "table" && flags.format != "json" && flags.format != "markdown" &&
      flags.format != "md") {
    return print_error(
        {core::ErrorCode::kInvalidArgument,
         "risk --format " + io::one_line(flags.format) + ": expected table, json or markdown",
         {}});
  }
  if (flags.top < 0) {
    return print_error({core::ErrorCode::kInvalidArgument, "risk --top: expected 0 or more", {}});
  }
  auto config = load_policy(flags.policy);
  if (!config) return print_error(config.error());
  auto settings = load_risk_settings(flags.policy_file, std::move(*config));
  if (!settings) return print_error(settings.error());
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  const std::string today = audit::today_utc();
  auto register_entries = store_register(**opened, flags.host, *settings, today, flags.top);
  if (!register_entries) return print_error(register_entries.error());
  const std::vector<risk::RiskEntry>& entries = *register_entries;
  const std::string text = flags.format == "json"    ? render_json(entries, today)
                           : flags.format == "table" ? render_table(entries)
                                                     : render_markdown(entries);
  if (auto written = write_output(flags.output, text); !written) {
    return print_error(written.error());
  }
  return 0;
}

}  // namespace

void register_risk(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<RiskFlags>();
  CLI::App* command = app.add_subcommand(
      "risk", "The risk register: top risks per host and zone, with score, age and trend");
  command->add_option("--host", flags->host, "Only this host (its identity or name)");
  command->add_option("--top", flags->top, "Risks shown per host and zone (0: all)")
      ->capture_default_str();
  command->add_option("-f,--format", flags->format, "table, json or markdown")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Write the register to this file");
  add_store_option(*command, flags->store);
  command->add_option(
      "--policy", flags->policy_file,
      "The policy file with the risk: weights (default ./.hardock.yaml if present)");
  add_policy_flags(*command, flags->policy);
  command->callback([flags, &status] { status.code = run_risk(*flags); });
}

}  // namespace hardock::app
