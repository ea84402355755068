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
//   kProtocol          HTTP status >= 400 (with the engine's "message"), oversize body
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

// Bodies larger than this are refused: an inspect is a few KiB, a list of
// thousands of containers a few MiB.
inline constexpr size_t kMaxResponseBytes = 256u << 20;

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

  // A header of the last sequential answer (get or request), e.g. "Api-Version" (any case);
  // nullopt when the answer had none.
  [[nodiscard]] std::optional<std::string> last_header(const char* name) const;

  [[nodiscard]] const Endpoint& endpoint() const;

 private:
  struct State;
  explicit HttpClient(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace hardock::docker
