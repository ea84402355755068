#include "hardock/docker/proc_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <optional>
#include <sstream>
#include <system_error>

namespace hardock::docker {
namespace {

using core::ErrorCode;
namespace fs = std::filesystem;

// Small pseudo-files report size 0, so read until EOF; cap what we keep.
std::optional<std::string> read_small_file(const std::string& path, size_t cap = 64 * 1024) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out;
  char buffer[4096];
  while (out.size() < cap) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return std::nullopt;
    }
    if (got == 0) break;
    out.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  if (out.size() > cap) out.resize(cap);
  return out;
}

bool parse_pid(std::string_view text, int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out > 0;
}

// Appends the pids of cgroup.procs in dir and its sub-cgroups.
bool collect_pids(const fs::path& dir, std::vector<int64_t>& pids) {
  auto top = read_small_file((dir / "cgroup.procs").string(), 16u << 20);
  if (!top) return false;
  auto add = [&](const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      int64_t value = 0;
      if (parse_pid(line, value)) pids.push_back(value);
    }
  };
  add(*top);
  std::error_code ec;
  // Nested cgroups (systemd in a container) hold processes of their own.
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it.depth() > 8) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec)) {
      if (auto procs = read_small_file((it->path() / "cgroup.procs").string(), 16u << 20)) {
        add(*procs);
      }
    }
  }
  return true;
}

struct CgroupLine {
  std::string controllers;  // "" for cgroup v2, "pids", "cpu,cpuacct", "name=systemd"
  std::string path;
};

std::vector<fs::path> candidate_dirs(const std::vector<CgroupLine>& lines,
                                     const std::string& root) {
  std::vector<fs::path> out;
  auto relative = [](const std::string& path) { return path.empty() ? path : path.substr(1); };
  for (const auto& line : lines) {
    if (line.controllers.empty()) {
      out.push_back(fs::path(root) / relative(line.path));              // pure v2
      out.push_back(fs::path(root) / "unified" / relative(line.path));  // hybrid
    }
  }
  // v1: a controller every engine puts containers under, cheapest first.
  for (const char* wanted : {"pids", "memory", "name=systemd"}) {
    for (const auto& line : lines) {
      std::string list = "," + line.controllers + ",";
      if (list.find(std::string(",") + wanted + ",") == std::string::npos) continue;
      std::string dir =
          line.controllers.rfind("name=", 0) == 0 ? line.controllers.substr(5) : line.controllers;
      out.push_back(fs::path(root) / dir / relative(line.path));
    }
  }
  return out;
}

std::string read_command(const std::string& proc_dir) {
  if (auto cmdline = read_small_file(proc_dir + "/cmdline", 32 * 1024)) {
    std::string text = *cmdline;
    while (!text.empty() && text.back() == '\0') text.pop_back();
    std::replace(text.begin(), text.end(), '\0', ' ');
    if (!text.empty()) return text;
  }
  if (auto comm = read_small_file(proc_dir + "/comm", 256)) {
    std::string text = *comm;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
    return "[" + text + "]";
  }
  return {};
}

// Effective uid from the "Uid:\treal\teffective\tsaved\tfs" line.
std::optional<std::string> read_effective_uid(const std::string& proc_dir) {
  auto status = read_small_file(proc_dir + "/status");
  if (!status) return std::nullopt;
  std::istringstream lines(*status);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("Uid:", 0) != 0) continue;
    std::istringstream fields(line.substr(4));
    std::string real;
    std::string effective;
    fields >> real >> effective;
    if (effective.empty()) return std::nullopt;
    return effective;
  }
  return std::nullopt;
}

}  // namespace

std::string user_from_uid(std::string_view uid) {
  return uid == "0" ? std::string("root") : std::string(uid);
}

core::Result<std::vector<Process>> read_container_processes(const ProcRoots& roots, int64_t pid,
                                                            std::string_view container_id) {
  const std::string pid_text = std::to_string(pid);
  auto cgroup = read_small_file(roots.proc + "/" + pid_text + "/cgroup");
  if (!cgroup) {
    return core::fail(ErrorCode::kNotFound, "pid " + pid_text + " is not visible in " + roots.proc);
  }
  std::vector<CgroupLine> lines;
  bool names_container = false;
  std::istringstream stream(*cgroup);
  std::string text;
  while (std::getline(stream, text)) {
    auto first = text.find(':');
    auto second = first == std::string::npos ? first : text.find(':', first + 1);
    if (second == std::string::npos) continue;
    CgroupLine line{text.substr(first + 1, second - first - 1), text.substr(second + 1)};
    if (line.path.empty() || line.path.front() != '/' ||
        line.path.find("..") != std::string::npos) {
      continue;
    }
    if (!container_id.empty() && line.path.find(container_id) != std::string::npos) {
      names_container = true;
    }
    lines.push_back(std::move(line));
  }
  if (!names_container) {
    return core::fail(ErrorCode::kNotFound,
                      "pid " + pid_text + " in " + roots.proc +
                          " is not in the container's cgroup (another PID namespace?)");
  }

  std::vector<int64_t> pids;
  bool found = false;
  for (const auto& dir : candidate_dirs(lines, roots.cgroup)) {
    pids.clear();
    if (collect_pids(dir, pids) && std::find(pids.begin(), pids.end(), pid) != pids.end()) {
      found = true;
      break;
    }
  }
  if (!found) {
    return core::fail(ErrorCode::kIo,
                      "cannot list the cgroup of pid " + pid_text + " under " + roots.cgroup);
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());

  std::vector<Process> processes;
  processes.reserve(pids.size());
  for (int64_t member : pids) {
    const std::string dir = roots.proc + "/" + std::to_string(member);
    auto uid = read_effective_uid(dir);
    if (!uid) continue;  // exited meanwhile
    processes.push_back({member, user_from_uid(*uid), read_command(dir)});
  }
  return processes;
}

}  // namespace hardock::docker
