// rpmdb.sqlite (rpm >= 4.16): table Packages(hnum INTEGER PRIMARY KEY, blob BLOB), read with
// libsqlite3 from the bytes in memory (sqlite3_deserialize, read-only): nothing is written to
// disk and no host rpm configuration is consulted.
//
// The database file is attacker-controlled SQL as much as data: its schema could make
// "Packages" a view over a recursive query. So views and triggers are switched off, the schema
// is not trusted (no functions with side effects from it), "Packages" must be a table, values
// are capped in size (a generated column could compute a huge one), and a progress handler ends
// any statement that runs longer than a real database ever needs.
#include <cstring>
#include <string>

#include "hardock/image/analyzers/rpm_db.h"

#ifdef HARDOCK_HAVE_SQLITE
#include <sqlite3.h>
#endif

namespace hardock::image::rpm {

#ifndef HARDOCK_HAVE_SQLITE

core::Result<std::size_t> read_sqlite(std::string_view, const BlobVisitor&) {
  return core::fail(
      core::ErrorCode::kUnsupportedVersion,
      "this hardock was built without SQLite (libsqlite3-dev); rpmdb.sqlite not read");
}

#else

namespace {

// Virtual machine steps between progress callbacks, and callbacks before a statement is ended:
// 1000 x 200,000 = 2e8 steps, ~1 s of work. Reading the 700 packages of a Fedora image's
// rpmdb.sqlite takes a few thousand callbacks.
constexpr int kStepsPerCallback = 1000;
constexpr long kMaxCallbacks = 200'000;
// The largest string or blob a value may have: real header blobs are kilobytes (a package
// owning 30,000 files has a ~2 MB one). A generated column such as zeroblob(1e9) fails instead
// of allocating a gigabyte.
constexpr int kMaxValueBytes = 64 << 20;

tl::unexpected<core::Error> sqlite_error(std::string message) {
  return core::fail(core::ErrorCode::kMalformedInput, "sqlite: " + std::move(message));
}

int progress(void* counter) {
  long& callbacks = *static_cast<long*>(counter);
  return ++callbacks > kMaxCallbacks ? 1 : 0;
}

class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close(db_); }
  sqlite3*& handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(statement_); }
  sqlite3_stmt*& handle() { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

core::Result<std::size_t> read_sqlite(std::string_view bytes, const BlobVisitor& visit) {
  static constexpr char kMagic[] = "SQLite format 3";  // 16 bytes with its NUL
  if (bytes.size() < 100 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return sqlite_error("not an SQLite 3 database");
  }
  // rpm keeps its database in WAL mode (header bytes 18 and 19 are 2); the in-memory copy is
  // switched to rollback-journal mode, which an in-memory database can read. A WAL file left
  // beside it in the image (uncommitted work) is not applied, as rpm itself would only after a
  // checkpoint.
  std::string copy(bytes);
  if (copy[18] == 2) copy[18] = 1;
  if (copy[19] == 2) copy[19] = 1;

  Connection connection;
  sqlite3*& db = connection.handle();
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) !=
      SQLITE_OK) {
    return core::fail(core::ErrorCode::kInternal, "sqlite: cannot open an in-memory database");
  }
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, kMaxValueBytes);
  long callbacks = 0;
  sqlite3_progress_handler(db, kStepsPerCallback, progress, &callbacks);
  auto* data = reinterpret_cast<unsigned char*>(copy.data());
  const auto size = static_cast<sqlite3_int64>(copy.size());
  if (sqlite3_deserialize(db, "main", data, size, size, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
    return sqlite_error(std::string("cannot load the database: ") + sqlite3_errmsg(db));
  }
  const auto failed = [&](std::string_view what) {
    if (callbacks > kMaxCallbacks)
      return sqlite_error(std::string(what) + ": took too long, stopped");
    return sqlite_error(std::string(what) + ": " + sqlite3_errmsg(db));
  };

  {
    Statement schema;
    if (sqlite3_prepare_v2(db, "SELECT type, sql FROM sqlite_schema WHERE name = 'Packages'", -1,
                           &schema.handle(), nullptr) != SQLITE_OK) {
      return failed("reading the schema");
    }
    const int step = sqlite3_step(schema.handle());
    if (step == SQLITE_DONE) return sqlite_error("no Packages table");
    if (step != SQLITE_ROW) return failed("reading the schema");
    const auto text = [&](int column) {
      const auto* value =
          reinterpret_cast<const char*>(sqlite3_column_text(schema.handle(), column));
      return value == nullptr ? std::string() : std::string(value);
    };
    std::string sql = text(1).substr(0, 12);
    for (char& c : sql) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    // Not a view, not a virtual table: rows stored in the file, nothing computed on reading.
    if (text(0) != "table" || sql != "CREATE TABLE")
      return sqlite_error("Packages is not a plain table");
  }
  {
    // Generated columns are computed on reading, as often as there are rows: refused.
    Statement columns;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_xinfo('Packages') WHERE hidden != 0",
                           -1, &columns.handle(), nullptr) != SQLITE_OK) {
      return failed("reading the columns of Packages");
    }
    const int step = sqlite3_step(columns.handle());
    if (step == SQLITE_ROW)
      return sqlite_error("Packages has generated columns, which rpm never writes");
    if (step != SQLITE_DONE) return failed("reading the columns of Packages");
  }

  Statement rows;
  if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &rows.handle(), nullptr) !=
      SQLITE_OK) {
    return failed("reading Packages");
  }
  std::size_t records = 0;
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(rows.handle())) == SQLITE_ROW) {
    const sqlite3_int64 hnum = sqlite3_column_int64(rows.handle(), 0);
    if (hnum <= 0 || hnum > 0xffffffff) {
      return sqlite_error("header number " + std::to_string(hnum) + " outside 1..4294967295");
    }
    const void* blob = sqlite3_column_blob(rows.handle(), 1);
    const int length = sqlite3_column_bytes(rows.handle(), 1);
    ++records;
    visit(static_cast<uint32_t>(hnum),
          blob == nullptr
              ? std::string_view()
              : std::string_view(static_cast<const char*>(blob), static_cast<std::size_t>(length)));
  }
  if (step != SQLITE_DONE) return failed("reading Packages");
  return records;
}

#endif

core::Result<std::size_t> read_database(DbFormat format, std::string_view bytes,
                                        const BlobVisitor& visit) {
  switch (format) {
    case DbFormat::kSqlite:
      return read_sqlite(bytes, visit);
    case DbFormat::kBdb:
      return read_bdb(bytes, visit);
    case DbFormat::kNdb:
      return read_ndb(bytes, visit);
  }
  return core::fail(core::ErrorCode::kInternal, "unknown rpm database format");
}

}  // namespace hardock::image::rpm
