// `hardock db import|info`: load vulnerability feeds, package indexes and security-support
// lists into the local vulnerability database, and show what it holds and how old it is.
#include <ctime>
#include <iostream>
#include <memory>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/vulndb_options.h"
#include "hardock/io/escape.h"
#include "hardock/vulndb/import.h"

namespace hardock::app {
namespace {

struct DbImportFlags {
  VulnDbFlags db;
  std::vector<std::string> paths;
  bool packages = false;
  std::string release;
  std::string suite;
  std::string source;
};

std::string utc_time(std::int64_t seconds) {
  const auto value = static_cast<std::time_t>(seconds);
  std::tm parts{};
  char text[32];
  if (::gmtime_r(&value, &parts) == nullptr ||
      std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts) == 0) {
    return std::to_string(seconds);
  }
  return text;
}

int run_import(const DbImportFlags& flags) {
  if (!flags.source.empty() && flags.paths.size() > 1) {
    return print_error(core::Error{
        core::ErrorCode::kInvalidArgument, "--source names one source: give one path with it", {}});
  }
  auto database = open_vulndb(flags.db, vulndb::Database::Access::kWrite);
  if (!database) return print_error(database.error());
  int exit_code = 0;
  for (const std::string& path : flags.paths) {
    vulndb::ImportRequest request{path, flags.packages, flags.release, flags.suite, flags.source};
    auto imported = vulndb::import_feed(*database, request, std::time(nullptr));
    if (!imported) {
      // The other paths are still imported; each source is replaced whole or not at all.
      exit_code = print_error(imported.error());
      continue;
    }
    std::cout << "imported " << io::terminal_safe(imported->source.name) << ": "
              << imported->source.records << " records";
    if (imported->without_packages > 0) {
      std::cout << ", " << imported->without_packages
                << " records naming no package version (not stored)";
    }
    if (imported->skipped > 0) {
      std::cout << ", " << imported->skipped << " entries skipped (links, not .json)";
    }
    std::cout << "\n";
  }
  warn_if_stale(*database, flags.db.max_age_days);
  return exit_code;
}

int run_info(const VulnDbFlags& flags) {
  auto database = open_vulndb(flags, vulndb::Database::Access::kRead);
  if (!database) return print_error(database.error());
  auto sources = database->sources();
  if (!sources) return print_error(sources.error());
  const std::int64_t now = std::time(nullptr);
  std::cout << "Database: " << io::terminal_safe(database->path()) << "\n";
  std::cout << "Sources:  " << sources->size() << "\n";
  for (const vulndb::SourceInfo& source : *sources) {
    std::cout << "\n  " << io::terminal_safe(source.name) << "\n"
              << "    format:    " << io::terminal_safe(source.format) << "\n"
              << "    records:   " << source.records << "\n"
              << "    imported:  " << utc_time(source.imported_at) << " ("
              << vulndb::age_text(source.imported_at, now) << " ago)\n";
    if (!source.newest.empty()) {
      std::cout << "    newest:    " << io::terminal_safe(source.newest) << " (newest record)\n";
    }
  }
  return 0;
}

}  // namespace

void register_db(CLI::App& app, ExitStatus& status) {
  CLI::App* command = app.add_subcommand("db", "Manage the local vulnerability database");
  command->require_subcommand(1);

  auto import_flags = std::make_shared<DbImportFlags>();
  CLI::App* import = command->add_subcommand(
      "import",
      "Load feeds (OSV JSON, directory or zip; Debian tracker JSON; Alpine secdb JSON; "
      "debian-security-support lists) or, with --packages, package indexes (APT Packages, "
      "APKINDEX.tar.gz); each file replaces its own earlier import");
  add_vulndb_flags(*import, import_flags->db);
  import->add_option("paths", import_flags->paths, "Files or directories to import")->required();
  import->add_flag("--packages", import_flags->packages,
                   "The files are package indexes (APT Packages[.gz|.xz|.lz4], APKINDEX.tar.gz)");
  import->add_option("--release", import_flags->release,
                     "Release of a package index or support list (Debian:12, Alpine:v3.21) when "
                     "the file name does not tell it");
  import->add_option("--suite", import_flags->suite,
                     "Suite of a package index (bookworm-security, v3.21/main)");
  import->add_option("--source", import_flags->source,
                     "Name of the source to replace (default: <format>:<absolute path>)");
  import->callback([import_flags, &status] { status.code = run_import(*import_flags);
});

auto info_flags = std::make_shared<VulnDbFlags>();
CLI::App* info = command->add_subcommand("info", "Show the sources, record counts and ages");
add_vulndb_flags(*info, *info_flags);
info->callback([info_flags, &status] { status.code = run_info(*info_flags); });
add_db_match(*command, status);
}  // namespace hardock::app

}  // namespace hardock::app
