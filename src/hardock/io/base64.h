// Standard base64 (RFC 4648, padded), for what hardock reads in it: registry credentials in a
// client config, a Docker authorization request's body.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hardock::io {

[[nodiscard]] std::string base64_encode(std::string_view bytes);
// nullopt for anything that is not padded standard base64, or whose text is longer than
// `max_text` bytes. A trailing newline is allowed.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text,
                                                       std::size_t max_text = 1U << 20);

}  // namespace hardock::io
