// The SQLite backend: one file, WAL, a busy timeout so that concurrent writers (several
// hardock runs at once) wait for each other instead of failing.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <map>
#include <utility>

#include "hardock/sqlite/database.h"
#include "hardock/store/backend.h"

namespace hardock::store::detail {
namespace sqlite_detail {

class SqliteBackend final : public Backend {
 public:
  SqliteBackend(sqlite::Connection connection, std::string path)
      : db_(std::move(connection)), path_(std::move(path)) {}

  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }

  core::Result<void> exec(std::string_view sql) override { return db_.exec(sql, "store"); }

  core::Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params,
                                       std::size_t max_rows) override {
    // Prepared once per text: a run's fingerprints go in as the same multi-row statement again
    // and again, which SQLite would otherwise parse each time.
    auto cached = cache_.find(sql);
    if (cached == cache_.end()) {
      auto prepared = db_.prepare(sql, "store");
      if (!prepared) return core::fail(prepared.error());
      if (cache_.size() >= kMaxCached) cache_.clear();
      cached = cache_.emplace(std::string(sql), std::move(*prepared)).first;
    }
    sqlite::Statement* statement = &cached->second;
    // Bindings and position cleared however the previous use ended.
    struct Reset {
      sqlite::Statement* statement;
      ~Reset() { statement->reset(); }
    } const reset{statement};
    int index = 1;
    for (const auto& param : params) {
      if (std::holds_alternative<Null>(param)) {
        statement->bind_null(index);
      } else if (const auto* n = std::get_if<std::int64_t>(&param)) {
        statement->bind(index, *n);
      } else if (const auto* t = std::get_if<std::string_view>(&param)) {
        statement->bind_static(index, *t);
      } else {
        statement->bind_blob(index, std::get<Blob>(param).bytes);
      }
      ++index;
    }
    std::vector<Row> rows;
    for (;;) {
      auto more = statement->step();
      if (!more) return core::fail(more.error());
      if (!*more) break;
      if (rows.size() >= max_rows) {
        return core::fail(core::ErrorCode::kMalformedInput,
                          "more than " + std::to_string(max_rows) + " rows, not read");
      }
      const int columns = statement->column_count();
      Row row(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (statement->type(c)) {
          case sqlite::Statement::Type::kNull:
            break;
          case sqlite::Statement::Type::kBlob:
            row[static_cast<std::size_t>(c)] = std::string(statement->blob(c));
            break;
          default:
            row[static_cast<std::size_t>(c)] = std::string(statement->text(c));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  core::Result<void> begin(bool write) override {
    return db_.exec(write ? "BEGIN IMMEDIATE" : "BEGIN", "starting a transaction");
  }
  core::Result<void> commit() override { return db_.exec("COMMIT", "committing"); }
  void rollback() override { (void)db_.exec("ROLLBACK", "rolling back"); }
  core::Result<void> lock_for_migration() override { return {}; }

  [[nodiscard]] std::string describe() const override { return "sqlite:" + path_; }

 private:
  static constexpr std::size_t kMaxCached = 32;
  sqlite::Connection db_;
  std::string path_;
  // Destroyed before db_ (declared after it).
  std::map<std::string, sqlite::Statement, std::less<>> cache_;
};

}  // namespace sqlite_detail
}  // namespace hardock::store::detail

namespace hardock::store::detail {
namespace sqlite_detail {

// Creates the missing directories of `dir` with mode 0700 (existing ones are left as they are).
core::Result<void> make_private_dirs(const std::string& dir) {
  if (dir.empty()) return {};
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      return core::fail(core::ErrorCode::kInvalidArgument, dir + " is not a directory");
    }
    return {};
  }
  const auto slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    if (auto made = make_private_dirs(dir.substr(0, slash)); !made) return made;
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return core::fail(errno == EACCES ? core::ErrorCode::kPermissionDenied : core::ErrorCode::kIo,
                      "cannot create directory " + dir + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace sqlite_detail

core::Result<std::unique_ptr<Backend>> open_sqlite(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash != std::string::npos) {
    if (auto made = sqlite_detail::make_private_dirs(path.substr(0, slash)); !made) {
      return core::fail(made.error());
    }
  }
  // Created here, 0600, so that SQLite (and its -wal and -shm files, which take the database's
  // mode) never makes it readable by others whatever the umask.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    return core::fail(errno == EACCES ? core::ErrorCode::kPermissionDenied : core::ErrorCode::kIo,
                      "cannot create " + path + ": " + std::strerror(errno));
  } else {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return core::fail(core::ErrorCode::kInvalidArgument,
                        path +
                            " is not a regular file (a symbolic link or special file is not "
                            "opened as a store)");
    }
  }
  sqlite::OpenOptions options;
  options.mode = sqlite::OpenOptions::Mode::kReadWrite;
  options.busy_timeout_ms = 60'000;
  options.max_value_bytes = 1 << 30;
  auto connection = sqlite::Connection::open(path, options);
  if (!connection) return core::fail(connection.error());
  // A run of 137,000 findings is one transaction of 27 MB. With SQLite's default 2 MiB page
  // cache its pages were read again and spilled; with statement journals in a temporary file,
  // every upserted row wrote a page there (137,000 writes of 4 KiB): a page cache of up to
  // 64 MiB (allocated as used) and temporary data in memory.
  if (auto wal = connection->exec(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
          "PRAGMA temp_store=MEMORY;",
          "setting WAL mode");
      !wal) {
    return core::fail(wal.error());
  }
  return std::unique_ptr<Backend>(
      std::make_unique<sqlite_detail::SqliteBackend>(std::move(*connection), path));
}

}  // namespace hardock::store::detail
