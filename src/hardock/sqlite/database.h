// One small RAII layer over libsqlite3 for every SQLite file hardock reads or writes (the image
// analysis cache, rpmdb.sqlite inside images, the vulnerability database): a connection, a
// prepared statement and a transaction guard, whose errors are core::Result values carrying
// SQLite's own message ("<name>: <what>: <sqlite message>", on one line).
//
// Error codes: a file that is no database or a corrupt one (SQLITE_NOTADB, SQLITE_CORRUPT) and
// every error of a database read from bytes in memory give kMalformedInput; a statement stopped
// by its step budget too ("took too long, stopped"); permission errors kPermissionDenied;
// anything else kIo. sqlite3.h stays out of this header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hardock/core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace hardock::sqlite {

struct OpenOptions {
  enum class Mode { kReadOnly, kReadWrite, kReadWriteCreate };
  Mode mode = Mode::kReadWrite;
  // The file's own name must not be a symbolic link (SQLITE_OPEN_NOFOLLOW).
  bool no_follow = true;
  // The file may be someone else's SQL: views, triggers, extension loading and functions with
  // side effects called from the schema are off, and SQLITE_DBCONFIG_DEFENSIVE is on.
  bool untrusted = true;
  // How long a busy (locked) database is waited for before an error.
  int busy_timeout_ms = 10'000;
  // The largest string or blob a value may have; 0 keeps SQLite's default (1 GB).
  int max_value_bytes = 0;
  // Virtual-machine steps one statement may run, in thousands (a progress callback every 1000
  // steps); 0 for no limit. A statement that passes it is stopped with "took too long".
  long max_thousand_steps = 0;
};

class Statement;

class Connection {
 public:
  // Opens the database file at `path` with `options`. `path` names the database in errors.
  [[nodiscard]] static core::Result<Connection> open(const std::string& path,
                                                     const OpenOptions& options);

  // A read-only in-memory database holding `image`, the bytes of an SQLite file (the caller
  // switches a WAL-mode header to rollback mode first; an in-memory database cannot read WAL).
  // `name` names it in errors; every error is kMalformedInput.
  [[nodiscard]] static core::Result<Connection> open_image(std::string image, std::string name,
                                                           const OpenOptions& options);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more SQL statements without results; an error says `what` failed.
  [[nodiscard]] core::Result<void> exec(std::string_view sql, std::string_view what);
  // Prepares `sql` (one statement). `what` names it in the errors of preparing and running it
  // ("reading Packages"); empty, they say "cannot prepare a statement" and quote its first words.
  [[nodiscard]] core::Result<Statement> prepare(std::string_view sql, std::string_view what = {});

  // The error for SQLite result `code` met while doing `what`, with SQLite's message.
  [[nodiscard]] core::Error error(std::string_view what, int code) const;

  [[nodiscard]] const std::string& name() const;
  // The rowid of the last row inserted through this connection.
  [[nodiscard]] std::int64_t last_insert_rowid() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changes() const;
  [[nodiscard]] sqlite3* handle() const;

  struct State;  // internal to database.cpp

 private:
  friend class Statement;
  explicit Connection(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// A prepared statement of one connection, which must outlive it. Bind indexes start at 1,
// column indexes at 0. Text and blob bindings are copied (SQLITE_TRANSIENT) unless bound with
// bind_static, whose bytes must stay until the statement is reset or destroyed.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind_static(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // Runs to the next row: true when there is one, false when the statement is done.
  [[nodiscard]] core::Result<bool> step();
  // Runs a statement that returns no row (INSERT, UPDATE, DELETE, DDL).
  [[nodiscard]] core::Result<void> run();
  // Back to the start, bindings cleared, ready to bind and run again.
  void reset();

  enum class Type { kInteger, kFloat, kText, kBlob, kNull };
  [[nodiscard]] Type type(int column) const;
  // The column as text (empty for NULL); valid until the next step, reset or column call on it.
  [[nodiscard]] std::string_view text(int column) const;
  [[nodiscard]] std::string_view blob(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const;
  // The number of columns the statement's rows have.
  [[nodiscard]] int column_count() const;

 private:
  friend class Connection;
  Statement(Connection::State* connection, sqlite3_stmt* statement, std::string what)
      : connection_(connection), statement_(statement), what_(std::move(what)) {}
  Connection::State* connection_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
  std::string what_;
  bool started_ = false;
};

// BEGIN on construction (IMMEDIATE for a writer, so a busy database is waited for at BEGIN
// rather than failing at the first write), ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  [[nodiscard]] static core::Result<Transaction> begin(Connection& connection,
                                                       bool immediate = true);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  [[nodiscard]] core::Result<void> commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_ = nullptr;
};

}  // namespace hardock::sqlite
