// The vulnerability database's schema as numbered migrations. PRAGMA user_version holds the
// number of the last migration applied; a database is migrated forward one step at a time
// inside the transaction that opens it for writing. Never edit a released migration: add one.
#pragma once

#include <string_view>
#include <vector>

namespace hardock::vulndb {

// Migration N (1-based) is element N-1. The current schema version is its size.
[[nodiscard]] const std::vector<std::string_view>& migrations();

}  // namespace hardock::vulndb
