// The store's schema as numbered migrations (migrations/NNNN_name.sql), embedded at build time
// by embed_migrations.cmake. Internal to the store module.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace hardock::store::detail {

struct Migration {
  int number;             // 1, 2, 3 ... without gaps
  std::string_view name;  // "0001_initial"
  std::string_view sql;   // with the {{ID}} and {{BLOB}} placeholders
};

// Every migration, in order.
std::span<const Migration> migrations();

}  // namespace hardock::store::detail
