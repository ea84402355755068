#include "hardock/vulndb/import.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <filesystem>

#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/io/unique_fd.h"
#include "hardock/vulndb/alpine_secdb.h"
#include "hardock/vulndb/debian_releases.h"
#include "hardock/vulndb/debian_tracker.h"
#include "hardock/vulndb/osv_import.h"
#include "hardock/vulndb/package_index.h"
#include "hardock/vulndb/pipelined_sink.h"
#include "hardock/vulndb/security_support.h"

namespace hardock::vulndb {
namespace import_detail {

std::string base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// The name the file goes by: the target's name when the path is a link to a file
// (security-support-ended -> security-support-ended.deb12), else its own.
std::string effective_name(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_symlink(path, error)) {
    auto target = std::filesystem::canonical(path, error);
    if (!error) return target.filename().string();
  }
  return base_name(path);
}

// The release of an unsuffixed list, as the package installs them: the lists in
// /usr/share/debian-security-support/ are for the release whose security-support-ended.debNN
// the unsuffixed security-support-ended link points to. Empty when there is no such link.
std::string sibling_release(const std::string& path) {
  const std::filesystem::path sibling =
      std::filesystem::path(path).parent_path() / "security-support-ended";
  std::error_code error;
  if (!std::filesystem::is_symlink(sibling, error)) return {};
  const auto target = std::filesystem::read_symlink(sibling, error);
  if (error) return {};
  const auto list = support_list_name(target.filename().string());
  return list && list->release ? *list->release : std::string();
}

// Up to `size` bytes from the start of the regular file at `path`.
core::Result<std::string> head(const std::string& path, std::size_t size) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return core::fail(io::file_error(path, errno).to_error());
  if (auto regular = io::check_regular(info, path, ~std::size_t{0}); !regular) {
    return core::fail(regular.error().to_error());
  }
  io::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) return core::fail(io::file_error(path, errno).to_error());
  std::string out(size, '\0');
  std::size_t got = 0;
  while (got < size) {
    const ssize_t count = ::read(fd.get(), out.data() + got, size - got);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return core::fail(io::file_error(path, errno).to_error());
    if (count == 0) break;
    got += static_cast<std::size_t>(count);
  }
  out.resize(got);
  return out;
}

// The first key of the JSON object `text` starts with (after whitespace and a BOM); nullopt
// when it does not start with an object and a key.
std::optional<std::string> first_key(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t at = 0;
  const auto skip_space = [&] {
    while (at < text.size() &&
           (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) {
      ++at;
    }
  };
  skip_space();
  if (at >= text.size() || text[at] != '{') return std::nullopt;
  ++at;
  skip_space();
  if (at >= text.size() || text[at] != '"') return std::nullopt;
  std::string key;
  for (++at; at < text.size() && text[at] != '"'; ++at) {
    if (text[at] == '\\') ++at;
    if (at < text.size()) key += text[at];
  }
  if (at >= text.size()) return std::nullopt;
  return key;
}

}  // namespace import_detail

std::string_view to_string(FeedFormat format) {
  switch (format) {
    case FeedFormat::kOsvRecord:
      return "osv";
    case FeedFormat::kOsvDirectory:
      return "osv-dir";
    case FeedFormat::kOsvZip:
      return "osv-zip";
    case FeedFormat::kDebianTracker:
      return "debian-tracker";
    case FeedFormat::kAlpineSecdb:
      return "alpine-secdb";
    case FeedFormat::kAptPackages:
      return "apt-packages";
    case FeedFormat::kApkIndex:
      return "apkindex";
    case FeedFormat::kSecuritySupport:
      return "security-support";
  }
  return "unknown";
}

core::Result<FeedFormat> detect_format(const std::string& path, bool packages) {
  using namespace import_detail;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return core::fail(io::file_error(path, errno).to_error());
  const std::string name = effective_name(path);
  if (S_ISDIR(info.st_mode)) {
    if (packages) {
      return core::fail(core::ErrorCode::kInvalidArgument,
                        path + ": a directory; --packages takes index files");
    }
    return FeedFormat::kOsvDirectory;
  }
  if (name.find("APKINDEX") != std::string::npos) return FeedFormat::kApkIndex;
  if (packages || name.find("Packages") != std::string::npos) return FeedFormat::kAptPackages;
  if (support_list_name(name)) return FeedFormat::kSecuritySupport;
  auto start = head(path, 64 * 1024);
  if (!start) return core::fail(start.error());
  if (start->starts_with("PK\x03\x04") || start->starts_with("PK\x05\x06")) {
    return FeedFormat::kOsvZip;
  }
  if (auto key = first_key(*start)) {
    static constexpr std::array<std::string_view, 16> kOsvKeys{
        "schema_version",    "id",       "modified",   "published",         "withdrawn",
        "aliases",           "related",  "upstream",   "summary",           "details",
        "severity",          "affected", "references", "database_specific", "credits",
        "ecosystem_specific"};
    static constexpr std::array<std::string_view, 6> kSecdbKeys{
        "apkurl", "archs", "reponame", "urlprefix", "distroversion", "packages"};
    for (std::string_view osv_key : kOsvKeys) {
      if (*key == osv_key) return FeedFormat::kOsvRecord;
    }
    for (std::string_view secdb_key : kSecdbKeys) {
      if (*key == secdb_key) return FeedFormat::kAlpineSecdb;
    }
    if (start->find("\"releases\"") != std::string::npos) return FeedFormat::kDebianTracker;
  }
  return core::fail(core::ErrorCode::kInvalidArgument,
                    path +
                        ": not a feed hardock knows (OSV JSON or zip, Debian tracker JSON, "
                        "Alpine secdb JSON; package indexes with --packages)");
}

namespace import_detail {

core::Result<IndexContext> apt_context(const ImportRequest& request) {
  IndexContext context{request.release, request.suite, request.path};
  if (context.suite.empty()) {
    const std::string name = base_name(request.path);
    if (const std::size_t dists = name.find("_dists_"); dists != std::string::npos) {
      const std::size_t start = dists + 7;
      context.suite = name.substr(start, name.find('_', start) - start);
    } else if (const std::size_t at = request.path.find("/dists/"); at != std::string::npos) {
      const std::size_t start = at + 7;
      context.suite = request.path.substr(start, request.path.find('/', start) - start);
    }
  }
  if (context.release.empty() && !context.suite.empty()) {
    if (auto release = debian_release_of_suite(context.suite)) context.release = *release;
  }
  if (context.release.empty() || context.suite.empty()) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      request.path + ": cannot tell the " +
                          (context.suite.empty() ? "suite" : "release of suite " + context.suite) +
                          " from the file name; give --release (e.g. Debian:12) and --suite");
  }
  return context;
}

core::Result<IndexContext> apk_context(const ImportRequest& request) {
  IndexContext context{request.release, request.suite, request.path};
  // .../v3.21/main/x86_64/APKINDEX.tar.gz
  std::vector<std::string> parts;
  for (const auto& part : std::filesystem::path(request.path).lexically_normal()) {
    parts.push_back(part.string());
  }
  for (std::size_t index = 0; index + 3 < parts.size(); ++index) {
    const std::string& part = parts[index];
    const bool release =
        part == "edge" || (part.size() > 1 && part[0] == 'v' &&
                           part.find_first_not_of("0123456789.", 1) == std::string::npos);
    if (!release) continue;
    if (context.release.empty()) context.release = "Alpine:" + part;
    if (context.suite.empty()) context.suite = part + "/" + parts[index + 1];
  }
  if (context.release.empty() || context.suite.empty()) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      request.path +
                          ": cannot tell the release and suite from the path; give --release "
                          "(e.g. Alpine:v3.21) and --suite (e.g. v3.21/main)");
  }
  return context;
}

}  // namespace import_detail

core::Result<ImportResult> import_feed(Database& database, const ImportRequest& request,
                                       std::int64_t now) {
  using namespace import_detail;
  ImportResult result;
  auto format = detect_format(request.path, request.packages);
  if (!format) return core::fail(format.error());
  result.format = *format;
  std::function<core::Result<void>(ImportSink&)> fill;
  const auto counted = [](auto read) {
    return [read](ImportSink& sink) -> core::Result<void> {
      auto done = read(sink);
      if (!done) return core::fail(done.error());
      return {};
    };
  };
  const auto osv = [&](auto read) {
    return [&result, read, path = request.path](ImportSink& sink) -> core::Result<void> {
      auto stats = read(sink);
      if (!stats) return core::fail(stats.error());
      // A directory or zip holding no record at all is not an empty feed but the wrong path
      // (a directory of other lists, say): refused, so that it never replaces a feed with
      // nothing.
      if (stats->records == 0 && stats->without_packages == 0) {
        return core::fail(core::ErrorCode::kMalformedInput,
                          path + ": no OSV record (*.json) in it; " +
                              std::to_string(stats->skipped) + " entries skipped");
      }
      result.skipped = stats->skipped;
      result.without_packages = stats->without_packages;
      return {};
    };
  };
  const std::string& path = request.path;
  switch (*format) {
    case FeedFormat::kOsvRecord:
      fill = osv([path](ImportSink& sink) { return read_osv_file(path, sink); });
      break;
    case FeedFormat::kOsvDirectory:
      fill = osv([path](ImportSink& sink) { return read_osv_directory(path, sink); });
      break;
    case FeedFormat::kOsvZip:
      fill = osv([path](ImportSink& sink) { return read_osv_zip(path, sink); });
      break;
    case FeedFormat::kDebianTracker:
      fill = counted([path](ImportSink& sink) { return read_debian_tracker(path, sink); });
      break;
    case FeedFormat::kAlpineSecdb:
      fill = counted([path](ImportSink& sink) { return read_alpine_secdb(path, sink); });
      break;
    case FeedFormat::kAptPackages:
    case FeedFormat::kApkIndex: {
      auto context = *format == FeedFormat::kApkIndex ? apk_context(request) : apt_context(request);
      if (!context) return core::fail(context.error());
      const bool apk = *format == FeedFormat::kApkIndex;
      fill = counted([path, apk, context = *context](ImportSink& sink) {
        return apk ? read_apkindex(path, context, sink) : read_apt_packages(path, context, sink);
      });
      break;
    }
    case FeedFormat::kSecuritySupport: {
      const auto list = support_list_name(effective_name(path));
      std::string release = request.release;
      if (release.empty() && list->release) release = *list->release;
      if (release.empty()) release = sibling_release(path);
      if (release.empty()) {
        return core::fail(core::ErrorCode::kInvalidArgument,
                          path +
                              ": no .debNN suffix to tell the release; give --release "
                              "(e.g. Debian:12)");
      }
      const SupportList support{list->ended, release, effective_name(path)};
      fill = counted(
          [path, support](ImportSink& sink) { return read_security_support(path, support, sink); });
      break;
    }
  }
  std::string source = request.source;
  if (source.empty()) {
    std::error_code error;
    auto absolute = std::filesystem::absolute(path, error);
    source = std::string(to_string(*format)) + ":" +
             (error ? path : absolute.lexically_normal().string());
    while (source.size() > 1 && source.back() == '/') source.pop_back();
  }
  // Reading on its own thread, storing on this one (pipelined_sink.h).
  const FeedReader read = std::move(fill);
  auto stored = database.replace_source(
      source, std::string(to_string(*format)),
      [&read](ImportSink& sink) { return read_pipelined(read, sink); }, now);
  if (!stored) return core::fail(stored.error());
  result.source = std::move(*stored);
  return result;
}

}  // namespace hardock::vulndb
