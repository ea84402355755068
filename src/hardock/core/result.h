// Result<T>: the return type of every fallible function at a module boundary.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

#include "hardock/core/error.h"

namespace hardock::core {

template <class T>
using Result = tl::expected<T, Error>;

// Shorthand for `return fail(ErrorCode::kX, "message");`
[[nodiscard]] inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message), {}});
}

[[nodiscard]] inline tl::unexpected<Error> fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}

}  // namespace hardock::core
