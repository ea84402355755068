#include "hardock/image_cache/analysis_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "hardock/image/analyzer.h"
#include "hardock/io/escape.h"
#include "hardock/io/file_write.h"
#include "hardock/io/unique_fd.h"

#ifdef HARDOCK_HAVE_SQLITE
#include <sqlite3.h>
#endif

namespace hardock::image_cache {

using image::ImageTree;
using image::Inventory;
namespace analysis_cache_store {

// The layer walk, the secret scan (and the rules of secrets/ it runs) and the record layout:
// bump when any of them would change what is stored for the same image. The analyzers carry
// their own versions, which analysis_version() lists.
constexpr int kWalkVersion = 1;
constexpr const char* kFileName = "images.db";

bool is_lower_hex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

tl::unexpected<core::Error> errno_error(const std::string& what, int error) {
  return core::fail(
      error == EACCES || error == EPERM ? core::ErrorCode::kPermissionDenied : core::ErrorCode::kIo,
      what + ": " + std::strerror(error));
}

// The cache directory (or file) must be this user's: another user who can write it chooses the
// findings of every cached image. A looser mode than `mode` on what is ours is tightened.
core::Result<void> own_with_mode(int fd, const std::string& shown, mode_t mode) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return errno_error("cannot stat " + shown, errno);
  if (info.st_uid != ::geteuid()) {
    return core::fail(core::ErrorCode::kPermissionDenied,
                      shown + " belongs to uid " + std::to_string(info.st_uid) +
                          ", not to this user (uid " + std::to_string(::geteuid()) +
                          "): not used, since its owner could choose the findings");
  }
  if ((info.st_mode & 07777) != mode && ::fchmod(fd, mode) != 0) {
    return errno_error("cannot set the mode of " + shown, errno);
  }
  return {};
}

// Creates DIR/images.db (0600) if absent, never through a link planted in its place, and checks
// it is a regular file of this user's.
core::Result<void> prepare_file(const io::Directory& directory, const std::string& shown) {
  io::UniqueFd fd(::openat(directory.fd(), kFileName,
                           O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
                           0600));
  if (!fd.valid()) {
    if (errno == ELOOP) {
      return core::fail(core::ErrorCode::kInvalidArgument,
                        shown + " is a symbolic link: hardock does not follow it");
    }
    return errno_error("cannot open " + shown, errno);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return errno_error("cannot stat " + shown, errno);
  if (!S_ISREG(info.st_mode)) {
    return core::fail(core::ErrorCode::kInvalidArgument, shown + " is not a regular file");
  }
  return own_with_mode(fd.get(), shown, 0600);
}

}  // namespace analysis_cache_store

core::Result<std::string> default_cache_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/hardock";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::string(home) + "/.cache/hardock";
  return core::fail(core::ErrorCode::kNotFound,
                    "neither XDG_CACHE_HOME nor HOME is set to an absolute path");
}

std::string analysis_version(std::string_view tool_version, const image::LayerLimits& limits) {
  std::string version = "hardock " + std::string(tool_version) + "; walk " +
                        std::to_string(analysis_cache_store::kWalkVersion);
  for (const image::Analyzer* analyzer : image::all_analyzers()) {
    version += "; " + std::string(analyzer->name()) + " " + std::to_string(analyzer->version());
  }
  version += "; limits " + std::to_string(limits.max_uncompressed_bytes) + "/" +
             std::to_string(limits.max_ratio) + "/" + std::to_string(limits.max_entries) + "/" +
             std::to_string(limits.max_file_bytes);
  return version;
}

bool cacheable_image_id(std::string_view id) {
  constexpr std::string_view kPrefix = "sha256:";
  return id.size() == kPrefix.size() + 64 && id.starts_with(kPrefix) &&
         analysis_cache_store::is_lower_hex(id.substr(kPrefix.size()));
}

#ifndef HARDOCK_HAVE_SQLITE

struct AnalysisCache::State {
  std::string path;
};

core::Result<AnalysisCache> AnalysisCache::open(const std::string&, std::string,
                                                std::vector<std::string>&) {
  return core::fail(core::ErrorCode::kUnsupportedVersion,
                    "this hardock was built without SQLite (libsqlite3-dev): no image cache");
}

core::Result<std::optional<ImageAnalysis>> AnalysisCache::load(const std::string&) {
  return std::optional<ImageAnalysis>{};
}

core::Result<void> AnalysisCache::store(const std::string&, const ImageTree&, const Inventory&) {
  return {};
}

#else

namespace analysis_cache_store {

constexpr int kBusyTimeoutMs = 10'000;
// Virtual machine steps between progress callbacks, and callbacks before a statement is ended
// (2e8 steps, about a second): a real lookup or store takes a handful; a schema planted to make
// one run forever is stopped.
constexpr int kStepsPerCallback = 1000;
constexpr long kMaxCallbacks = 200'000;

int progress(void* counter) {
  long& callbacks = *static_cast<long*>(counter);
  return ++callbacks > kMaxCallbacks ? 1 : 0;
}

// SQLITE_NOTADB and SQLITE_CORRUPT: the file is not (or no longer) a database; starting afresh
// is the only repair, and a cache may always start afresh.
bool is_corrupt(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT;
}

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

}  // namespace analysis_cache_store

struct AnalysisCache::State {
  io::Directory directory;
  std::string path;
  std::string version;
  sqlite3* db = nullptr;
  long callbacks = 0;
  int last_code = SQLITE_OK;

  explicit State(io::Directory dir) : directory(std::move(dir)) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() { sqlite3_close(db); }

  tl::unexpected<core::Error> error(const std::string& what, int code) {
    last_code = code;
    const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    return core::fail(analysis_cache_store::is_corrupt(code) ? core::ErrorCode::kMalformedInput
                                                             : core::ErrorCode::kIo,
                      path + ": " + what + ": " + io::one_line(detail));
  }

  // Runs `sql`; an error says `what` failed (the SQL itself would make a long warning).
  core::Result<void> exec(const char* sql, const char* what) {
    callbacks = 0;
    const int code = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) return error(what, code);
    return {};
  }

  core::Result<void> prepare(analysis_cache_store::Statement& statement, const char* sql) {
    const int code = sqlite3_prepare_v2(db, sql, -1, &statement.handle(), nullptr);
    if (code != SQLITE_OK) return error("cannot prepare a statement", code);
    return {};
  }

  // Opens the file with the attacker-controlled-database settings, and creates or checks the
  // table.
  core::Result<void> connect() {
    using namespace analysis_cache_store;
    const int opened = sqlite3_open_v2(
        path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
        nullptr);
    if (opened != SQLITE_OK) return error("cannot open", opened);
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    for (int option : {SQLITE_DBCONFIG_ENABLE_TRIGGER, SQLITE_DBCONFIG_ENABLE_VIEW,
                       SQLITE_DBCONFIG_TRUSTED_SCHEMA}) {
      sqlite3_db_config(db, option, 0, nullptr);
    }
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, static_cast<int>(kMaxAnalysisBytes + (1 << 20)));
    sqlite3_progress_handler(db, kStepsPerCallback, progress, &callbacks);
    const std::string table =
        std::string("analyses(image_id TEXT NOT NULL, version TEXT NOT NULL, ") +
        "data BLOB NOT NULL, PRIMARY KEY (image_id, version))";
    if (auto created =
            exec(("CREATE TABLE IF NOT EXISTS " + table).c_str(), "cannot create the table");
        !created) {
      return created;
    }
    // The schema must be exactly ours: a planted view, trigger, index or other table (or other
    // columns) makes the file someone else's, and it is replaced.
    Statement check;
    if (auto prepared = prepare(check,
                                "SELECT count(*) FROM sqlite_schema WHERE NOT ((type = 'table' "
                                "AND name = 'analyses' AND sql = ?1) OR (type = 'index' AND "
                                "name = 'sqlite_autoindex_analyses_1' AND sql IS NULL))");
        !prepared) {
      return prepared;
    }
    const std::string expected = "CREATE TABLE " + table;
    sqlite3_bind_text(check.handle(), 1, expected.data(), static_cast<int>(expected.size()),
                      SQLITE_STATIC);
    callbacks = 0;
    const int code = sqlite3_step(check.handle());
    if (code != SQLITE_ROW) return error("cannot read the schema", code);
    if (sqlite3_column_int64(check.handle(), 0) != 0) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        path + ": its schema is not the image cache's");
    }
    return {};
  }

  void disconnect() {
    sqlite3_close(db);
    db = nullptr;
  }

  // Replaces a file that is no usable database by an empty one.
  core::Result<void> reset() {
    disconnect();
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      const std::string name = std::string(analysis_cache_store::kFileName) + suffix;
      if (::unlinkat(directory.fd(), name.c_str(), 0) != 0 && errno != ENOENT) {
        return analysis_cache_store::errno_error("cannot remove " + directory.path() + "/" + name,
                                                 errno);
      }
    }
    if (auto prepared = analysis_cache_store::prepare_file(directory, path); !prepared) {
      return prepared;
    }
    return connect();
  }

  core::Result<void> store_once(const std::string& image_id, const std::string& record) {
    using analysis_cache_store::Statement;
    if (auto begun = exec("BEGIN IMMEDIATE", "cannot start a transaction"); !begun) return begun;
    auto written = [&]() -> core::Result<void> {
      Statement remove;
      if (auto prepared = prepare(remove, "DELETE FROM analyses WHERE image_id = ?1"); !prepared) {
        return prepared;
      }
      sqlite3_bind_text(remove.handle(), 1, image_id.data(), static_cast<int>(image_id.size()),
                        SQLITE_STATIC);
      callbacks = 0;
      if (const int code = sqlite3_step(remove.handle()); code != SQLITE_DONE) {
        return error("cannot replace the entry", code);
      }
      Statement insert;
      if (auto prepared =
              prepare(insert, "INSERT INTO analyses(image_id, version, data) VALUES (?1, ?2, ?3)");
          !prepared) {
        return prepared;
      }
      sqlite3_bind_text(insert.handle(), 1, image_id.data(), static_cast<int>(image_id.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert.handle(), 2, version.data(), static_cast<int>(version.size()),
                        SQLITE_STATIC);
      sqlite3_bind_blob(insert.handle(), 3, record.data(), static_cast<int>(record.size()),
                        SQLITE_STATIC);
      callbacks = 0;
      if (const int code = sqlite3_step(insert.handle()); code != SQLITE_DONE) {
        return error("cannot store the entry", code);
      }
      return exec("COMMIT", "cannot commit");
    }();
    if (!written) {
      const int code = last_code;
      (void)exec("ROLLBACK", "cannot roll back");
      last_code = code;
    }
    return written;
  }
};

core::Result<AnalysisCache> AnalysisCache::open(const std::string& dir, std::string version,
                                                std::vector<std::string>& notes) {
  using namespace analysis_cache_store;
  auto directory = io::Directory::open_or_create(dir, 0700);
  if (!directory) return core::fail(directory.error());
  if (auto owned = own_with_mode(directory->fd(), directory->path(), 0700); !owned) {
    return core::fail(owned.error());
  }
  auto state = std::make_unique<State>(std::move(*directory));
  state->path = state->directory.path() + "/" + kFileName;
  state->version = std::move(version);
  if (auto prepared = prepare_file(state->directory, state->path); !prepared) {
    return core::fail(prepared.error());
  }
  if (auto connected = state->connect(); !connected) {
    // Not a database, a corrupt one, or one whose table is not ours: a cache starts afresh.
    if (connected.error().code != core::ErrorCode::kMalformedInput) {
      return core::fail(connected.error());
    }
    if (auto reset = state->reset(); !reset) return core::fail(reset.error());
    notes.push_back(connected.error().message + "; replaced by an empty cache");
  }
  return AnalysisCache(std::move(state));
}

core::Result<std::optional<ImageAnalysis>> AnalysisCache::load(const std::string& image_id) {
  using analysis_cache_store::Statement;
  // The size first (SQLite reads it from the row header): an oversized value is refused
  // without being read.
  Statement select;
  if (auto prepared = state_->prepare(
          select,
          "SELECT typeof(data), length(data), CASE WHEN length(data) <= ?3 THEN data END "
          "FROM analyses WHERE image_id = ?1 AND version = ?2");
      !prepared) {
    return core::fail(prepared.error());
  }
  sqlite3_bind_text(select.handle(), 1, image_id.data(), static_cast<int>(image_id.size()),
                    SQLITE_STATIC);
  sqlite3_bind_text(select.handle(), 2, state_->version.data(),
                    static_cast<int>(state_->version.size()), SQLITE_STATIC);
  sqlite3_bind_int64(select.handle(), 3, static_cast<sqlite3_int64>(kMaxAnalysisBytes));
  state_->callbacks = 0;
  const int code = sqlite3_step(select.handle());
  if (code == SQLITE_DONE) return std::optional<ImageAnalysis>{};
  if (code != SQLITE_ROW) return state_->error("cannot read the entry", code);
  const auto* type = sqlite3_column_text(select.handle(), 0);
  if (type == nullptr || std::string_view(reinterpret_cast<const char*>(type)) != "blob") {
    return core::fail(core::ErrorCode::kMalformedInput, "cached analysis: not a record");
  }
  const sqlite3_int64 length = sqlite3_column_int64(select.handle(), 1);
  if (length < 0 || static_cast<uint64_t>(length) > kMaxAnalysisBytes) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      "cached analysis: " + std::to_string(length) + " bytes, over the " +
                          std::to_string(kMaxAnalysisBytes >> 20) + " MiB cap");
  }
  const void* data = sqlite3_column_blob(select.handle(), 2);
  const int size = sqlite3_column_bytes(select.handle(), 2);
  const std::string_view bytes(static_cast<const char*>(data),
                               data == nullptr ? 0 : static_cast<std::size_t>(size));
  auto decoded = decode_analysis(bytes, image_id, state_->version);
  if (!decoded) return core::fail(decoded.error());
  return std::optional<ImageAnalysis>(std::move(*decoded));
}

core::Result<void> AnalysisCache::store(const std::string& image_id, const ImageTree& tree,
                                        const Inventory& inventory) {
  auto record = encode_analysis(image_id, state_->version, tree, inventory);
  if (!record) return core::fail(record.error());
  auto stored = state_->store_once(image_id, *record);
  if (!stored && analysis_cache_store::is_corrupt(state_->last_code)) {
    // The file broke since it was opened (truncated, overwritten): start afresh, once.
    if (auto reset = state_->reset(); !reset) return reset;
    stored = state_->store_once(image_id, *record);
  }
  return stored;
}

#endif

AnalysisCache::AnalysisCache(std::unique_ptr<State> state) : state_(std::move(state)) {}
AnalysisCache::AnalysisCache(AnalysisCache&& other) noexcept = default;
AnalysisCache& AnalysisCache::operator=(AnalysisCache&& other) noexcept = default;
AnalysisCache::~AnalysisCache() = default;

const std::string& AnalysisCache::path() const { return state_->path; }

}  // namespace hardock::image_cache
