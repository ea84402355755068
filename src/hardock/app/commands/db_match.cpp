// `hardock db match INVENTORY.json...`: the inventories `hardock image --inventory` wrote,
// matched against the vulnerability database without the images: to re-check saved inventories
// against newer feeds, and to measure matching alone (bench/vuln-match.sh).
#include <chrono>
#include <cstdio>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/vulndb_options.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/io/json_guard.h"
#include "hardock/vulnscan/assess.h"

namespace hardock::app {
namespace {

// An inventory of 100,000 packages is a few tens of MiB.
constexpr std::size_t kMaxInventoryBytes = 256 * io::kMiB;

struct DbMatchFlags {
  VulnDbFlags db;
  std::vector<std::string> paths;
  bool summary = false;
};

std::string text_field(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The inventory a `hardock image --inventory` file holds (schema hardock.image-inventory/1).
core::Result<image::Inventory> read_inventory(const std::string& path) {
  auto text = io::read_regular_file(path, kMaxInventoryBytes);
  if (!text) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "inventory " + path + ": cannot open: " + text.error().reason);
  }
  if (const std::string nesting = io::json_nesting_error(*text); !nesting.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput, "inventory " + path + ": " + nesting);
  }
  auto document = nlohmann::json::parse(*text, nullptr, false);
  if (document.is_discarded() || !document.is_object() ||
      text_field(document, "schema") != "hardock.image-inventory/1" || !document.contains("os") ||
      !document["os"].is_object() || !document.contains("packages") ||
      !document["packages"].is_array()) {
    return core::fail(
        core::ErrorCode::kMalformedInput,
        "inventory " + path + ": not a hardock image inventory (hardock image --inventory FILE)");
  }
  image::Inventory inventory;
  const auto& os = document["os"];
  inventory.os.id = text_field(os, "id");
  inventory.os.version_id = text_field(os, "version_id");
  inventory.os.version_codename = text_field(os, "version_codename");
  inventory.os.pretty_name = text_field(os, "pretty_name");
  for (const auto& item : document["packages"]) {
    if (!item.is_object()) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        "inventory " + path + ": a package is not an object");
    }
    image::Package package;
    package.ecosystem = text_field(item, "ecosystem");
    package.name = text_field(item, "name");
    package.version = text_field(item, "version");
    package.source_name = text_field(item, "source_name");
    package.source_version = text_field(item, "source_version");
    package.architecture = text_field(item, "architecture");
    inventory.packages.push_back(std::move(package));
  }
  return inventory;
}

int run_match(const DbMatchFlags& flags) {
  auto database = open_vulndb(flags.db, vulndb::Database::Access::kRead);
  if (!database) return print_error(database.error());
  int exit_code = 0;
  double matching_seconds = 0;
  std::size_t matched = 0;
  for (const std::string& path : flags.paths) {
    auto inventory = read_inventory(path);
    if (!inventory) {
      exit_code = print_error(inventory.error());
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    auto assessment = vulnscan::assess(*inventory, *database);
    matching_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!assessment) {
      exit_code = print_error(assessment.error());
      continue;
    }
    ++matched;
    const std::string shown = io::terminal_safe(path);
    if (!assessment->vulnerabilities_known) {
      std::cout << shown << ": vulnerabilities not looked at: "
                << io::terminal_safe(assessment->vulnerabilities_unknown_reason) << "\n";
    }
    std::map<core::Severity, int> counts;
    for (const auto& flaw : assessment->vulnerabilities) {
      ++counts[flaw.severity];
      if (flags.summary) continue;
      std::cout << shown << ": " << io::terminal_safe(flaw.package) << " "
                << io::terminal_safe(flaw.installed) << " " << io::terminal_safe(flaw.id) << " "
                << core::to_string(flaw.severity) << " "
                << (flaw.fixed.empty() ? "no-fix" : "fixed-in " + io::terminal_safe(flaw.fixed))
                << "\n";
    }
    if (!flags.summary) {
      for (const auto& package : assessment->outdated) {
        std::cout << shown << ": " << io::terminal_safe(package.package) << " "
                  << io::terminal_safe(package.installed) << " outdated "
                  << io::terminal_safe(package.newer) << " in " << io::terminal_safe(package.suite)
                  << "\n";
      }
    }
    std::cout << shown << ": " << io::terminal_safe(assessment->ecosystem) << ", "
              << inventory->packages.size() << " packages, " << assessment->vulnerabilities.size()
              << " vulnerabilities";
    for (core::Severity severity : core::kAllSeverities) {
      if (counts[severity] > 0)
        std::cout << " " << counts[severity] << " " << core::to_string(severity);
    }
    std::cout << ", " << assessment->outdated.size() << " outdated, " << assessment->support.size()
              << " without full security support\n";
  }
  if (matched > 0) {
    std::fprintf(stderr, "hardock: matched %zu inventories in %.3f s (%.3f ms each)\n", matched,
                 matching_seconds, 1000 * matching_seconds / static_cast<double>(matched));
  }
  return exit_code;
}

}  // namespace

void add_db_match(CLI::App& db, ExitStatus& status) {
  auto flags = std::make_shared<DbMatchFlags>();
  CLI::App* match = db.add_subcommand(
      "match", "Match saved inventories (hardock image --inventory FILE) against the database");
  add_vulndb_flags(*match, flags->db);
  match->add_option("inventories", flags->paths, "Inventory JSON files")->required();
  match->add_flag("--summary", flags->summary, "One line per inventory, not one per finding");
  match->callback([flags, &status] { status.code = run_match(*flags); });
}

}  // namespace hardock::app
