// Error values carried across module boundaries.
//
// An Error holds a machine-readable code, a one-line message for humans and a
// context chain (outermost first: "GET /containers/abc/json", "field
// HostConfig.CapAdd"). to_string() renders the chain and message on one line,
// which is what the CLI prints before exiting non-zero.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hardock::core {

enum class ErrorCode {
  kInvalidArgument,  // bad flag, bad config value
  kNotFound,         // file, socket or object absent
  kPermissionDenied,
  kConnectionFailed,   // could not connect (refused, no socket, DNS)
  kConnectionDropped,  // peer closed mid-response
  kTimeout,
  kTlsFailure,
  kProtocol,        // HTTP status or protocol the caller cannot accept
  kApiTooOld,       // engine API below what hardock supports
  kMalformedInput,  // JSON, snapshot or file content that does not parse
  kUnsupportedVersion,
  kIo,
  kInternal,
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<std::string> context;  // outermost first

  // Returns a copy with `outer` prepended to the context chain.
  [[nodiscard]] Error with_context(std::string outer) const&;
  [[nodiscard]] Error with_context(std::string outer) &&;

  // "ctx1: ctx2: message" on one line.
  [[nodiscard]] std::string to_string() const;
};

}  // namespace hardock::core
