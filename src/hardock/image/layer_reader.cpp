#include "hardock/image/layer_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <memory>
#include <unordered_set>

#include "hardock/image/archive_feed.h"

namespace hardock::image {
namespace {

using detail::ArchiveDeleter;
using detail::Feed;
using detail::feed_read;

std::optional<EntryType> type_of(struct archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return EntryType::kHardlink;
  switch (archive_entry_filetype(entry)) {
    case AE_IFREG:
      return EntryType::kFile;
    case AE_IFDIR:
      return EntryType::kDirectory;
    case AE_IFLNK:
      return EntryType::kSymlink;
    case AE_IFCHR:
      return EntryType::kCharDevice;
    case AE_IFBLK:
      return EntryType::kBlockDevice;
    case AE_IFIFO:
      return EntryType::kFifo;
    default:
      return std::nullopt;  // sockets and unknown types cannot be in a layer
  }
}

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

class LayerReading {
 public:
  LayerReading(ByteSource& source, std::string digest, const LayerOptions& options)
      : options_(options) {
    feed_.source = &source;
    record_.digest = std::move(digest);
  }

  core::Result<LayerRecord> run() {
    if (options_.observer != nullptr) options_.observer->begin_layer(record_.digest);
    std::unique_ptr<struct archive, ArchiveDeleter> archive(archive_read_new());
    archive_ = archive.get();
    archive_read_support_filter_gzip(archive_);
    archive_read_support_filter_zstd(archive_);
    archive_read_support_format_tar(archive_);
    if (archive_read_open(archive_, &feed_, nullptr, feed_read, nullptr) != ARCHIVE_OK) {
      return fail_archive("cannot start reading");
    }
    uint64_t count = 0;
    for (;;) {
      struct archive_entry* entry = nullptr;
      const int status = archive_read_next_header(archive_, &entry);
      if (status == ARCHIVE_EOF) break;
      if (status == ARCHIVE_WARN) note(std::string("archive warning: ") + error_text());
      if (status < ARCHIVE_WARN) return fail_archive("corrupt or truncated");
      if (++count > options_.limits.max_entries) {
        return fail("more than " + std::to_string(options_.limits.max_entries) + " entries");
      }
      if (auto bounded = check_bounds(); !bounded) return core::fail(bounded.error());
      if (auto handled = handle(entry); !handled) return core::fail(handled.error());
    }
    record_.compressed_bytes = feed_.bytes;
    record_.uncompressed_bytes = static_cast<uint64_t>(archive_filter_bytes(archive_, 0));
    return std::move(record_);
  }

 private:
  core::Result<void> handle(struct archive_entry* entry) {
    const char* raw_path = archive_entry_pathname(entry);
    if (raw_path == nullptr) {
      note("an entry without a path, skipped");
      return drain(nullptr, {});
    }
    const std::string_view written(raw_path);
    auto path = normalize_image_path(written);
    if (!path) {
      note("entry " + std::string(written) + " climbs above the root, refused");
      return drain(nullptr, {});
    }
    if (written.starts_with("/")) note("entry " + std::string(written) + " has an absolute path");
    if (path->empty()) return drain(nullptr, {});  // the root directory itself

    const auto slash = path->rfind('/');
    const std::string parent = slash == std::string::npos ? std::string() : path->substr(0, slash);
    const std::string base = slash == std::string::npos ? *path : path->substr(slash + 1);
    if (base.starts_with(kWhiteoutPrefix)) {
      if (base == kOpaqueMarker) {
        record_.opaque_dirs.push_back(parent);
      } else {
        const std::string name = base.substr(kWhiteoutPrefix.size());
        if (name.empty() || name == "." || name == ".." || name.starts_with(kWhiteoutPrefix)) {
          note("whiteout " + *path + " names nothing removable, ignored");
        } else {
          record_.whiteouts.push_back(parent.empty() ? name : parent + "/" + name);
        }
      }
      return drain(nullptr, {});
    }

    auto type = type_of(entry);
    if (!type) {
      note("entry " + *path + " has an unsupported file type, skipped");
      return drain(nullptr, {});
    }
    FileEntry file;
    file.type = *type;
    file.mode = static_cast<uint32_t>(archive_entry_perm(entry)) & 07777U;
    file.uid = archive_entry_uid(entry);
    file.gid = archive_entry_gid(entry);
    file.size = *type == EntryType::kFile ? archive_entry_size(entry) : 0;
    if (file.size < 0) file.size = 0;
    if (*type == EntryType::kHardlink) {
      auto target = normalize_image_path(archive_entry_hardlink(entry));
      if (!target || target->empty()) {
        note("hardlink " + *path + " points above the root, refused");
        return drain(nullptr, {});
      }
      file.link = *target;
    } else if (*type == EntryType::kSymlink) {
      const char* target = archive_entry_symlink(entry);
      file.link = target == nullptr ? std::string() : std::string(target);
    } else if (*type == EntryType::kCharDevice || *type == EntryType::kBlockDevice) {
      note("device file " + *path);
    }
    if (!seen_.insert(*path).second) note("duplicate entry " + *path + " (the last one counts)");

    if (static_cast<uint64_t>(file.size) > options_.limits.max_uncompressed_bytes) {
      return fail("entry " + *path + " claims " + std::to_string(file.size) + " bytes");
    }
    const bool keep = *type == EntryType::kFile && options_.wanted && options_.wanted(*path);
    if (keep && static_cast<uint64_t>(file.size) > options_.limits.max_file_bytes) {
      note("file " + *path + " (" + std::to_string(file.size) + " bytes) is over the " +
           std::to_string(options_.limits.max_file_bytes) + "-byte cap: not read");
    }
    const bool read_content =
        keep && static_cast<uint64_t>(file.size) <= options_.limits.max_file_bytes;
    const bool observe = *type == EntryType::kFile && options_.observer != nullptr &&
                         options_.observer->wants(*path, file);
    std::string content;
    if (auto drained = drain(read_content ? &content : nullptr, observe); !drained) {
      return drained;
    }
    if (read_content) file.content = std::move(content);
    record_.entries.push_back({std::move(*path), std::move(file)});
    return {};
  }

  // Reads the entry's data to its end, keeping it in `content` and/or streaming it to the
  // observer, and enforcing the bounds block by block (never a blind skip: a bomb would only be
  // seen after it exploded).
  core::Result<void> drain(std::string* content, bool observe) {
    char block[1 << 16];
    for (;;) {
      const la_ssize_t got = archive_read_data(archive_, block, sizeof block);
      if (got == 0) break;
      if (got < 0) {
        if (observe) options_.observer->end();
        return fail_archive("corrupt or truncated data");
      }
      const std::string_view bytes(block, static_cast<size_t>(got));
      if (content != nullptr) content->append(bytes);
      if (observe) options_.observer->chunk(bytes);
      if (auto bounded = check_bounds(); !bounded) {
        if (observe) options_.observer->end();
        return bounded;
      }
    }
    if (observe) options_.observer->end();
    return {};
  }

  core::Result<void> check_bounds() {
    const auto uncompressed = static_cast<uint64_t>(archive_filter_bytes(archive_, 0));
    const auto& limits = options_.limits;
    if (uncompressed > limits.max_uncompressed_bytes) {
      return fail("more than " + std::to_string(limits.max_uncompressed_bytes) +
                  " bytes uncompressed");
    }
    // Small layers compress extremely well (a tar of empty files): judge the ratio only once
    // the layer is large enough to matter.
    constexpr uint64_t kRatioFloor = 64ULL << 20;
    if (uncompressed > kRatioFloor &&
        uncompressed / std::max<uint64_t>(feed_.bytes, 1) > limits.max_ratio) {
      return fail(std::to_string(uncompressed) + " bytes from " + std::to_string(feed_.bytes) +
                  " compressed: over the decompression ratio limit of " +
                  std::to_string(limits.max_ratio));
    }
    return {};
  }

  void note(std::string text) {
    // A hostile layer could hold millions of oddities: keep the first ones and a count.
    constexpr std::size_t kMaxAnomalies = 100;
    if (record_.anomalies.size() < kMaxAnomalies) {
      record_.anomalies.push_back(std::move(text));
    } else if (record_.anomalies.size() == kMaxAnomalies) {
      record_.anomalies.emplace_back("further anomalies not listed");
    }
  }

  std::string error_text() const {
    const char* text = archive_error_string(archive_);
    return text == nullptr ? std::string("unknown archive error") : std::string(text);
  }

  tl::unexpected<core::Error> fail(const std::string& what) const {
    return core::fail(core::ErrorCode::kMalformedInput, "layer " + record_.digest + ": " + what);
  }

  tl::unexpected<core::Error> fail_archive(const std::string& what) const {
    if (!feed_.error.empty()) {
      return core::fail(core::ErrorCode::kIo, "layer " + record_.digest + ": " + feed_.error);
    }
    return fail(what + ": " + error_text());
  }

  const LayerOptions& options_;
  Feed feed_;
  struct archive* archive_ = nullptr;
  LayerRecord record_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

core::Result<LayerRecord> read_layer(ByteSource& source, std::string digest,
                                     const LayerOptions& options) {
  return LayerReading(source, std::move(digest), options).run();
}

}  // namespace hardock::image
