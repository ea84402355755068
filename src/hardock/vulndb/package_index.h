// Distribution package indexes: APT `Packages` files and Alpine APKINDEX, read stanza by
// stanza into PackageVersion records (import_sink.h).
//
// APT: stanzas of "Field: value" lines separated by blank lines; kept are Package, Version,
// Architecture and Source ("name" or "name (version)"; absent: the package is its own source,
// at its own version). Continuation lines (starting with a space or tab) belong to fields not
// kept. APKINDEX: "K:value" lines, blank-line separated; kept are P (name), V (version),
// A (architecture) and o (origin, the source package; absent: the package itself).
//
// Bounds: lines of at most kMaxIndexLineBytes, stanzas of at most kMaxStanzaLines lines, and
// every kept value passes feed_text.h's checks. A stanza without a name or version is an error
// naming the file and the line where the stanza ends.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

inline constexpr std::size_t kMaxIndexLineBytes = 1 << 20;
inline constexpr std::size_t kMaxStanzaLines = 100'000;

// Where the records of one index file go: its release and suite, and its name for messages.
struct IndexContext {
  std::string release;  // "Debian:12", "Alpine:v3.21"
  std::string suite;    // "bookworm-security", "v3.21/main"
  std::string file;
};

class StanzaParser {
 public:
  enum class Format { kApt, kApk };
  StanzaParser(Format format, IndexContext context, ImportSink& sink)
      : format_(format), context_(std::move(context)), sink_(sink) {}

  // One line, without its newline; `number` counts from 1.
  [[nodiscard]] core::Result<void> line(std::string_view text, std::size_t number);
  // The end of the file: the last stanza, when it has no blank line after it.
  [[nodiscard]] core::Result<void> finish(std::size_t number);
  [[nodiscard]] std::size_t packages() const { return packages_; }

 private:
  core::Result<void> end_stanza(std::size_t number);
  core::Result<void> field(std::string_view key, std::string_view value, std::size_t number);
  tl::unexpected<core::Error> fail(std::size_t number, const std::string& problem) const;

  Format format_;
  IndexContext context_;
  ImportSink& sink_;
  PackageVersion current_;
  std::size_t stanza_lines_ = 0;
  std::size_t packages_ = 0;
};

// Reads the APT Packages file at `path` (plain, .gz, .xz, .lz4, .bz2, .zst: by magic bytes).
[[nodiscard]] core::Result<std::size_t> read_apt_packages(const std::string& path,
                                                          const IndexContext& context,
                                                          ImportSink& sink);

// Reads the APKINDEX member of the APKINDEX.tar.gz at `path`.
[[nodiscard]] core::Result<std::size_t> read_apkindex(const std::string& path,
                                                      const IndexContext& context,
                                                      ImportSink& sink);

}  // namespace hardock::vulndb
