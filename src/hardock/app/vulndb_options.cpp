#include "hardock/app/vulndb_options.h"

#include <ctime>
#include <iostream>

#include "hardock/io/escape.h"
#include "hardock/vulndb/database_file.h"

namespace hardock::app {

void add_vulndb_flags(CLI::App& command, VulnDbFlags& flags) {
  command.add_option("--db", flags.db,
                     "Vulnerability database file (default /var/lib/hardock/vuln.db as root, "
                     "else $XDG_DATA_HOME/hardock/vuln.db)");
  command
      .add_option("--max-age", flags.max_age_days,
                  "Warn when the newest feed import is older than this many days")
      ->check(CLI::Range(0, 36500))
      ->capture_default_str();
}

core::Result<std::string> vulndb_path(const VulnDbFlags& flags) {
  if (!flags.db.empty()) return flags.db;
  return vulndb::default_database_path();
}

void warn_if_stale(const vulndb::Database& database, int max_age_days) {
  auto sources = database.sources();
  if (!sources) {
    std::cerr << "hardock: warning: " << io::terminal_safe(sources.error().to_string()) << "\n";
    return;
  }
  if (auto warning = vulndb::staleness_warning(*sources, max_age_days, std::time(nullptr))) {
    std::cerr << "hardock: warning: " << io::terminal_safe(database.path()) << ": "
              << io::terminal_safe(*warning) << "\n";
  }
}

core::Result<vulndb::Database> open_vulndb(const VulnDbFlags& flags,
                                           vulndb::Database::Access access) {
  auto path = vulndb_path(flags);
  if (!path) return core::fail(path.error());
  auto database = vulndb::Database::open(*path, access);
  if (!database) return database;
  if (access == vulndb::Database::Access::kRead) warn_if_stale(*database, flags.max_age_days);
  return database;
}

}  // namespace hardock::app
