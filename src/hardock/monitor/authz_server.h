// The authorization plugin's server: Docker's plugin protocol (HTTP/1.1 over a unix socket,
// JSON bodies) on /run/docker/plugins/NAME.sock, where dockerd finds plugins by name.
//
// Each connection is served on its own thread: the engine holds a request while it waits for
// the plugin's answer, and the plugin's own engine lookups (a container's inspect) are
// authorized by the plugin too, on another connection. Bounded: requests of at most 8 MiB,
// 256 connections at once, 30 s to send a request.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/monitor/authz.h"

namespace hardock::monitor {

struct ServeOptions {
  std::string socket_path;  // created 0600; a stale socket there is replaced, anything else not
  AuthzPolicy policy;
  EngineLookup engine;
  // Called with each decision's JSON log line, from the connection's thread.
  std::function<void(std::string_view line)> log;
  // Called with each logged decision, its request (nullptr when unreadable) and its line, from
  // the connection's thread: the store's record. Must not block.
  std::function<void(const AuthzRequest* request, const AuthzDecision& decision,
                     std::string_view line)>
      record;
  // Called once the socket listens (tests and `authz serve` print the path).
  std::function<void()> on_listening;
};

// Serves until SIGTERM or SIGINT, or until `stop` is set. Fails when the socket cannot be made.
[[nodiscard]] core::Result<void> serve(const ServeOptions& options,
                                       const std::atomic<bool>* stop = nullptr);

// The plugin protocol's answer to one request: method POST, `target` the path
// ("/AuthZPlugin.AuthZReq"), `body` its JSON. Gives the HTTP status and the JSON body. Pure but
// for the log callback: the server's whole logic, testable without a socket.
struct PluginAnswer {
  int status = 200;
  std::string body;
};
[[nodiscard]] PluginAnswer answer(const ServeOptions& options, std::string_view method,
                                  std::string_view target, std::string_view body);

// Asks the plugin at `socket_path` to activate (POST /Plugin.Activate), as dockerd does: ok when
// it answers that it implements authz, within `timeout_ms`.
[[nodiscard]] core::Result<void> ping_plugin(const std::string& socket_path, int timeout_ms);

}  // namespace hardock::monitor
