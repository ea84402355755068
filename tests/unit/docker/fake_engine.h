// Test peers: a tiny HTTP/1.1 server on a unix socket whose answers the test
// scripts (good JSON, bad JSON, half a body, silence), and a temp directory.
// They exist to drive the client's error paths; the real engine is covered by
// the integration suite.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace hardock::docker::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hardock-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }
  void write(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories(std::filesystem::path(file(name)).parent_path());
    std::ofstream(file(name), std::ios::binary) << text;
  }

 private:
  std::string path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What the server does with one request.
struct Action {
  std::string bytes;         // written as-is
  bool close_after = false;  // close the connection after writing
  bool hang = false;         // write nothing and never answer
};

inline Action http_reply(int status, const std::string& body) {
  return {"HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" +
              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
          false, false};
}

// The same answer with chunked transfer encoding: no length announced, as dockerd streams
// large JSON answers.
inline Action http_chunked_reply(int status, const std::string& body, size_t chunk = 65536) {
  std::string bytes = "HTTP/1.1 " + std::to_string(status) +
                      " X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  char size[32];
  for (size_t at = 0; at < body.size(); at += chunk) {
    const size_t length = std::min(chunk, body.size() - at);
    std::snprintf(size, sizeof size, "%zx\r\n", length);
    bytes += size;
    bytes.append(body, at, length);
    bytes += "\r\n";
  }
  bytes += "0\r\n\r\n";
  return {bytes, false, false};
}

// Binds a unix socket; listening only when `listen_now` (else connects are refused).
inline int bind_unix(const std::string& path, bool listen_now) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  path.copy(address.sun_path, sizeof address.sun_path - 1);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("bind " + path + " failed");
  }
  if (listen_now && ::listen(fd, 64) != 0) throw std::runtime_error("listen failed");
  return fd;
}

class FakeEngine {
 public:
  using Handler = std::function<Action(const std::string& path)>;

  explicit FakeEngine(Handler handler) : handler_(std::move(handler)) {
    socket_path_ = dir_.file("engine.sock");
    listen_fd_ = bind_unix(socket_path_, true);
    if (::pipe(stop_pipe_) != 0) throw std::runtime_error("pipe failed");
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~FakeEngine() {
    char byte = 1;
    (void)!::write(stop_pipe_[1], &byte, 1);  // wakes every poll: the pipe stays readable
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (auto& worker : workers_) worker.join();
    ::close(listen_fd_);
    ::close(stop_pipe_[0]);
    ::close(stop_pipe_[1]);
  }
  FakeEngine(const FakeEngine&) = delete;
  FakeEngine& operator=(const FakeEngine&) = delete;

  [[nodiscard]] std::string url() const { return "unix://" + socket_path_; }
  [[nodiscard]] int connections() const { return connections_; }
  [[nodiscard]] int max_in_flight() const { return max_in_flight_; }
  [[nodiscard]] std::vector<std::string> paths() const {
    std::lock_guard lock(mutex_);
    return paths_;
  }

 private:
  // Waits for fd or stop; false on stop.
  bool wait_readable(int fd) const {
    pollfd fds[2] = {{fd, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    while (::poll(fds, 2, -1) < 0) {
    }
    return (fds[1].revents & POLLIN) == 0;
  }

  void accept_loop() {
    while (wait_readable(listen_fd_)) {
      int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      ++connections_;
      std::lock_guard lock(mutex_);
      workers_.emplace_back([this, client] { serve(client); });
    }
  }

  void serve(int client) {
    std::string buffer;
    while (true) {
      size_t end;
      while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        char chunk[4096];
        if (!wait_readable(client)) return close_fd(client);
        ssize_t got = ::read(client, chunk, sizeof chunk);
        if (got <= 0) return close_fd(client);
        buffer.append(chunk, static_cast<size_t>(got));
      }
      std::string request = buffer.substr(0, end);
      buffer.erase(0, end + 4);
      auto first_space = request.find(' ');
      auto second_space = request.find(' ', first_space + 1);
      std::string path = request.substr(first_space + 1, second_space - first_space - 1);
      {
        std::lock_guard lock(mutex_);
        paths_.push_back(path);
      }
      int now = ++in_flight_;
      int seen = max_in_flight_;
      while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
      }
      Action action = handler_(path);
      --in_flight_;
      if (action.hang) {
        wait_readable(stop_pipe_[0]);  // returns only when the test ends
        return close_fd(client);
      }
      size_t sent = 0;
      while (sent < action.bytes.size()) {
        ssize_t put =
            ::send(client, action.bytes.data() + sent, action.bytes.size() - sent, MSG_NOSIGNAL);
        if (put <= 0) return close_fd(client);
        sent += static_cast<size_t>(put);
      }
      if (action.close_after) return close_fd(client);
    }
  }
  static void close_fd(int fd) { ::close(fd); }

  TempDir dir_;
  Handler handler_;
  std::string socket_path_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> workers_;
  std::vector<std::string> paths_;
  std::atomic<int> connections_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
};

}  // namespace hardock::docker::testing
