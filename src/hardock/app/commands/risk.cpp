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

// One stored run with what the register needs of it.
struct LoadedRun {
  store::StoredRun run;
  std::optional<docker::EngineSnapshot> snapshot;
  std::unique_ptr<risk::RiskModel> model;
};

bool engine_api_reachable(const LoadedRun& loaded) {
  if (loaded.snapshot && loaded.snapshot->endpoint.starts_with("tcp://")) return true;
  for (const auto& finding : loaded.run.findings) {
    if (finding.check_code == "HDK-H-020" && finding.status == core::FindingStatus::kFail) {
      return true;
    }
  }
  return false;
}

core::Result<LoadedRun> load(store::Store& db, std::int64_t id, const risk::RiskPolicy& policy,
                             const audit::AuditConfig& config) {
  auto run = db.load_run(id);
  if (!run) return core::fail(run.error());
  LoadedRun loaded;
  loaded.run = std::move(*run);
  if (!loaded.run.snapshot.empty()) {
    auto snapshot = docker::decode_snapshot_text(loaded.run.snapshot);
    if (snapshot) {
      loaded.snapshot = std::move(*snapshot);
    } else {
      std::fprintf(stderr,
                   "hardock: warning: run %lld: its snapshot does not decode (%s): every asset "
                   "is taken as unlabelled and unexposed\n",
                   static_cast<long long>(id),
                   io::terminal_safe(snapshot.error().to_string()).c_str());
    }
  }
  loaded.model = std::make_unique<risk::RiskModel>(
      policy, config.sensitivity_label, config.sensitivity_levels,
      loaded.snapshot ? &*loaded.snapshot : nullptr, engine_api_reachable(loaded));
  return loaded;
}

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

std::string render_table(const std::vector<risk::RiskEntry>& entries) {
  if (entries.empty()) return "no risks: the latest audits have no failing findings\n";
  std::string out;
  std::string host;
  std::string zone;
  for (const auto& entry : entries) {
    if (entry.host != host) {
      host = entry.host;
      zone.clear();
      out += (out.empty() ? "" : "\n") + std::string("HOST ") + io::terminal_safe(host) + "\n";
    }
    if (entry.zone != zone) {
      zone = entry.zone;
      out += "  zone " + io::terminal_safe(zone) + "\n";
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
    out += line + io::terminal_safe(entry.title) + "\n";
  }
  return out;
}

std::string render_json(const std::vector<risk::RiskEntry>& entries, const std::string& today) {
  nlohmann::json out = {{"schema", "hardock.risk/1"}, {"date", today}};
  out["risks"] = nlohmann::json::array();
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
    };
    if (entry.trend != risk::Trend::kNew) item["previous_score"] = entry.previous;
    out["risks"].push_back(std::move(item));
  }
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_markdown(const std::vector<risk::RiskEntry>& entries) {
  std::string out = "# Risk register\n\n";
  if (entries.empty()) return out + "No risks: the latest audits have no failing findings.\n";
  std::string host;
  for (const auto& entry : entries) {
    if (entry.host != host) {
      host = entry.host;
      out += "\n## " + io::markdown_escape(host) + "\n\n";
      out += "| Zone | Score | Severity | Check | Target | Age | Trend | Exposure | Title |\n";
      out += "|---|---|---|---|---|---|---|---|---|\n";
    }
    out += "| " + io::markdown_escape(entry.zone) + " | " + score_text(entry.score.value) + " | " +
           std::string(core::to_string(entry.severity)) + " | " +
           io::markdown_escape(entry.check_code) + " | " + io::markdown_escape(entry.target) +
           " | " + age_text(entry) + " | " + std::string(risk::to_string(entry.trend)) + " | " +
           factors_text(entry.score.factors) + " | " + io::markdown_escape(entry.title) + " |\n";
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
  risk::RiskPolicy policy;
  const std::string path =
      flags.policy_file.empty() ? risk::default_policy_path() : flags.policy_file;
  if (!path.empty()) {
    auto loaded = risk::load_policy_file(path);
    if (!loaded) return print_error(loaded.error());
    policy = loaded->risk;
  }
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& db = **opened;
  store::RunFilter filter;
  filter.kind = store::RunKind::kAudit;
  filter.host = flags.host;
  auto runs = db.runs(filter);  // newest first
  if (!runs) return print_error(runs.error());
  // Each host's latest audit and the one before it.
  std::map<std::string, std::pair<const store::RunInfo*, const store::RunInfo*>> by_host;
  for (const auto& info : *runs) {
    auto& [latest, previous] = by_host[info.host];
    if (latest == nullptr) {
      latest = &info;
    } else if (previous == nullptr) {
      previous = &info;
    }
  }
  if (by_host.empty() && !flags.host.empty()) {
    return print_error(
        {core::ErrorCode::kNotFound,
         "risk: no stored audit of host " + io::one_line(flags.host) + " in " + db.describe(),
         {}});
  }
  const std::string today = audit::today_utc();
  std::vector<risk::RiskEntry> entries;
  for (const auto& [host, pair] : by_host) {
    auto latest = load(db, pair.first->id, policy, *config);
    if (!latest) return print_error(latest.error());
    std::optional<LoadedRun> previous;
    if (pair.second != nullptr) {
      auto loaded = load(db, pair.second->id, policy, *config);
      if (!loaded) return print_error(loaded.error());
      previous = std::move(*loaded);
    }
    auto seen = db.fingerprints_seen(host);
    if (!seen) return print_error(seen.error());
    const risk::RunView latest_view{&latest->run.info, latest->run.findings, latest->model.get()};
    const risk::RunView previous_view =
        previous ? risk::RunView{&previous->run.info, previous->run.findings, previous->model.get()}
                 : risk::RunView{};
    auto host_entries = risk::build_register(latest_view, previous_view, *seen, today, flags.top);
    entries.insert(entries.end(), std::make_move_iterator(host_entries.begin()),
                   std::make_move_iterator(host_entries.end()));
  }
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
