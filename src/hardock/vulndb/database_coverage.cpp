// Database::coverage: three indexed existence queries.
#include "hardock/vulndb/database.h"

namespace hardock::vulndb {
namespace {

core::Result<bool> any_row(sqlite::Connection& db, const char* sql, std::string_view release) {
  auto statement = db.prepare(sql);
  if (!statement) return core::fail(statement.error());
  statement->bind(1, release);
  auto row = statement->step();
  if (!row) return core::fail(row.error());
  return *row;
}

}  // namespace

core::Result<Coverage> Database::coverage(std::string_view release) const {
  Coverage coverage;
  auto advisories = any_row(db_, "SELECT 1 FROM affected WHERE ecosystem = ?1 LIMIT 1", release);
  if (!advisories) return core::fail(advisories.error());
  auto indexes = any_row(db_, "SELECT 1 FROM package_versions WHERE release = ?1 LIMIT 1", release);
  if (!indexes) return core::fail(indexes.error());
  auto lists = any_row(db_, "SELECT 1 FROM support_notes WHERE release = ?1 LIMIT 1", release);
  if (!lists) return core::fail(lists.error());
  coverage.advisories = *advisories;
  coverage.package_indexes = *indexes;
  coverage.support_lists = *lists;
  return coverage;
}

}  // namespace hardock::vulndb
