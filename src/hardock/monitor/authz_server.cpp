#include "hardock/monitor/authz_server.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

namespace hardock::monitor {
namespace authz_server_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using local = asio::local::stream_protocol;

constexpr std::size_t kMaxBodyBytes = 8U << 20;
constexpr int kMaxConnections = 256;
constexpr auto kReadTimeout = std::chrono::seconds(30);
// Docker's plugin protocol media type.
constexpr std::string_view kContentType = "application/vnd.docker.plugins.v1.2+json";

std::string now_rfc3339() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string error_body(std::string_view message) {
  return nlohmann::json{{"Allow", false}, {"Err", message}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void serve_connection(const ServeOptions& options, local::socket socket) {
  // A client that sends nothing does not hold a thread for ever.
  const timeval timeout{static_cast<time_t>(kReadTimeout.count()), 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  beast::flat_buffer buffer;
  while (true) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    parser.header_limit(64 * 1024);
    beast::error_code error;
    http::read(socket, buffer, parser, error);
    if (error) return;  // closed, timed out, or not HTTP: nothing to answer
    const auto& request = parser.get();
    const auto method = request.method_string();
    const auto target = request.target();
    const PluginAnswer reply =
        answer(options, std::string_view(method.data(), method.size()),
               std::string_view(target.data(), target.size()), request.body());
    http::response<http::string_body> response{static_cast<http::status>(reply.status),
                                               request.version()};
    response.set(http::field::content_type, std::string(kContentType));
    response.keep_alive(request.keep_alive());
    response.body() = reply.body;
    response.prepare_payload();
    http::write(socket, response, error);
    if (error || !response.keep_alive()) return;
  }
}

class OpenSockets {
 public:
  void add(int fd) {
    std::lock_guard lock(mutex_);
    fds_.insert(fd);
  }
  void remove(int fd) {
    std::lock_guard lock(mutex_);
    fds_.erase(fd);
  }
  void shutdown_all() {
    std::lock_guard lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }

 private:
  std::mutex mutex_;
  std::set<int> fds_;
};

core::Result<void> prepare_socket_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, error);
    if (error) {
      return core::fail(core::ErrorCode::kIo,
                        "cannot create " + parent.string() + ": " + error.message());
    }
  }
  struct stat info {};
  if (lstat(path.c_str(), &info) == 0) {
    // Only a socket left by an earlier run is replaced; a file or link there is someone
    // else's.
    if (!S_ISSOCK(info.st_mode)) {
      return core::fail(core::ErrorCode::kIo, path + " exists and is not a socket: not replaced");
    }
    if (unlink(path.c_str()) != 0) {
      return core::fail(core::ErrorCode::kIo, "cannot remove the old socket " + path);
    }
  }
  return {};
}

}  // namespace authz_server_detail

PluginAnswer answer(const ServeOptions& options, std::string_view method, std::string_view target,
                    std::string_view body) {
  using authz_server_detail::error_body;
  if (method != "POST") return {405, error_body("only POST is served")};
  if (target == "/Plugin.Activate") return {200, R"({"Implements":["authz"]})"};
  if (target == "/AuthZPlugin.AuthZRes") return {200, R"({"Allow":true})"};
  if (target != "/AuthZPlugin.AuthZReq") return {404, error_body("not a plugin endpoint")};
  auto request = parse_request(body);
  if (!request) {
    // Could not read what the engine asks: refused, never let through.
    if (options.log || options.record) {
      const std::string line = nlohmann::json{{"time", authz_server_detail::now_rfc3339()},
                                              {"decision", "deny"},
                                              {"reason", request.error().message}}
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      if (options.log) options.log(line);
      if (options.record) {
        AuthzDecision refused;
        refused.allow = false;
        refused.kind = "unreadable";
        refused.message = request.error().message;
        options.record(nullptr, refused, line);
      }
    }
    return {200, error_body(request.error().message)};
  }
  const AuthzDecision decision = decide(*request, options.policy, options.engine);
  if ((options.log || options.record) && decision.kind != "other") {
    const std::string line = decision_log_line(*request, decision, options.policy.enforce,
                                               authz_server_detail::now_rfc3339());
    if (options.log) options.log(line);
    if (options.record) options.record(&*request, decision, line);
  }
  nlohmann::json reply = {{"Allow", decision.allow}};
  if (!decision.allow) reply["Msg"] = decision.message;
  return {200, reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

core::Result<void> serve(const ServeOptions& options, const std::atomic<bool>* stop) {
  namespace detail = authz_server_detail;
  namespace asio = detail::asio;
  if (auto ready = detail::prepare_socket_path(options.socket_path); !ready) return ready;
  asio::io_context context;
  detail::local::acceptor acceptor(context);
  boost::system::error_code error;
  acceptor.open(detail::local::endpoint(options.socket_path).protocol(), error);
  if (!error) acceptor.bind(detail::local::endpoint(options.socket_path), error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return core::fail(core::ErrorCode::kIo,
                      "cannot listen on " + options.socket_path + ": " + error.message());
  }
  chmod(options.socket_path.c_str(), 0600);  // dockerd runs as root; nobody else may decide
  asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { context.stop(); });
  asio::steady_timer poll(context);
  std::function<void()> watch_stop = [&] {
    if (stop != nullptr && stop->load()) {
      context.stop();
      return;
    }
    poll.expires_after(std::chrono::milliseconds(100));
    poll.async_wait([&](const boost::system::error_code& e) {
      if (!e) watch_stop();
    });
  };
  watch_stop();
  auto active = std::make_shared<std::atomic<int>>(0);
  // Open connections, shut down at the end so that their blocking reads return at once.
  auto open = std::make_shared<detail::OpenSockets>();
  std::function<void()> accept = [&] {
    acceptor.async_accept([&](const boost::system::error_code& e, detail::local::socket socket) {
      if (e) {
        if (e != asio::error::operation_aborted) accept();
        return;
      }
      if (active->load() >= detail::kMaxConnections) {
        socket.close();  // over the bound: the engine retries, or reports the plugin busy
      } else {
        ++*active;
        const int fd = socket.native_handle();
        open->add(fd);
        std::thread([&options, active, open, fd, s = std::move(socket)]() mutable {
          detail::serve_connection(options, std::move(s));
          open->remove(fd);
          --*active;
        }).detach();
      }
      accept();
    });
  };
  accept();
  if (options.on_listening) options.on_listening();
  context.run();
  acceptor.close(error);
  unlink(options.socket_path.c_str());
  open->shutdown_all();
  // Connections still open finish on their own threads, and `options` (with what records their
  // decisions) must outlive them: wait for every one. Each ends: reads were shut down, writes
  // and engine lookups have timeouts.
  for (int waited = 0; active->load() > 0; ++waited) {
    if (waited == 50) {
      std::cerr << "hardock authz: stopping; waiting for " << active->load()
                << " request(s) still being decided\n";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {};
}

core::Result<void> ping_plugin(const std::string& socket_path, int timeout_ms) {
  namespace detail = authz_server_detail;
  namespace asio = detail::asio;
  namespace http = detail::http;
  asio::io_context context;
  detail::local::socket socket(context);
  boost::system::error_code error;
  socket.connect(detail::local::endpoint(socket_path), error);
  if (error) {
    return core::fail(core::ErrorCode::kIo,
                      "the plugin at " + socket_path + " does not answer: " + error.message());
  }
  const timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  http::request<http::string_body> request{http::verb::post, "/Plugin.Activate", 11};
  request.set(http::field::host, "plugin");
  request.set(http::field::content_type, std::string(detail::kContentType));
  request.prepare_payload();
  http::write(socket, request, error);
  detail::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024);
  if (!error) http::read(socket, buffer, parser, error);
  if (error) {
    return core::fail(core::ErrorCode::kIo,
                      "the plugin at " + socket_path + " did not answer: " + error.message());
  }
  const std::string& body = parser.get().body();
  if (parser.get().result() != http::status::ok || body.find("\"authz\"") == std::string::npos) {
    return core::fail(core::ErrorCode::kIo,
                      "the socket " + socket_path + " answers, but not as an authz plugin");
  }
  return {};
}

}  // namespace hardock::monitor
