// The PostgreSQL backend (libpq): one database for a fleet, written by many hosts at once.
// Parameters go out of line (PQexecParams), never spliced into SQL; the URL's credentials never
// appear in a message.
#include <libpq-fe.h>

#include <cstring>
#include <utility>

#include "hardock/store/backend.h"

namespace hardock::store::detail {
namespace postgres_detail {

constexpr unsigned kByteaOid = 17;

struct ResultFree {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultFree>;

// libpq's messages end with a newline and may span lines: one line.
std::string one_line(const char* message) {
  std::string out = message == nullptr ? "" : message;
  for (auto& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// `?` placeholders to $1, $2 ... (outside quotes; the store's SQL has no `?` in literals).
std::string numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool quoted = false;
  for (const char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class PostgresBackend final : public Backend {
 public:
  PostgresBackend(PGconn* conn, std::string shown) : conn_(conn), shown_(std::move(shown)) {}
  PostgresBackend(const PostgresBackend&) = delete;
  PostgresBackend& operator=(const PostgresBackend&) = delete;
  ~PostgresBackend() override { PQfinish(conn_); }

  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }

  core::Result<void> exec(std::string_view sql) override {
    const std::string text(sql);
    ResultPtr result(PQexec(conn_, text.c_str()));
    return check(result.get(), "running a statement");
  }

  core::Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params,
                                       std::size_t max_rows) override {
    const std::string text = numbered(sql);
    std::vector<std::string> owned(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto& param = params[i];
      if (std::holds_alternative<Null>(param)) continue;
      if (const auto* n = std::get_if<std::int64_t>(&param)) {
        owned[i] = std::to_string(*n);
      } else if (const auto* t = std::get_if<std::string_view>(&param)) {
        // Text parameters must not hold NUL bytes (PostgreSQL text cannot).
        if (t->find('\0') != std::string_view::npos) {
          return core::fail(core::ErrorCode::kInvalidArgument,
                            "a text value holds a NUL byte; PostgreSQL cannot store it");
        }
        owned[i] = std::string(*t);
      } else {
        owned[i] = std::string(std::get<Blob>(param).bytes);
        formats[i] = 1;
      }
      values[i] = owned[i].data();
      lengths[i] = static_cast<int>(owned[i].size());
    }
    ResultPtr result(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                                  values.data(), lengths.data(), formats.data(), 0));
    if (auto ok = check(result.get(), "running a statement"); !ok) return core::fail(ok.error());
    const int rows = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    if (static_cast<std::size_t>(rows) > max_rows) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        "more than " + std::to_string(max_rows) + " rows, not read");
    }
    std::vector<Row> out(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      auto& row = out[static_cast<std::size_t>(r)];
      row.resize(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result.get(), r, c) != 0) continue;
        const char* value = PQgetvalue(result.get(), r, c);
        const auto length = static_cast<std::size_t>(PQgetlength(result.get(), r, c));
        std::string_view text_value(value, length);
        if (PQftype(result.get(), c) == kByteaOid) {
          auto bytes = unhex(text_value);
          if (!bytes) return core::fail(bytes.error());
          row[static_cast<std::size_t>(c)] = std::move(*bytes);
        } else {
          row[static_cast<std::size_t>(c)] = std::string(text_value);
        }
      }
    }
    return out;
  }

  core::Result<void> begin(bool write) override {
    return exec(write ? "BEGIN" : "BEGIN READ ONLY");
  }
  core::Result<void> commit() override { return exec("COMMIT"); }
  void rollback() override { (void)exec("ROLLBACK"); }
  core::Result<void> lock_for_migration() override {
    // One key for hardock's schema: every migrating client of this database waits here.
    return exec("SELECT pg_advisory_xact_lock(7240123405)");
  }

  [[nodiscard]] std::string describe() const override { return shown_; }

 private:
  core::Result<void> check(PGresult* result, std::string_view what) {
    const auto status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
    const char* message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    core::ErrorCode code = core::ErrorCode::kIo;
    if (PQstatus(conn_) != CONNECTION_OK) code = core::ErrorCode::kConnectionDropped;
    if (state != nullptr && std::strncmp(state, "42501", 5) == 0) {
      code = core::ErrorCode::kPermissionDenied;
    }
    return core::fail(code, std::string(what) + ": " + one_line(message));
  }

  static core::Result<std::string> unhex(std::string_view text) {
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
      return core::fail(core::ErrorCode::kProtocol, "unexpected bytea encoding from the server");
    }
    std::string out;
    out.reserve((text.size() - 2) / 2);
    for (std::size_t i = 2; i < text.size(); i += 2) {
      const int hi = hex_value(text[i]);
      const int lo = hex_value(text[i + 1]);
      if (hi < 0 || lo < 0) {
        return core::fail(core::ErrorCode::kProtocol, "unexpected bytea encoding from the server");
      }
      out += static_cast<char>((hi << 4) | lo);
    }
    return out;
  }

  PGconn* conn_;
  std::string shown_;
};

}  // namespace postgres_detail

std::string redact_url(std::string_view url) {
  std::string out(url);
  // scheme://user:password@host -> scheme://***@host
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto start = scheme + 3;
    const auto end_of_authority = out.find_first_of("/?#", start);
    const auto at =
        out.rfind('@', end_of_authority == std::string::npos ? out.size() : end_of_authority);
    if (at != std::string::npos && at >= start) out.replace(start, at - start, "***");
  }
  // ?password=... and &password=... (libpq takes connection parameters in the query too).
  for (std::size_t pos = 0; (pos = out.find("password=", pos)) != std::string::npos;) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&') {
      pos += 9;
      continue;
    }
    const auto value = pos + 9;
    const auto end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
    pos = value + 3;
  }
  return out;
}

core::Result<std::unique_ptr<Backend>> open_postgres(const std::string& url) {
  const std::string shown = redact_url(url);
  // The URL's own connect_timeout wins; otherwise 10 s.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "hardock", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) return core::fail(core::ErrorCode::kInternal, "libpq: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq's message names the host and the reason, never the password.
    std::string message = postgres_detail::one_line(PQerrorMessage(conn));
    PQfinish(conn);
    return core::fail(core::ErrorCode::kConnectionFailed, shown + ": cannot connect: " + message);
  }
  auto backend = std::make_unique<postgres_detail::PostgresBackend>(conn, shown);
  // Quiet NOTICEs (CREATE ... IF NOT EXISTS) and UTC text times.
  if (auto set = backend->exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'"); !set) {
    return core::fail(set.error());
  }
  return std::unique_ptr<Backend>(std::move(backend));
}

}  // namespace hardock::store::detail
