// `hardock history`: the runs in the store, newest first (or, with --changes, the change
// records: harden --apply and --rollback, waivers, baselines; with --events, what authz decided
// and watch alerted). No engine needed.
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/io/escape.h"
#include "hardock/io/json_guard.h"

namespace hardock::app {
namespace history_detail {

struct HistoryFlags {
  StoreFlags store;
  std::string host;
  std::string since;
  std::string kind;
  int limit = 0;
  bool changes = false;
  bool events = false;
  std::string source;  // with --events: "", "authz", "watch"
  std::string format = "table";
};

bool digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// --since: a date (2026-01-31), an RFC 3339 UTC time (2026-01-31T12:00:00Z), or an age (30m, 12h,
// 7d, 4w) counted back from now. Gives the RFC 3339 text runs are compared with.
core::Result<std::string> parse_since(const std::string& text) {
  auto bad = [&text] {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "--since " + io::one_line(io::truncate(text, 40)) +
                          ": expected a date (2026-01-31), a UTC time (2026-01-31T12:00:00Z) or "
                          "an age (30m, 12h, 7d, 4w)");
  };
  if (text.size() >= 2 && digits(text.substr(0, text.size() - 1))) {
    const char unit = text.back();
    long long seconds = 0;
    const long long count = std::stoll(text.substr(0, std::min<std::size_t>(text.size() - 1, 9)));
    if (unit == 'm') seconds = count * 60;
    if (unit == 'h') seconds = count * 3600;
    if (unit == 'd') seconds = count * 86400;
    if (unit == 'w') seconds = count * 7 * 86400;
    if (seconds == 0 && count != 0) return bad();
    const std::time_t then = std::time(nullptr) - static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&then, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buffer);
  }
  const auto is_date = [](std::string_view t) {
    return t.size() == 10 && digits(t.substr(0, 4)) && t[4] == '-' && digits(t.substr(5, 2)) &&
           t[7] == '-' && digits(t.substr(8, 2));
  };
  if (is_date(text)) return text;
  if (text.size() == 20 && is_date(std::string_view(text).substr(0, 10)) && text[10] == 'T' &&
      digits(text.substr(11, 2)) && text[13] == ':' && digits(text.substr(14, 2)) &&
      text[16] == ':' && digits(text.substr(17, 2)) && text[19] == 'Z') {
    return text;
  }
  return bad();
}

std::string cell(std::string_view text, std::size_t width) {
  std::string out = io::terminal_safe(io::one_line(io::truncate(text, width)));
  return out;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string duration_text(std::int64_t ms) {
  if (ms < 1000) return std::to_string(ms) + "ms";
  if (ms < 60'000) {
    return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + "s";
  }
  return std::to_string(ms / 60'000) + "m" + std::to_string((ms % 60'000) / 1000) + "s";
}

std::string table_of_runs(const std::vector<store::RunInfo>& runs) {
  std::vector<std::array<std::string, 8>> rows;
  rows.push_back({"RUN", "STARTED", "KIND", "HOST", "TARGET", "FINDINGS", "TIME", "USER"});
  for (const auto& run : runs) {
    rows.push_back(
        {std::to_string(run.id), cell(run.started_at, 25), std::string(store::to_string(run.kind)),
         cell(run.host_name.empty() ? run.host : run.host_name, 30), cell(run.target, 50),
         std::to_string(run.findings), duration_text(run.duration_ms), cell(run.user, 20)});
  }
  std::array<std::size_t, 8> widths{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += c + 1 == row.size() ? row[c] : pad(row[c], widths[c] + 2);
    }
    out += line + "\n";
  }
  if (runs.empty()) out += "(no runs stored)\n";
  return out;
}

nlohmann::json json_of_run(const store::RunInfo& run) {
  return {{"id", run.id},
          {"kind", store::to_string(run.kind)},
          {"target", run.target},
          {"host", run.host},
          {"host_name", run.host_name},
          {"started_at", run.started_at},
          {"duration_ms", run.duration_ms},
          {"tool_version", run.tool_version},
          {"policy_hash", run.policy_hash},
          {"user", run.user},
          {"findings", run.findings}};
}

std::string table_of_changes(const std::vector<store::ChangeRecord>& changes) {
  std::string out;
  for (const auto& change : changes) {
    out += "change " + std::to_string(change.id) + "  " + cell(change.at, 25) + "  " +
           cell(change.what, 40) + "  by " + cell(change.who, 30) + "  on " +
           cell(change.host, 60) + (change.run != 0 ? "  run " + std::to_string(change.run) : "") +
           "\n";
    out += "  object:  " + cell(change.object, 200) + "\n";
    if (!change.before.empty()) out += "  before:  " + cell(change.before, 200) + "\n";
    if (!change.after.empty()) out += "  after:   " + cell(change.after, 200) + "\n";
    if (!change.journal.empty()) out += "  journal: " + cell(change.journal, 200) + "\n";
  }
  if (changes.empty()) out += "(no change records stored)\n";
  return out;
}

std::string table_of_events(const std::vector<store::RuntimeEvent>& events) {
  std::string out;
  for (const auto& e : events) {
    out += "event " + std::to_string(e.id) + "  " + cell(e.at, 25) + "  " + cell(e.source, 8) +
           "  " + cell(e.kind, 20) + "  " + cell(e.subject, 80) +
           (e.user.empty() ? "" : "  by " + cell(e.user, 30)) + "  on " + cell(e.host, 60) + "\n";
    if (!e.checks.empty()) out += "  checks: " + cell(e.checks, 200) + "\n";
  }
  if (events.empty()) out += "(no runtime events stored)\n";
  return out;
}

// A decision or alert line is a few KiB; a larger stored one is shown as text, not parsed.
constexpr std::size_t kMaxEventDetail = 1U << 20;

int print_events(const HistoryFlags& flags, const store::RunFilter& runs_filter,
                 store::Store& store) {
  store::EventFilter filter;
  filter.source = flags.source;
  filter.host = runs_filter.host;
  filter.since = runs_filter.since;
  filter.limit = runs_filter.limit;
  auto events = store.events(filter);
  if (!events) return print_error(events.error());
  std::string text;
  if (flags.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : *events) {
      // The stored line is the decision or alert as written; parsed back when it is JSON of a
      // sane size and depth (a shared store is written by every host: untrusted), else kept as
      // text.
      nlohmann::json detail = nlohmann::json(nlohmann::json::value_t::discarded);
      if (e.detail.size() <= kMaxEventDetail && io::json_nesting_error(e.detail).empty())
        detail = nlohmann::json::parse(e.detail, nullptr, false);
      out.push_back({{"id", e.id},
                     {"host", e.host},
                     {"at", e.at},
                     {"source", e.source},
                     {"kind", e.kind},
                     {"subject", e.subject},
                     {"user", e.user},
                     {"checks", e.checks},
                     {"detail", detail.is_discarded() ? nlohmann::json(e.detail) : detail}});
    }
    text = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else {
    text = table_of_events(*events);
  }
  if (auto written = write_output("", text); !written) return print_error(written.error());
  return 0;
}

int run_history(const HistoryFlags& flags) {
  if (flags.format != "table" && flags.format != "json") {
    return print_error(core::Error{
        core::ErrorCode::kInvalidArgument,
        "--format " + io::one_line(io::truncate(flags.format, 40)) + ": expected table or json",
        {}});
  }
  store::RunFilter filter;
  filter.host = flags.host;
  filter.limit = flags.limit;
  if (flags.limit < 0) {
    return print_error(
        core::Error{core::ErrorCode::kInvalidArgument, "--limit must be 0 or more", {}});
  }
  if (!flags.kind.empty()) {
    auto kind = store::parse_run_kind(flags.kind);
    if (!kind) return print_error(kind.error().with_context("--kind"));
    filter.kind = *kind;
  }
  if (!flags.since.empty()) {
    auto since = parse_since(flags.since);
    if (!since) return print_error(since.error());
    filter.since = *since;
  }
  auto store = open_run_store(flags.store);
  if (!store) return print_error(store.error());
  if (flags.events) return print_events(flags, filter, **store);
  std::string text;
  if (flags.changes) {
    auto changes = (*store)->changes(filter);
    if (!changes) return print_error(changes.error());
    if (flags.format == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& c : *changes) {
        out.push_back({{"id", c.id},
                       {"run", c.run},
                       {"host", c.host},
                       {"at", c.at},
                       {"who", c.who},
                       {"what", c.what},
                       {"object", c.object},
                       {"before", c.before},
                       {"after", c.after},
                       {"journal", c.journal}});
      }
      text = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    } else {
      text = table_of_changes(*changes);
    }
  } else {
    auto runs = (*store)->runs(filter);
    if (!runs) return print_error(runs.error());
    if (flags.format == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& run : *runs) out.push_back(json_of_run(run));
      text = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    } else {
      text = table_of_runs(*runs);
    }
  }
  if (auto written = write_output("", text); !written) return print_error(written.error());
  return 0;
}

}  // namespace history_detail

void register_history(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<history_detail::HistoryFlags>();
  CLI::App* command = app.add_subcommand(
      "history", "List the runs recorded in the store, newest first (no engine needed)");
  command->add_option("--host", flags->host, "Only this host (its engine ID or its name)");
  command->add_option("--since", flags->since,
                      "Only runs since a date (2026-01-31), a UTC time or an age (7d, 12h)");
  command->add_option("--limit", flags->limit, "At most this many (the newest)");
  CLI::Option* kind = command->add_option("--kind", flags->kind,
                                          "Only runs of this kind: audit, image, lint, "
                                          "harden or rollback");
  CLI::Option* changes = command->add_flag(
      "--changes", flags->changes,
      "The change records (harden --apply, --rollback, waivers, baselines) instead of the runs");
  CLI::Option* events =
      command
          ->add_flag("--events", flags->events,
                     "The runtime events instead of the runs: authz decisions and watch alerts")
          ->excludes(changes)
          ->excludes(kind);
  command->add_option("--source", flags->source, "With --events, only authz or watch")
      ->needs(events)
      ->check(CLI::IsMember({"authz", "watch"}));
  command->add_option("-f,--format", flags->format, "table or json")->capture_default_str();
  add_store_option(*command, flags->store);
  command->callback([flags, &status] { status.code = history_detail::run_history(*flags); });
}

}  // namespace hardock::app
