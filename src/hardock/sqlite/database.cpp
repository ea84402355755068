#include "hardock/sqlite/database.h"

#include <sqlite3.h>

#include <climits>
#include <cstring>
#include <utility>

namespace hardock::sqlite {

struct Connection::State {
  sqlite3* db = nullptr;
  std::string name;
  bool in_memory_image = false;
  long max_callbacks = 0;
  long callbacks = 0;
  // The bytes of an open_image() database: SQLite reads them in place.
  std::string image;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() { sqlite3_close(db); }
};

namespace database_detail {

int progress(void* state) {
  auto* connection = static_cast<Connection::State*>(state);
  return ++connection->callbacks > connection->max_callbacks ? 1 : 0;
}

core::ErrorCode code_for(int code, bool in_memory_image) {
  if (in_memory_image) return core::ErrorCode::kMalformedInput;
  switch (code & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_INTERRUPT:
      return core::ErrorCode::kMalformedInput;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return core::ErrorCode::kPermissionDenied;
    default:
      return core::ErrorCode::kIo;
  }
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text;
}

core::Error make_error(const Connection::State& state, std::string_view what, int code) {
  std::string detail;
  if (state.max_callbacks > 0 && state.callbacks > state.max_callbacks) {
    detail = "took too long, stopped";
  } else if (state.db != nullptr && sqlite3_errcode(state.db) != SQLITE_OK) {
    detail = sqlite3_errmsg(state.db);
  } else {
    detail = sqlite3_errstr(code);
  }
  return core::Error{code_for(code, state.in_memory_image),
                     state.name + ": " + std::string(what) + ": " + one_line(std::move(detail)),
                     {}};
}

void configure(Connection::State& state, const OpenOptions& options) {
  sqlite3* db = state.db;
  sqlite3_extended_result_codes(db, 1);
  if (options.busy_timeout_ms > 0) sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (options.untrusted) {
    for (int option : {SQLITE_DBCONFIG_ENABLE_TRIGGER, SQLITE_DBCONFIG_ENABLE_VIEW,
                       SQLITE_DBCONFIG_TRUSTED_SCHEMA, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION}) {
      sqlite3_db_config(db, option, 0, nullptr);
    }
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  }
  if (options.max_value_bytes > 0) sqlite3_limit(db, SQLITE_LIMIT_LENGTH, options.max_value_bytes);
  if (options.max_thousand_steps > 0) {
    state.max_callbacks = options.max_thousand_steps;
    sqlite3_progress_handler(db, 1000, progress, &state);
  }
}

}  // namespace database_detail

Connection::Connection(std::unique_ptr<State> state) : state_(std::move(state)) {}
Connection::Connection(Connection&& other) noexcept = default;
Connection& Connection::operator=(Connection&& other) noexcept = default;
Connection::~Connection() = default;

core::Result<Connection> Connection::open(const std::string& path, const OpenOptions& options) {
  auto state = std::make_unique<State>();
  state->name = path;
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (options.mode) {
    case OpenOptions::Mode::kReadOnly:
      flags |= SQLITE_OPEN_READONLY;
      break;
    case OpenOptions::Mode::kReadWrite:
      flags |= SQLITE_OPEN_READWRITE;
      break;
    case OpenOptions::Mode::kReadWriteCreate:
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
  }
  if (options.no_follow) flags |= SQLITE_OPEN_NOFOLLOW;
  Connection connection(std::move(state));
  const int opened = sqlite3_open_v2(path.c_str(), &connection.state_->db, flags, nullptr);
  if (opened != SQLITE_OK) {
    if (connection.state_->db == nullptr) {
      return core::fail(core::ErrorCode::kIo,
                        path + ": cannot open: " + std::string(sqlite3_errstr(opened)));
    }
    return core::fail(connection.error("cannot open", opened));
  }
  database_detail::configure(*connection.state_, options);
  return connection;
}

core::Result<Connection> Connection::open_image(std::string image, std::string name,
                                                const OpenOptions& options) {
  auto state = std::make_unique<State>();
  state->name = std::move(name);
  state->in_memory_image = true;
  state->image = std::move(image);
  Connection connection(std::move(state));
  State& opened = *connection.state_;
  if (sqlite3_open_v2(":memory:", &opened.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY,
                      nullptr) != SQLITE_OK) {
    return core::fail(core::ErrorCode::kInternal,
                      opened.name + ": cannot open an in-memory database");
  }
  database_detail::configure(opened, options);
  auto* data = reinterpret_cast<unsigned char*>(opened.image.data());
  const auto size = static_cast<sqlite3_int64>(opened.image.size());
  const int loaded =
      sqlite3_deserialize(opened.db, "main", data, size, size, SQLITE_DESERIALIZE_READONLY);
  if (loaded != SQLITE_OK) return core::fail(connection.error("cannot load the database", loaded));
  return connection;
}

core::Error Connection::error(std::string_view what, int code) const {
  return database_detail::make_error(*state_, what, code);
}

core::Result<void> Connection::exec(std::string_view sql, std::string_view what) {
  state_->callbacks = 0;
  const std::string text(sql);
  const int code = sqlite3_exec(state_->db, text.c_str(), nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) return core::fail(error(what, code));
  return {};
}

core::Result<Statement> Connection::prepare(std::string_view sql, std::string_view what) {
  if (sql.size() > INT_MAX) return core::fail(core::ErrorCode::kInternal, "statement too long");
  sqlite3_stmt* statement = nullptr;
  state_->callbacks = 0;
  const int code =
      sqlite3_prepare_v2(state_->db, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (code != SQLITE_OK) {
    sqlite3_finalize(statement);
    return core::fail(error(what.empty() ? "cannot prepare a statement" : what, code));
  }
  return Statement(state_.get(), statement, std::string(what));
}

const std::string& Connection::name() const { return state_->name; }
std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(state_->db); }
std::int64_t Connection::changes() const { return sqlite3_changes64(state_->db); }
sqlite3* Connection::handle() const { return state_->db; }

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      statement_(std::exchange(other.statement_, nullptr)),
      what_(std::move(other.what_)),
      started_(other.started_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    connection_ = other.connection_;
    statement_ = std::exchange(other.statement_, nullptr);
    what_ = std::move(other.what_);
    started_ = other.started_;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(statement_); }

namespace database_detail {
int length_of(std::string_view bytes) {
  // SQLite's own length limit (at most 1 GB) refuses anything longer than INT_MAX anyway.
  return bytes.size() > INT_MAX ? INT_MAX : static_cast<int>(bytes.size());
}
}  // namespace database_detail

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(statement_, index, text.data(), database_detail::length_of(text),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_static(int index, std::string_view text) {
  sqlite3_bind_text(statement_, index, text.data(), database_detail::length_of(text),
                    SQLITE_STATIC);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(statement_, index, bytes.data(), database_detail::length_of(bytes),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

core::Result<bool> Statement::step() {
  if (!started_) {
    connection_->callbacks = 0;
    started_ = true;
  }
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  if (!what_.empty()) return core::fail(database_detail::make_error(*connection_, what_, code));
  const std::string sql = sqlite3_sql(statement_) != nullptr ? sqlite3_sql(statement_) : "";
  // The first words of the statement say what failed without making a long line.
  std::string what = "cannot run " + sql.substr(0, sql.find_first_of("(\n"));
  if (what.size() > 70) what = what.substr(0, 70) + "...";
  return core::fail(database_detail::make_error(*connection_, what, code));
}

core::Result<void> Statement::run() {
  auto stepped = step();
  reset();
  if (!stepped) return core::fail(stepped.error());
  return {};
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  started_ = false;
}

Statement::Type Statement::type(int column) const {
  switch (sqlite3_column_type(statement_, column)) {
    case SQLITE_INTEGER:
      return Type::kInteger;
    case SQLITE_FLOAT:
      return Type::kFloat;
    case SQLITE_TEXT:
      return Type::kText;
    case SQLITE_BLOB:
      return Type::kBlob;
    default:
      return Type::kNull;
  }
}

std::string_view Statement::text(int column) const {
  const auto* data = sqlite3_column_text(statement_, column);
  if (data == nullptr) return {};
  const int size = sqlite3_column_bytes(statement_, column);
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::string_view Statement::blob(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);
  if (data == nullptr) return {};
  const int size = sqlite3_column_bytes(statement_, column);
  return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

int Statement::column_count() const { return sqlite3_column_count(statement_); }

core::Result<Transaction> Transaction::begin(Connection& connection, bool immediate) {
  if (auto begun =
          connection.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN", "cannot start a transaction");
      !begun) {
    return core::fail(begun.error());
  }
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
  if (connection_ != nullptr) (void)connection_->exec("ROLLBACK", "cannot roll back");
}

core::Result<void> Transaction::commit() {
  Connection* connection = std::exchange(connection_, nullptr);
  if (connection == nullptr) {
    return core::fail(core::ErrorCode::kInternal, "transaction already ended");
  }
  if (auto committed = connection->exec("COMMIT", "cannot commit"); !committed) {
    (void)connection->exec("ROLLBACK", "cannot roll back");
    return committed;
  }
  return {};
}

}  // namespace hardock::sqlite
