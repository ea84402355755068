#include "hardock/shellcheck/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "hardock/io/unique_fd.h"

namespace hardock::shellcheck::detail {
namespace process_detail {

core::Error errno_error(std::string what) {
  return core::Error{core::ErrorCode::kIo, what + ": " + std::strerror(errno), {}, {}};
}

// Blocks SIGPIPE in this thread while writing to a pipe whose reader may be gone (EPIPE is then
// an error return, not the end of hardock); a SIGPIPE raised meanwhile is consumed.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;
  ~SigpipeBlock() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    const timespec zero{0, 0};
    while (sigtimedwait(&set, nullptr, &zero) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t old_{};
};

}  // namespace process_detail

core::Result<ProcessOutput> run_process(const std::string& path,
                                        const std::vector<std::string>& argv,
                                        const std::vector<std::string>& env, std::string_view input,
                                        std::chrono::milliseconds timeout, std::size_t max_output) {
  using process_detail::errno_error;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) return tl::unexpected(errno_error("pipe"));
  io::UniqueFd in_read(in_pipe[0]), in_write(in_pipe[1]);
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return tl::unexpected(errno_error("pipe"));
  io::UniqueFd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return tl::unexpected(errno_error("pipe"));
  io::UniqueFd err_read(err_pipe[0]), err_write(err_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& var : env) envp.push_back(const_cast<char*>(var.c_str()));
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, path.c_str(), &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) {
    return core::fail(core::ErrorCode::kIo, "cannot run " + path + ": " + std::strerror(spawned));
  }
  in_read.reset();
  out_write.reset();
  err_write.reset();
  fcntl(in_write.get(), F_SETFL, fcntl(in_write.get(), F_GETFL) | O_NONBLOCK);

  ProcessOutput result;
  std::optional<core::Error> failure;
  {
    const process_detail::SigpipeBlock block;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t written = 0;
    if (input.empty()) in_write.reset();
    char buffer[65536];
    while (out_read.valid() || err_read.valid()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        failure =
            core::Error{core::ErrorCode::kTimeout,
                        path + " did not finish within " + std::to_string(timeout.count()) + " ms",
                        {},
                        {}};
        break;
      }
      pollfd fds[3];
      nfds_t count = 0;
      const auto add = [&fds, &count](const io::UniqueFd& fd, short events) {
        if (fd.valid()) fds[count++] = pollfd{fd.get(), events, 0};
      };
      add(in_write, POLLOUT);
      add(out_read, POLLIN);
      add(err_read, POLLIN);
      const int ready = poll(fds, count, static_cast<int>(std::min<long long>(left.count(), 1000)));
      if (ready < 0) {
        if (errno == EINTR) continue;
        failure = errno_error("poll");
        break;
      }
      for (nfds_t k = 0; k < count; ++k) {
        if (fds[k].revents == 0) continue;
        if (in_write.valid() && fds[k].fd == in_write.get()) {
          const ssize_t n = ::write(in_write.get(), input.data() + written, input.size() - written);
          if (n > 0) written += static_cast<std::size_t>(n);
          if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) {
            in_write.reset();  // done, or the program stopped reading
          }
          continue;
        }
        const bool is_out = out_read.valid() && fds[k].fd == out_read.get();
        io::UniqueFd& fd = is_out ? out_read : err_read;
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) {
          fd.reset();
          continue;
        }
        std::string& sink = is_out ? result.out : result.err;
        if (sink.size() + static_cast<std::size_t>(n) > max_output) {
          if (is_out) {
            failure =
                core::Error{core::ErrorCode::kIo,
                            path + " wrote more than " + std::to_string(max_output) + " bytes",
                            {},
                            {}};
            break;
          }
          continue;  // stderr beyond the bound is dropped
        }
        sink.append(buffer, static_cast<std::size_t>(n));
      }
      if (failure) break;
    }
    in_write.reset();
  }
  if (failure) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (failure) return tl::unexpected(*failure);
  if (WIFSIGNALED(status)) {
    return core::fail(core::ErrorCode::kInternal,
                      path + " died of signal " + std::to_string(WTERMSIG(status)));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace hardock::shellcheck::detail
