#include "hardock/lint/inputs.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>

#include "hardock/dockerfile/dockerfile.h"
#include "hardock/io/bounded_read.h"

namespace hardock::lint {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

bool ends_with_any(std::string_view name, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](std::string_view suffix) { return name.ends_with(suffix); });
}

bool compose_name(std::string_view name) {
  for (const std::string_view stem : {"compose", "docker-compose"}) {
    if (!name.starts_with(stem)) continue;
    const std::string_view rest = name.substr(stem.size());
    if (rest == ".yml" || rest == ".yaml") return true;
    // compose.override.yml, docker-compose.prod.yaml
    if (rest.starts_with('.') && ends_with_any(rest, {".yml", ".yaml"}) && rest.size() > 5) {
      return true;
    }
  }
  return false;
}

// Standard input, bounded like a file.
core::Result<std::string> read_stdin() {
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return core::fail(ErrorCode::kIo,
                        std::string("-: cannot read standard input: ") + std::strerror(errno));
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > dockerfile::kMaxFileBytes) {
      return core::fail(ErrorCode::kMalformedInput, "-: standard input is larger than " +
                                                        std::to_string(dockerfile::kMaxFileBytes) +
                                                        " bytes");
    }
  }
  return text;
}

// The files under `root` whose names say their kind, sorted, not yet read. Iterative: a stack of
// directories, depth and entries bounded; links are never followed.
core::Result<std::vector<LintFile>> walk(const std::string& root) {
  std::vector<std::pair<fs::path, std::size_t>> pending{{fs::path(root), 0}};
  std::vector<std::pair<std::string, FileKind>> found;
  std::size_t entries = 0;
  while (!pending.empty()) {
    auto [dir, depth] = std::move(pending.back());
    pending.pop_back();
    std::error_code error;
    fs::directory_iterator it(dir, fs::directory_options::none, error);
    if (error) {
      return core::fail(ErrorCode::kIo, dir.string() + ": cannot list: " + error.message());
    }
    for (; it != fs::directory_iterator(); it.increment(error)) {
      if (error) {
        return core::fail(ErrorCode::kIo, dir.string() + ": cannot list: " + error.message());
      }
      if (++entries > kMaxWalkEntries) {
        return core::fail(ErrorCode::kMalformedInput,
                          root + ": more than " + std::to_string(kMaxWalkEntries) +
                              " entries under it; name the files or a smaller directory");
      }
      const fs::path& entry = it->path();
      const std::string name = entry.filename().string();
      // The entry's type as the listing gave it (d_type), without an lstat per file where the
      // file system says it; a link is a link, never followed.
      const bool link = it->is_symlink(error);
      if (error) continue;  // vanished while listed
      if (link) continue;
      const bool directory = it->is_directory(error);
      if (error) continue;
      if (directory) {
        if (name == ".git" || name == "node_modules" || name == ".hg" || name == ".svn") continue;
        if (depth + 1 > kMaxWalkDepth) {
          return core::fail(ErrorCode::kMalformedInput, entry.string() + ": deeper than " +
                                                            std::to_string(kMaxWalkDepth) +
                                                            " directories below " + root);
        }
        pending.emplace_back(entry, depth + 1);
        continue;
      }
      const bool regular = it->is_regular_file(error);
      if (error || !regular) continue;  // sockets, FIFOs, devices
      if (const auto kind = kind_of_name(name)) found.emplace_back(entry.string(), *kind);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<LintFile> files;
  files.reserve(found.size());
  for (auto& [path, kind] : found) files.push_back({kind, std::move(path), {}});
  return files;
}

// Reads every file whose text is still to be read (`unread`), on a few threads: reading 10,000
// files took a tenth of a lint run on one core. The first file that cannot be read, in the
// order given, is the error, as when they were read one after the other.
core::Result<void> read_all(std::vector<LintFile>& files, const std::vector<bool>& unread) {
  std::vector<std::optional<core::Error>> errors(files.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t at = next++; at < files.size(); at = next++) {
      if (!unread[at]) continue;
      auto text = io::read_regular_file(files[at].path, dockerfile::kMaxFileBytes);
      if (text) {
        files[at].text = std::move(*text);
      } else {
        errors[at] = text.error().to_error();
      }
    }
  };
  const unsigned threads =
      files.size() < 64 ? 1U : std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
  std::vector<std::thread> workers;
  for (unsigned worker = 1; worker < threads; ++worker) workers.emplace_back(work);
  work();
  for (auto& worker : workers) worker.join();
  for (auto& error : errors) {
    if (error) return core::fail(std::move(*error));
  }
  return {};
}

}  // namespace

std::optional<FileKind> kind_of_name(std::string_view name) {
  if (compose_name(name)) return FileKind::kCompose;
  if (name == "Dockerfile" || name == "Containerfile" || name.starts_with("Dockerfile.") ||
      name.starts_with("Containerfile.") || ends_with_any(name, {".Dockerfile", ".dockerfile"})) {
    return FileKind::kDockerfile;
  }
  return std::nullopt;
}

core::Result<std::vector<LintFile>> gather(const std::vector<std::string>& paths) {
  std::vector<LintFile> files;
  std::vector<bool> unread;  // same index as files: read by read_all() once all are listed
  bool stdin_used = false;
  for (const std::string& path : paths) {
    if (path == "-") {
      if (stdin_used) {
        return core::fail(ErrorCode::kInvalidArgument, "-: standard input named twice");
      }
      stdin_used = true;
      auto text = read_stdin();
      if (!text) return core::fail(text.error());
      files.push_back({FileKind::kDockerfile, "-", std::move(*text)});
      unread.push_back(false);
      continue;
    }
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      return core::fail(ErrorCode::kNotFound, path + ": no such file or directory");
    }
    if (fs::is_directory(status)) {
      auto found = walk(path);
      if (!found) return core::fail(found.error());
      for (auto& file : *found) {
        files.push_back(std::move(file));
        unread.push_back(true);
      }
      continue;
    }
    const std::string name = fs::path(path).filename().string();
    files.push_back({kind_of_name(name).value_or(FileKind::kDockerfile), path, {}});
    unread.push_back(true);
  }
  if (auto read = read_all(files, unread); !read) return core::fail(read.error());
  return files;
}

}  // namespace hardock::lint
