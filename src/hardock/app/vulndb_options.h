// The flags every command that uses the vulnerability database takes (--db, --max-age), and the
// one way those commands open it: with the staleness warning (vulndb/freshness.h) on stderr.
#pragma once

#include <string>

#include "hardock/app/cli11.h"
#include "hardock/core/result.h"
#include "hardock/vulndb/database.h"
#include "hardock/vulndb/freshness.h"

namespace hardock::app {

struct VulnDbFlags {
  std::string db;  // empty: vulndb::default_database_path()
  int max_age_days = vulndb::kDefaultMaxAgeDays;
};

void add_vulndb_flags(CLI::App& command, VulnDbFlags& flags);

// The database file --db names, else the default one.
[[nodiscard]] core::Result<std::string> vulndb_path(const VulnDbFlags& flags);

// Opens the database; for kRead, prints "hardock: warning: ..." when its data is older than
// --max-age days (or it holds no feed).
[[nodiscard]] core::Result<vulndb::Database> open_vulndb(const VulnDbFlags& flags,
                                                         vulndb::Database::Access access);

// The staleness warning of `database` at this moment, printed to stderr when there is one.
void warn_if_stale(const vulndb::Database& database, int max_age_days);

}  // namespace hardock::app
