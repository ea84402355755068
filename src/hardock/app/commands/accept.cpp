// `hardock accept`: accepted risks (APO12.06). Adds a waiver to the store, lists the waivers
// (the store's and the policy file's, with what each covers and until when), or revokes one.
// Every change is a change record ("waiver.add", "waiver.revoke").
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/waivers.h"
#include "hardock/audit/registry.h"
#include "hardock/io/escape.h"
#include "hardock/risk/policy.h"
#include "hardock/store/store.h"

namespace hardock::app {
namespace {

// The monitoring's window: a waiver ending within this many days is "expiring".
constexpr int kExpiringDays = 14;

struct AcceptFlags {
  std::string check;
  std::string target;
  std::string reason;
  std::string owner;
  std::string until;
  bool allow_critical = false;
  bool list = false;
  bool all = false;
  std::int64_t revoke = 0;
  StoreFlags store;
  std::string policy_file;
  std::string format = "table";
};

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

nlohmann::json waiver_json(const audit::Waiver& waiver) {
  return {{"id", waiver.id},         {"check", waiver.check},
          {"target", waiver.target}, {"reason", waiver.reason},
          {"owner", waiver.owner},   {"until", waiver.until},
          {"source", waiver.source}, {"allow_critical", waiver.allow_critical}};
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A change to hardock's own policy (no run made it).
store::ChangeRecord change_record(const std::string& who, const std::string& at,
                                  const std::string& what, const std::string& object,
                                  const std::string& before, const std::string& after) {
  store::ChangeRecord change;
  change.host = host_name();
  change.at = at;
  change.who = who;
  change.what = what;
  change.object = object;
  change.before = before;
  change.after = after;
  return change;
}

int add_waiver(const AcceptFlags& flags) {
  audit::Waiver waiver;
  waiver.check = flags.check;
  waiver.target = flags.target;
  waiver.reason = flags.reason;
  waiver.owner = flags.owner;
  waiver.until = flags.until;
  waiver.allow_critical = flags.allow_critical;
  if (auto valid = audit::validate_waiver(waiver, "accept"); !valid)
    return print_error(valid.error());
  const std::string today = audit::today_utc();
  if (waiver.until < today) {
    return print_error(
        {core::ErrorCode::kInvalidArgument,
         "accept: --until " + waiver.until + " is already past (today is " + today + ")",
         {}});
  }
  if (audit::waives_critical(waiver) && !flags.allow_critical) {
    const audit::Check* check = audit::find_check(waiver.check);
    return print_error({core::ErrorCode::kInvalidArgument,
                        "accept: " + waiver.check + " (" + std::string(check->info.slug) +
                            ") reports critical findings: accepting them needs --allow-critical",
                        {}});
  }
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& db = **opened;
  const std::string who = login_name();
  const std::string now = now_rfc3339();
  store::Waiver stored;
  stored.check = waiver.check;
  stored.target = waiver.target;
  stored.reason = waiver.reason;
  stored.owner = waiver.owner;
  stored.until = waiver.until;
  stored.created_by = who;
  stored.created_at = now;
  auto id = db.add_waiver(stored);
  if (!id) return print_error(id.error());
  waiver.id = *id;
  waiver.source = "store #" + std::to_string(*id);
  const store::ChangeRecord change = change_record(
      who, now, "waiver.add", "waiver #" + std::to_string(*id), "", dump(waiver_json(waiver)));
  if (auto recorded = db.record_change(change); !recorded) return print_error(recorded.error());
  std::printf("waiver #%lld: %s on %s accepted until %s (owner %s)\n", static_cast<long long>(*id),
              waiver.check.c_str(), io::terminal_safe(waiver.target).c_str(), waiver.until.c_str(),
              io::terminal_safe(waiver.owner).c_str());
  return 0;
}

int revoke_waiver(const AcceptFlags& flags) {
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& db = **opened;
  auto stored = db.waivers(true);
  if (!stored) return print_error(stored.error());
  const store::Waiver* found = nullptr;
  for (const auto& item : *stored) {
    if (item.id == flags.revoke) found = &item;
  }
  if (found == nullptr) {
    return print_error(
        {core::ErrorCode::kNotFound,
         "accept --revoke " + std::to_string(flags.revoke) + ": no such waiver in " + db.describe(),
         {}});
  }
  if (!found->revoked_at.empty()) {
    return print_error({core::ErrorCode::kInvalidArgument,
                        "accept --revoke " + std::to_string(flags.revoke) +
                            ": already revoked at " + found->revoked_at,
                        {}});
  }
  const std::string who = login_name();
  const std::string now = now_rfc3339();
  const audit::Waiver before = from_stored(*found);
  if (auto revoked = db.revoke_waiver(flags.revoke, who, now); !revoked) {
    return print_error(revoked.error());
  }
  const store::ChangeRecord change =
      change_record(who, now, "waiver.revoke", "waiver #" + std::to_string(flags.revoke),
                    dump(waiver_json(before)), "");
  if (auto recorded = db.record_change(change); !recorded) return print_error(recorded.error());
  std::printf("waiver #%lld revoked\n", static_cast<long long>(flags.revoke));
  return 0;
}

std::string status_of(const audit::Waiver& waiver, const std::string& revoked_at,
                      const std::string& today) {
  if (!revoked_at.empty()) return "revoked";
  if (audit::expired(waiver, today)) return "expired";
  if (!waiver.until.empty() && audit::days_between(today, waiver.until) <= kExpiringDays) {
    return "expiring";
  }
  return "in force";
}

int list_waivers(const AcceptFlags& flags) {
  struct Row {
    audit::Waiver waiver;
    std::string status;
  };
  const std::string today = audit::today_utc();
  std::vector<Row> rows;
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  auto stored = (*opened)->waivers(flags.all);
  if (!stored) return print_error(stored.error());
  for (const auto& item : *stored) {
    audit::Waiver waiver = from_stored(item);
    rows.push_back({waiver, status_of(waiver, item.revoked_at, today)});
  }
  const std::string path =
      flags.policy_file.empty() ? risk::default_policy_path() : flags.policy_file;
  if (!path.empty()) {
    auto policy = risk::load_policy_file(path);
    if (!policy) return print_error(policy.error());
    for (auto& waiver : policy->waivers) {
      std::string status = status_of(waiver, "", today);
      if (audit::waives_critical(waiver) && !waiver.allow_critical) status = "refused";
      rows.push_back({std::move(waiver), std::move(status)});
    }
  }
  if (flags.format == "json") {
    nlohmann::json out = {{"schema", "hardock.waivers/1"}, {"today", today}};
    out["waivers"] = nlohmann::json::array();
    for (const Row& row : rows) {
      nlohmann::json item = waiver_json(row.waiver);
      item["status"] = row.status;
      out["waivers"].push_back(std::move(item));
    }
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  if (flags.format != "table") {
    return print_error(
        {core::ErrorCode::kInvalidArgument,
         "accept --list --format " + io::one_line(flags.format) + ": expected table or json",
         {}});
  }
  if (rows.empty()) {
    std::printf("no waivers\n");
    return 0;
  }
  std::printf("%-9s %-10s %-10s %-11s %-20s %-16s %s\n", "STATUS", "SOURCE", "CHECK", "UNTIL",
              "TARGET", "OWNER", "REASON");
  for (const Row& row : rows) {
    const audit::Waiver& waiver = row.waiver;
    std::printf("%-9s %-10s %-10s %-11s %-20s %-16s %s\n", row.status.c_str(),
                io::terminal_safe(waiver.source).c_str(), waiver.check.c_str(),
                waiver.until.empty() ? "-" : waiver.until.c_str(),
                io::terminal_safe(io::truncate(waiver.target, 60)).c_str(),
                io::terminal_safe(io::truncate(waiver.owner, 60)).c_str(),
                io::terminal_safe(io::truncate(waiver.reason, 200)).c_str());
  }
  return 0;
}

int run_accept(const AcceptFlags& flags) {
  if (flags.list) return list_waivers(flags);
  if (flags.revoke != 0) return revoke_waiver(flags);
  if (flags.check.empty()) {
    return print_error({core::ErrorCode::kInvalidArgument,
                        "accept: name the check (hardock accept CODE --target T --reason TEXT "
                        "--owner WHO --until DATE), or give --list or --revoke ID",
                        {}});
  }
  return add_waiver(flags);
}

}  // namespace

void register_accept(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<AcceptFlags>();
  CLI::App* command = app.add_subcommand(
      "accept", "Accept a risk until a date (a waiver), list the waivers, or revoke one");
  command->add_option("check", flags->check, "The check accepted (code or slug)");
  command->add_option("--target", flags->target, "The target's name or id, or * for every target");
  command->add_option("--reason", flags->reason, "Why the risk is accepted");
  command->add_option("--owner", flags->owner, "Who answers for it");
  command->add_option("--until", flags->until, "The last day it holds (YYYY-MM-DD)");
  command->add_flag("--allow-critical", flags->allow_critical,
                    "Needed to accept a check that reports critical findings");
  auto* list = command->add_flag("--list", flags->list,
                                 "List the waivers: stored ones and the policy file's, with their "
                                 "status (in force, expiring within 14 days, expired, refused)");
  command->add_flag("--all", flags->all, "With --list: revoked waivers too")->needs(list);
  command->add_option("--revoke", flags->revoke, "Revoke the stored waiver with this id")
      ->excludes(list);
  add_store_option(*command, flags->store);
  command->add_option("--policy", flags->policy_file,
                      "With --list: the policy file (default ./.hardock.yaml if present)");
  command->add_option("-f,--format", flags->format, "With --list: table or json")
      ->capture_default_str();
  for (const char* name : {"--target", "--reason", "--owner", "--until"}) {
    command->get_option(name)->excludes(list);
  }
  command->callback([flags, &status] { status.code = run_accept(*flags); });
}

}  // namespace hardock::app
