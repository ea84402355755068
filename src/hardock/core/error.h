// Error values carried across module boundaries.
//
// An Error holds a machine-readable code, a one-line message for humans and a
// context chain (outermost first: "GET /containers/abc/json", "field
// HostConfig.CapAdd"). to_string() renders the chain and message on one line,
// which is what the CLI prints before exiting non-zero.
//
// An error that reports an HTTP answer (the engine's 404, 409 ...) also carries its status as
// `http_status`, so callers decide on the status, never on the message text:
//
//   if (!removed && !removed.error().is_http(core::HttpStatus::kNotFound)) return fail(...);
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hardock::core {

enum class ErrorCode {
  kInvalidArgument,    // bad flag, bad config value
  kNotFound,           // file, socket or object absent (HTTP 404)
  kPermissionDenied,   // (HTTP 401, 403)
  kConflict,           // the object is in the way or in the wrong state (HTTP 409)
  kConnectionFailed,   // could not connect (refused, no socket, DNS)
  kConnectionDropped,  // peer closed mid-response
  kTimeout,
  kTlsFailure,
  kProtocol,        // other HTTP status, or a protocol the caller cannot accept
  kApiTooOld,       // engine API below what hardock supports
  kMalformedInput,  // JSON, snapshot or file content that does not parse
  kUnsupportedVersion,
  kIo,
  kInternal,
};

std::string_view to_string(ErrorCode code);

// The status of an HTTP answer. The named values are the ones callers act on; any other status
// is kept as its number (static_cast<HttpStatus>(status)). kNone: the error is not an HTTP
// answer (no connection, timeout, malformed body, a local file ...).
enum class HttpStatus : int {
  kNone = 0,
  kNotModified = 304,
  kBadRequest = 400,
  kUnauthorized = 401,
  kForbidden = 403,
  kNotFound = 404,
  kConflict = 409,
  kInternalServerError = 500,
  kServiceUnavailable = 503,
};

// The ErrorCode an HTTP error status maps to: 404 kNotFound, 409 kConflict, 401 and 403
// kPermissionDenied, anything else kProtocol.
[[nodiscard]] ErrorCode error_code_for(HttpStatus status);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<std::string> context;            // outermost first
  HttpStatus http_status = HttpStatus::kNone;  // set only by HTTP clients, for HTTP answers

  // True when this error reports an HTTP answer with `status`.
  [[nodiscard]] bool is_http(HttpStatus status) const { return http_status == status; }

  // Returns a copy with `outer` prepended to the context chain.
  [[nodiscard]] Error with_context(std::string outer) const&;
  [[nodiscard]] Error with_context(std::string outer) &&;

  // "ctx1: ctx2: message" on one line.
  [[nodiscard]] std::string to_string() const;
};

}  // namespace hardock::core
