// HTTP for image sources (the engine's image export, a registry), over libcurl, as a pull-based
// ByteSource: the transfer advances only when the reader asks for bytes (libcurl's multi
// interface driven from read(), the transfer paused while a bounded buffer is full), so a
// multi-gigabyte image export passes through at most one buffer (kBufferBytes) without a
// temporary copy or a second thread.
//
// Every response body is bounded (HttpRequest::max_bytes): a server sending more is an error,
// never more memory. Errors are one line naming the request's `what` and are typed like the
// engine client's (kConnectionFailed, kTlsFailure, kTimeout, kConnectionDropped, kProtocol).
// Credentials go in HttpRequest::headers and are never part of a message.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/image/byte_source.h"

namespace hardock::image {

// How to reach a server.
struct HttpTransport {
  std::string unix_socket;  // non-empty: connect over this socket (the engine)
  bool verify_peer = true;  // TLS: check the certificate chain and the host name
  std::string ca_file;      // extra trust anchor (a registry's certs.d ca.crt); empty: system
  std::string client_cert;  // TLS client certificate and key (the engine's --tlscert)
  std::string client_key;
  long connect_timeout_ms = 10'000;
  // A transfer that moves no byte for this long is abandoned (a whole-transfer timeout would
  // cut a large layer; a stalled server must not hang the run).
  long stall_timeout_seconds = 60;
  bool allow_plain_http_redirects = false;  // follow redirects to http:// (insecure hosts)
};

struct HttpRequest {
  std::string url;
  std::vector<std::string> headers;  // "Accept: ...", "Authorization: ..." (never shown)
  uint64_t max_bytes = 0;            // the most body bytes accepted
  std::string what;                  // names the request in messages ("GET https://h/v2/")
};

class HttpStream final : public ByteSource {
 public:
  // The buffer between libcurl and the reader.
  static constexpr std::size_t kBufferBytes = std::size_t{1} << 20;

  // Starts the request and waits for the response's status and headers. Fails only when no
  // answer came (connection, TLS, timeout); any HTTP status is an answer: see status().
  [[nodiscard]] static core::Result<std::unique_ptr<HttpStream>> open(
      const HttpTransport& transport, HttpRequest request);

  ~HttpStream() override;
  HttpStream(const HttpStream&) = delete;
  HttpStream& operator=(const HttpStream&) = delete;

  [[nodiscard]] long status() const;
  // A header of the final answer (any case), nullopt when absent.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
  // Reads the body; errors (dropped connection, over max_bytes) name the request.
  core::Result<std::size_t> read(char* buffer, std::size_t size) override;
  // The rest of the body as a string (at most max_bytes).
  [[nodiscard]] core::Result<std::string> read_all();

  struct State;  // opaque; public for libcurl's callbacks

 private:
  explicit HttpStream(std::unique_ptr<State> state);
  void pump();  // one step of the transfer
  std::unique_ptr<State> state_;
};

struct HttpAnswer {
  long status = 0;
  std::string body;
  std::string content_type;
  std::string www_authenticate;
  std::string docker_content_digest;
};

// A whole small answer (a manifest, a token, an error document), any status.
[[nodiscard]] core::Result<HttpAnswer> http_get(const HttpTransport& transport,
                                                HttpRequest request);

// "a b/c" -> "a%20b%2Fc": a path segment (an image name) percent-encoded.
[[nodiscard]] std::string url_escape(std::string_view text);

}  // namespace hardock::image
