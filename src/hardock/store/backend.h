// What the store needs of a SQL database, so that one implementation of store::Store
// (sql_store.cpp) runs on SQLite and PostgreSQL alike. Internal to the store module.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::store::detail {

struct Blob {
  std::string_view bytes;
};
struct Null {};
// A statement parameter; text and blobs are borrowed for the call.
using Value = std::variant<Null, std::int64_t, std::string_view, Blob>;

// One result row: each column's text (blobs as their bytes), nullopt for NULL.
using Row = std::vector<std::optional<std::string>>;

class Backend {
 public:
  virtual ~Backend() = default;
  enum class Dialect { kSqlite, kPostgres };
  [[nodiscard]] virtual Dialect dialect() const = 0;

  // Runs a script of statements without parameters or results.
  [[nodiscard]] virtual core::Result<void> exec(std::string_view sql) = 0;
  // Runs one statement with `?` placeholders, giving its rows (at most `max_rows`, more is an
  // error: a store holding more than the caller bounds is not read whole).
  [[nodiscard]] virtual core::Result<std::vector<Row>> query(std::string_view sql,
                                                             std::span<const Value> params,
                                                             std::size_t max_rows) = 0;

  // A write transaction (SQLite: BEGIN IMMEDIATE), or a read one.
  [[nodiscard]] virtual core::Result<void> begin(bool write) = 0;
  [[nodiscard]] virtual core::Result<void> commit() = 0;
  virtual void rollback() = 0;

  // Before migrating: makes concurrent migrations of the same database wait for each other
  // (PostgreSQL: a transaction-scoped advisory lock; SQLite: the write transaction does it).
  [[nodiscard]] virtual core::Result<void> lock_for_migration() = 0;

  // "sqlite:/path" or the URL with its password and user redacted.
  [[nodiscard]] virtual std::string describe() const = 0;
};

[[nodiscard]] core::Result<std::unique_ptr<Backend>> open_sqlite(const std::string& path);
[[nodiscard]] core::Result<std::unique_ptr<Backend>> open_postgres(const std::string& url);

// Opens the backend for `location` without migrating it.
[[nodiscard]] core::Result<std::unique_ptr<Backend>> open_backend(std::string_view location);

// Applies the migrations after the database's version up to `target` (0: all), each in its
// own transaction with its schema_version row. A database newer than this binary is an error.
[[nodiscard]] core::Result<void> migrate(Backend& backend, int target = 0);
// The database's schema version (0: empty).
[[nodiscard]] core::Result<int> schema_version(Backend& backend);

// The URL with the user's password (and any password= parameter) replaced by "***".
[[nodiscard]] std::string redact_url(std::string_view url);

}  // namespace hardock::store::detail
