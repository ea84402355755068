#include "hardock/image_cache/analysis_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>

#include "hardock/image/analyzer.h"
#include "hardock/io/escape.h"
#include "hardock/io/file_write.h"
#include "hardock/io/unique_fd.h"
#include "hardock/sqlite/database.h"

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

namespace analysis_cache_store {

// Virtual machine steps (in thousands) before a statement is ended: 2e8 steps, about a second.
// A real lookup or store takes a handful; a schema planted to make one run forever is stopped.
constexpr long kMaxThousandSteps = 200'000;

// A file that is no database, a corrupt one or one whose schema is not ours: starting afresh is
// the only repair, and a cache may always start afresh. sqlite::Connection reports all of them
// as kMalformedInput.
bool is_corrupt(const core::Error& error) { return error.code == core::ErrorCode::kMalformedInput; }

}  // namespace analysis_cache_store

struct AnalysisCache::State {
  io::Directory directory;
  std::string path;
  std::string version;
  std::optional<sqlite::Connection> db;

  explicit State(io::Directory dir) : directory(std::move(dir)) {}

  // Opens the file with the attacker-controlled-database settings, and creates or checks the
  // table.
  core::Result<void> connect() {
    using namespace analysis_cache_store;
    sqlite::OpenOptions options;
    options.mode = sqlite::OpenOptions::Mode::kReadWrite;
    options.max_value_bytes = static_cast<int>(kMaxAnalysisBytes + (1 << 20));
    options.max_thousand_steps = kMaxThousandSteps;
    auto opened = sqlite::Connection::open(path, options);
    if (!opened) return core::fail(opened.error());
    db.emplace(std::move(*opened));
    const std::string table =
        std::string("analyses(image_id TEXT NOT NULL, version TEXT NOT NULL, ") +
        "data BLOB NOT NULL, PRIMARY KEY (image_id, version))";
    if (auto created = db->exec("CREATE TABLE IF NOT EXISTS " + table, "cannot create the table");
        !created) {
      return created;
    }
    // The schema must be exactly ours: a planted view, trigger, index or other table (or other
    // columns) makes the file someone else's, and it is replaced.
    auto check = db->prepare(
        "SELECT count(*) FROM sqlite_schema WHERE NOT ((type = 'table' "
        "AND name = 'analyses' AND sql = ?1) OR (type = 'index' AND "
        "name = 'sqlite_autoindex_analyses_1' AND sql IS NULL))");
    if (!check) return core::fail(check.error());
    check->bind(1, "CREATE TABLE " + table);
    auto row = check->step();
    if (!row) return core::fail(row.error());
    if (!*row) {
      return core::fail(core::ErrorCode::kIo, path + ": cannot read the schema");
    }
    if (check->integer(0) != 0) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        path + ": its schema is not the image cache's");
    }
    return {};
  }

  void disconnect() { db.reset(); }

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
    auto transaction = sqlite::Transaction::begin(*db);
    if (!transaction) return core::fail(transaction.error());
    auto remove = db->prepare("DELETE FROM analyses WHERE image_id = ?1");
    if (!remove) return core::fail(remove.error());
    if (auto removed = remove->bind_static(1, image_id).run(); !removed) return removed;
    auto insert = db->prepare("INSERT INTO analyses(image_id, version, data) VALUES (?1, ?2, ?3)");
    if (!insert) return core::fail(insert.error());
    insert->bind_static(1, image_id).bind_static(2, version).bind_blob(3, record);
    if (auto inserted = insert->run(); !inserted) return inserted;
    return transaction->commit();
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
  // The size first (SQLite reads it from the row header): an oversized value is refused
  // without being read.
  auto select = state_->db->prepare(
      "SELECT typeof(data), length(data), CASE WHEN length(data) <= ?3 THEN data END "
      "FROM analyses WHERE image_id = ?1 AND version = ?2");
  if (!select) return core::fail(select.error());
  select->bind_static(1, image_id)
      .bind_static(2, state_->version)
      .bind(3, static_cast<std::int64_t>(kMaxAnalysisBytes));
  auto row = select->step();
  if (!row) return core::fail(row.error());
  if (!*row) return std::optional<ImageAnalysis>{};
  if (select->text(0) != "blob") {
    return core::fail(core::ErrorCode::kMalformedInput, "cached analysis: not a record");
  }
  const std::int64_t length = select->integer(1);
  if (length < 0 || static_cast<uint64_t>(length) > kMaxAnalysisBytes) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      "cached analysis: " + std::to_string(length) + " bytes, over the " +
                          std::to_string(kMaxAnalysisBytes >> 20) + " MiB cap");
  }
  auto decoded = decode_analysis(select->blob(2), image_id, state_->version);
  if (!decoded) return core::fail(decoded.error());
  return std::optional<ImageAnalysis>(std::move(*decoded));
}

core::Result<void> AnalysisCache::store(const std::string& image_id, const ImageTree& tree,
                                        const Inventory& inventory) {
  auto record = encode_analysis(image_id, state_->version, tree, inventory);
  if (!record) return core::fail(record.error());
  auto stored = state_->store_once(image_id, *record);
  if (!stored && analysis_cache_store::is_corrupt(stored.error())) {
    // The file broke since it was opened (truncated, overwritten): start afresh, once.
    if (auto reset = state_->reset(); !reset) return reset;
    stored = state_->store_once(image_id, *record);
  }
  return stored;
}

AnalysisCache::AnalysisCache(std::unique_ptr<State> state) : state_(std::move(state)) {}
AnalysisCache::AnalysisCache(AnalysisCache&& other) noexcept = default;
AnalysisCache& AnalysisCache::operator=(AnalysisCache&& other) noexcept = default;
AnalysisCache::~AnalysisCache() = default;

const std::string& AnalysisCache::path() const { return state_->path; }

}  // namespace hardock::image_cache
