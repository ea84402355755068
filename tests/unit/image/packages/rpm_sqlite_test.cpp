// The rpmdb.sqlite reader on databases made here with libsqlite3: a database file is SQL as
// much as data, so schemas that would make reading it run forever or read something else must
// be refused.
#include <gtest/gtest.h>

#ifdef HARDOCK_HAVE_SQLITE
#include <sqlite3.h>

#include <string>

#include "hardock/image/analyzers/rpm_db.h"

namespace hardock::image::rpm {
namespace {

// The bytes of a database that `sql` builds (written in rollback-journal mode, or WAL when asked).
std::string database(const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
      << (message != nullptr ? message : "");
  sqlite3_free(message);
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db, "main", &size, 0);
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  sqlite3_free(bytes);
  sqlite3_close(db);
  return out;
}

core::Result<std::size_t> read(const std::string& bytes, std::size_t* rows = nullptr) {
  return read_sqlite(bytes, [&](uint32_t, std::string_view) {
    if (rows != nullptr) ++*rows;
  });
}

TEST(RpmSqlite, RowsOfThePackagesTable) {
  const std::string bytes = database(
      "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);"
      "INSERT INTO Packages VALUES (3, x'00010203'), (8, x'0a0b');");
  std::string seen;
  auto result = read_sqlite(bytes, [&](uint32_t hnum, std::string_view blob) {
    seen += std::to_string(hnum) + ":" + std::to_string(blob.size()) + " ";
  });
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(*result, 2U);
  EXPECT_EQ(seen, "3:4 8:2 ");
}

TEST(RpmSqlite, WalModeDatabasesAreRead) {
  std::string bytes = database(
      "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB);"
      "INSERT INTO Packages VALUES (1, x'00');");
  bytes[18] = 2;  // as rpm leaves its database: WAL mode
  bytes[19] = 2;
  std::size_t rows = 0;
  ASSERT_TRUE(read(bytes, &rows));
  EXPECT_EQ(rows, 1U);
}

TEST(RpmSqlite, HostileSchemasAreRefused) {
  // A view that never ends.
  auto view = read(database(
      "CREATE VIEW Packages AS WITH RECURSIVE n(hnum) AS (SELECT 1 UNION ALL SELECT hnum + 1 "
      "FROM n) SELECT hnum, x'00' AS blob FROM n;"));
  ASSERT_FALSE(view);
  EXPECT_EQ(view.error().message, "sqlite: Packages is not a plain table");
  auto missing = read(database("CREATE TABLE Other (x);"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "sqlite: no Packages table");
  auto columns = read(database("CREATE TABLE Packages (a, b2);"));
  ASSERT_FALSE(columns);
  EXPECT_NE(columns.error().message.find("reading Packages: no such column"), std::string::npos)
      << columns.error().message;
  // Generated columns are computed on every read: an expensive one per row would make reading
  // slow without many virtual-machine steps.
  auto generated = read(database(
      "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob AS (hex(zeroblob(30000000))));"
      "INSERT INTO Packages (hnum) VALUES (1), (2), (3);"));
  ASSERT_FALSE(generated);
  EXPECT_EQ(generated.error().message,
            "sqlite: Packages has generated columns, which rpm never writes");
  auto virtual_table = read(database("CREATE VIRTUAL TABLE Packages USING fts5(hnum, blob);"));
  ASSERT_FALSE(virtual_table);
  EXPECT_EQ(virtual_table.error().message, "sqlite: Packages is not a plain table");
  auto number =
      read(database("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB);"
                    "INSERT INTO Packages VALUES (5000000000, x'00');"));
  ASSERT_FALSE(number);
  EXPECT_EQ(number.error().message, "sqlite: header number 5000000000 outside 1..4294967295");
}

TEST(RpmSqlite, TruncatedOrCorruptFilesAreErrors) {
  std::string values;
  for (int row = 1; row <= 300; ++row) {
    values += (row > 1 ? "," : "") + std::string("(") + std::to_string(row) + ", randomblob(900))";
  }
  const std::string bytes = database(
      "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB);INSERT INTO Packages VALUES " +
      values + ";");
  for (std::size_t size = 0; size < bytes.size(); size += 4096 + 13) {
    std::size_t rows = 0;
    auto result = read(bytes.substr(0, size), &rows);
    EXPECT_TRUE(!result || rows == 300) << size;
  }
  std::string corrupt = bytes;
  for (std::size_t at = 100; at < corrupt.size(); at += 1024) corrupt[at] = '\xff';
  (void)read(corrupt);  // any result, no crash (ASan runs look closer)
}

}  // namespace
}  // namespace hardock::image::rpm

#else
TEST(RpmSqlite, BuiltWithoutSqlite) { GTEST_SKIP() << "built without libsqlite3"; }
#endif
