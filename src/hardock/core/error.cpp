#include "hardock/core/error.h"

namespace hardock::core {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid-argument";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kPermissionDenied:
      return "permission-denied";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kConnectionFailed:
      return "connection-failed";
    case ErrorCode::kConnectionDropped:
      return "connection-dropped";
    case ErrorCode::kTimeout:
      return "timeout";
    case ErrorCode::kTlsFailure:
      return "tls-failure";
    case ErrorCode::kProtocol:
      return "protocol";
    case ErrorCode::kApiTooOld:
      return "api-too-old";
    case ErrorCode::kMalformedInput:
      return "malformed-input";
    case ErrorCode::kUnsupportedVersion:
      return "unsupported-version";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "unknown";
}

namespace {

// `outer` followed by `chain`. Built forwards rather than with insert(begin()): g++ 12 at -O3
// reports a false -Wnull-dereference inside the inlined vector<string>::insert.
std::vector<std::string> prepended(std::string outer, std::vector<std::string> chain) {
  std::vector<std::string> out;
  out.reserve(chain.size() + 1);
  out.push_back(std::move(outer));
  for (auto& item : chain) out.push_back(std::move(item));
  return out;
}

}  // namespace

ErrorCode error_code_for(HttpStatus status) {
  switch (status) {
    case HttpStatus::kNotFound:
      return ErrorCode::kNotFound;
    case HttpStatus::kConflict:
      return ErrorCode::kConflict;
    case HttpStatus::kUnauthorized:
    case HttpStatus::kForbidden:
      return ErrorCode::kPermissionDenied;
    default:
      return ErrorCode::kProtocol;
  }
}

Error Error::with_context(std::string outer) const& {
  Error copy = *this;
  copy.context = prepended(std::move(outer), std::move(copy.context));
  return copy;
}

Error Error::with_context(std::string outer) && {
  context = prepended(std::move(outer), std::move(context));
  return std::move(*this);
}

std::string Error::to_string() const {
  std::string out;
  for (const auto& item : context) {
    out += item;
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace hardock::core
