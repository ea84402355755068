// rpmdb.sqlite (rpm >= 4.16): table Packages(hnum INTEGER PRIMARY KEY, blob BLOB), read with
// libsqlite3 (sqlite/database.h) from the bytes in memory (sqlite3_deserialize, read-only): nothing
// is written to disk and no host rpm configuration is consulted.
//
// The database file is attacker-controlled SQL as much as data: its schema could make
// "Packages" a view over a recursive query. So views and triggers are switched off, the schema
// is not trusted (no functions with side effects from it), "Packages" must be a table, values
// are capped in size (a generated column could compute a huge one), and a progress handler ends
// any statement that runs longer than a real database ever needs.
#include <cstring>
#include <string>

#include "hardock/image/analyzers/rpm_db.h"
#include "hardock/sqlite/database.h"

namespace hardock::image::rpm {

namespace {

// Virtual machine steps, in thousands, before a statement is ended: 2e8 steps, ~1 s of work.
// Reading the 700 packages of a Fedora image's rpmdb.sqlite takes a few thousand.
constexpr long kMaxThousandSteps = 200'000;
// The largest string or blob a value may have: real header blobs are kilobytes (a package
// owning 30,000 files has a ~2 MB one). A generated column such as zeroblob(1e9) fails instead
// of allocating a gigabyte.
constexpr int kMaxValueBytes = 64 << 20;

tl::unexpected<core::Error> sqlite_error(std::string message) {
  return core::fail(core::ErrorCode::kMalformedInput, "sqlite: " + std::move(message));
}

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

  sqlite::OpenOptions options;
  options.max_value_bytes = kMaxValueBytes;
  options.max_thousand_steps = kMaxThousandSteps;
  auto opened = sqlite::Connection::open_image(std::move(copy), "sqlite", options);
  if (!opened) return core::fail(opened.error());
  sqlite::Connection& db = *opened;

  {
    auto schema = db.prepare("SELECT type, sql FROM sqlite_schema WHERE name = 'Packages'",
                             "reading the schema");
    if (!schema) return core::fail(schema.error());
    auto row = schema->step();
    if (!row) return core::fail(row.error());
    if (!*row) return sqlite_error("no Packages table");
    std::string sql(schema->text(1).substr(0, 12));
    for (char& c : sql) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    // Not a view, not a virtual table: rows stored in the file, nothing computed on reading.
    if (schema->text(0) != "table" || sql != "CREATE TABLE")
      return sqlite_error("Packages is not a plain table");
  }
  {
    // Generated columns are computed on reading, as often as there are rows: refused.
    auto columns = db.prepare("SELECT name FROM pragma_table_xinfo('Packages') WHERE hidden != 0",
                              "reading the columns of Packages");
    if (!columns) return core::fail(columns.error());
    auto row = columns->step();
    if (!row) return core::fail(row.error());
    if (*row) return sqlite_error("Packages has generated columns, which rpm never writes");
  }

  auto rows = db.prepare("SELECT hnum, blob FROM Packages", "reading Packages");
  if (!rows) return core::fail(rows.error());
  std::size_t records = 0;
  while (true) {
    auto row = rows->step();
    if (!row) return core::fail(row.error());
    if (!*row) break;
    const std::int64_t hnum = rows->integer(0);
    if (hnum <= 0 || hnum > 0xffffffff) {
      return sqlite_error("header number " + std::to_string(hnum) + " outside 1..4294967295");
    }
    ++records;
    visit(static_cast<uint32_t>(hnum), rows->blob(1));
  }
  return records;
}

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
