// HTTP against the Docker engine over libcurl: unix socket or TCP (+TLS).
//
// One HttpClient keeps one easy handle for sequential requests and one multi
// handle for parallel ones, so connections are reused (keep-alive) within each.
// Not thread-safe: use one client per thread.
//
// Every failure is one line with a core::ErrorCode and the request as context:
//   kNotFound          no socket at the path ("is dockerd running?")
//   kPermissionDenied  socket not accessible (sudo / docker group)
//   kConnectionFailed  refused, unresolvable host
//   kTlsFailure        handshake or verification failed (curl's reason)
//   kConnectionDropped peer closed before the whole response arrived
//   kTimeout           no complete answer within the endpoint's timeout
//   kProtocol          a body over endpoint.max_body_bytes
// An HTTP error status (with the engine's "message") sets Error::http_status and the code
// core::error_code_for() gives it: 404 kNotFound, 409 kConflict, 401/403 kPermissionDenied,
// others kProtocol.
//
// Memory: a body never takes more than endpoint.max_body_bytes (its string does not double past
// it); the bodies of get_many's transfers in flight take at most endpoint.max_total_bytes
// together plus one body (a transfer that would exceed it waits, paused, until others finish;
// the oldest always proceeds).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/docker/endpoint.h"

namespace hardock::docker {

struct HttpResponse {
  long status = 0;
  std::string body;
};

class HttpClient {
 public:
  // Fails with kInternal only if libcurl cannot be initialised.
  [[nodiscard]] static core::Result<HttpClient> create(const Endpoint& endpoint);

  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  ~HttpClient();

  // GET path ("/v1.41/info"); returns the body of a 2xx answer.
  [[nodiscard]] core::Result<std::string> get(const std::string& path);

  // Any method (GET, POST, PUT, DELETE), sequential. 2xx and 304 (the engine's "already in that
  // state") are answers; other statuses are kProtocol errors with the engine's message.
  // timeout_ms > 0 replaces the endpoint's timeout for this request (stop, wait).
  [[nodiscard]] core::Result<HttpResponse> request(
      std::string_view method, const std::string& path, const std::string& body = {},
      std::string_view content_type = "application/json", long timeout_ms = 0);

  // GETs every path with at most endpoint.parallelism transfers in flight and
  // calls on_done(index, body-or-error) as each finishes (any order), so the
  // caller can parse and drop bodies without holding them all.
  using OnDone = std::function<void(size_t index, core::Result<std::string>&& body)>;
  void get_many(const std::vector<std::string>& paths, const OnDone& on_done);

  // Convenience: results in the order of paths.
  [[nodiscard]] std::vector<core::Result<std::string>> get_many(
      const std::vector<std::string>& paths);

  // GETs `path` and hands each chunk of the body to `on_chunk` as it arrives, without a
  // timeout: for streams that never end (/events). Returns when the engine ends the stream, on
  // an error, or when on_chunk returns false or `keep_going` (asked about once a second) false.
  // A stream the caller stopped returns success. Its own connection, apart from the others.
  using OnChunk = std::function<bool(std::string_view chunk)>;
  [[nodiscard]] core::Result<void> stream(const std::string& path, const OnChunk& on_chunk,
                                          const std::function<bool()>& keep_going);

  // A header of the last sequential answer (get or request), e.g. "Api-Version" (any case);
  // nullopt when the answer had none.
  [[nodiscard]] std::optional<std::string> last_header(const char* name) const;

  [[nodiscard]] const Endpoint& endpoint() const;

  // The most memory the bodies of get_many's transfers held at once, in bytes (their capacity):
  // what the memory bound above is measured by.
  [[nodiscard]] size_t peak_body_bytes() const;

 private:
  struct State;
  explicit HttpClient(std::unique_ptr<State> state);
  void resume_paused();
  std::unique_ptr<State> state_;
};

}  // namespace hardock::docker
