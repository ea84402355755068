// Matches one image's package inventory against the local vulnerability database: a handful of
// indexed queries per image (every package name at once), then each record's ranges decided in
// the package manager's own version order.
#pragma once

#include "hardock/core/result.h"
#include "hardock/image/analyzer.h"
#include "hardock/vulnscan/assessment.h"

namespace hardock::vulndb {
class Database;
}

namespace hardock::vulnscan {

// Fails only when the database cannot be read; what the database does not cover is said in the
// assessment (a part not known), never an empty list.
[[nodiscard]] core::Result<Assessment> assess(const image::Inventory& inventory,
                                              const vulndb::Database& database);

}  // namespace hardock::vulnscan
