// Small text helpers the harden generators share (one copy, not one per file), and the two
// rules every generated artefact follows for strings from the engine:
//   - a shell word is shell_word(): bare when it is made only of characters no shell treats
//     specially (so `docker run -d --name web` stays readable), else io::shell_quote();
//   - a value a shell word cannot carry (a NUL byte) is refused before anything is rendered
//     (unrepresentable_field in run_spec.h), never mangled.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hardock::harden {

// "a,b,,c" -> {"a", "b", "", "c"}; "" -> {""}.
[[nodiscard]] std::vector<std::string> split(std::string_view text, char separator);
// split() without the empty parts.
[[nodiscard]] std::vector<std::string> split_non_empty(std::string_view text, char separator);
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view separator);

// True when `path` is `root` or below it ("/var/lib" is under "/var"; "/variable" is not).
[[nodiscard]] bool is_under(std::string_view path, std::string_view root);
// "/var/lib/app" -> "/var/lib"; "/x" and "x" -> "/".
[[nodiscard]] std::string parent_of(const std::string& path);

// One POSIX shell word that the shell reads back as exactly `word` (NUL excepted: refuse it
// first). Words of [A-Za-z0-9@%+=:,./_-] (not empty) stay bare; everything else is
// io::shell_quote()d.
[[nodiscard]] std::string shell_word(std::string_view word);

// One field of a comma-separated flag value that the docker CLI reads with Go's encoding/csv
// (--mount): quoted, with '"' doubled, when it holds a comma, a quote or a line break, so a
// path such as "/data,type=bind,source=/" stays one field instead of becoming three options.
[[nodiscard]] std::string csv_field(std::string_view field);

// A 64-bit FNV-1a hash as 8 hex digits (the low 32 bits): short, stable names for files.
[[nodiscard]] std::string short_hash(std::string_view text);

}  // namespace hardock::harden
