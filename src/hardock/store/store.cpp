#include "hardock/store/store.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "hardock/store/backend.h"
#include "hardock/store/sql_store.h"

namespace hardock::store {

std::string_view to_string(RunKind kind) {
  switch (kind) {
    case RunKind::kAudit:
      return "audit";
    case RunKind::kImage:
      return "image";
    case RunKind::kLint:
      return "lint";
    case RunKind::kHarden:
      return "harden";
    case RunKind::kRollback:
      return "rollback";
  }
  return "audit";
}

core::Result<RunKind> parse_run_kind(std::string_view text) {
  for (const RunKind kind :
       {RunKind::kAudit, RunKind::kImage, RunKind::kLint, RunKind::kHarden, RunKind::kRollback}) {
    if (text == to_string(kind)) return kind;
  }
  std::string shown(text.substr(0, 40));
  for (auto& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return core::fail(
      core::ErrorCode::kInvalidArgument,
      "unknown run kind '" + shown + "' (expected audit, image, lint, harden or rollback)");
}

std::string default_location() {
  if (geteuid() == 0) return "/var/lib/hardock/hardock.db";
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/hardock/hardock.db";
  const char* home = std::getenv("HOME");
  std::string base;
  if (home != nullptr && home[0] == '/') {
    base = home;
  } else if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_dir != nullptr) {
    base = pw->pw_dir;
  }
  if (base.empty()) base = "/tmp";
  return base + "/.local/share/hardock/hardock.db";
}

namespace detail {

bool is_postgres_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

core::Result<std::unique_ptr<Backend>> open_backend(std::string_view location) {
  if (is_postgres_url(location)) return open_postgres(std::string(location));
  std::string path(location);
  if (path.starts_with("sqlite:")) path.erase(0, 7);
  if (path.empty()) path = default_location();
  if (path.find('\0') != std::string::npos) {
    return core::fail(core::ErrorCode::kInvalidArgument, "store path holds a NUL byte");
  }
  if (path.find("://") != std::string::npos) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "store '" + redact_url(path) +
                          "': not a file path, and only postgresql:// or postgres:// URLs are "
                          "understood");
  }
  return open_sqlite(path);
}

}  // namespace detail

core::Result<std::unique_ptr<Store>> open_store(std::string_view location) {
  auto backend = detail::open_backend(location);
  if (!backend) {
    const std::string shown = detail::is_postgres_url(location)
                                  ? detail::redact_url(location)
                                  : (location.empty() ? default_location() : std::string(location));
    // The backend's messages name the location already when they come from the database.
    if (backend.error().to_string().find(shown) != std::string::npos) {
      return core::fail(backend.error().with_context("store"));
    }
    return core::fail(backend.error().with_context("store " + shown));
  }
  if (auto migrated = detail::migrate(**backend); !migrated) {
    return core::fail(migrated.error().with_context("store " + (*backend)->describe()));
  }
  return detail::make_sql_store(std::move(*backend));
}

}  // namespace hardock::store
