// Feed files read through libarchive, streaming: a compressed single stream (Packages.gz, .xz,
// .lz4 or plain, told apart by their magic bytes) or an archive (a zip of OSV records, an
// APKINDEX.tar.gz), entry by entry, never unpacked to disk and never whole in memory.
//
// The file itself is opened as a file named by the user is (io/bounded_read.h rules: a regular
// file, links followed as usual, a FIFO or device refused before it is opened) and may be at
// most kMaxFeedFileBytes. Entry names are only shown, never used as paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hardock/core/result.h"

struct archive;

namespace hardock::vulndb {

inline constexpr std::uint64_t kMaxFeedFileBytes = std::uint64_t{8} << 30;

class ArchiveInput {
 public:
  enum class Kind {
    kStream,   // one compressed or plain stream; a single entry named "data"
    kArchive,  // zip or tar (tar possibly compressed): one entry per member
  };
  [[nodiscard]] static core::Result<ArchiveInput> open(const std::string& path, Kind kind);

  ArchiveInput(ArchiveInput&& other) noexcept;
  ArchiveInput& operator=(ArchiveInput&& other) noexcept;
  ArchiveInput(const ArchiveInput&) = delete;
  ArchiveInput& operator=(const ArchiveInput&) = delete;
  ~ArchiveInput();

  struct Entry {
    std::string name;
    bool regular = false;
    std::int64_t size = -1;  // -1 when the archive does not say
  };
  // Moves to the next entry: false at the end of the archive.
  [[nodiscard]] core::Result<bool> next(Entry& entry);
  // Up to `capacity` bytes of the current entry into `buffer`; 0 at its end.
  [[nodiscard]] core::Result<std::size_t> read(char* buffer, std::size_t capacity);
  // The rest of the current entry, at most `max_bytes` (kMalformedInput above, naming it).
  [[nodiscard]] core::Result<std::string> read_all(std::size_t max_bytes,
                                                   std::string_view entry_name);

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  ArchiveInput(std::string path, archive* handle) : path_(std::move(path)), handle_(handle) {}
  core::Error error(std::string_view what) const;
  std::string path_;
  archive* handle_ = nullptr;
  int fd_ = -1;
};

// The lines of the current entry of an ArchiveInput, without their "\n" (or "\r\n"). A line
// longer than `max_line` is an error naming the file and the line number.
class LineReader {
 public:
  LineReader(ArchiveInput& input, std::size_t max_line) : input_(input), max_line_(max_line) {}
  // The next line into `line` (valid until the next call); false at the end.
  [[nodiscard]] core::Result<bool> next(std::string_view& line);
  [[nodiscard]] std::size_t line_number() const { return line_number_; }

 private:
  ArchiveInput& input_;
  std::size_t max_line_;
  std::string buffer_;
  std::size_t start_ = 0;
  std::size_t line_number_ = 0;
  bool ended_ = false;
};

}  // namespace hardock::vulndb
