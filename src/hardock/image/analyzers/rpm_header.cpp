#include "hardock/image/analyzers/rpm_header.h"

#include "hardock/image/file_index.h"

namespace hardock::image::rpm {
namespace {

constexpr uint32_t kTagName = 1000;
constexpr uint32_t kTagVersion = 1001;
constexpr uint32_t kTagRelease = 1002;
constexpr uint32_t kTagEpoch = 1003;
constexpr uint32_t kTagArch = 1022;
constexpr uint32_t kTagOldFilenames = 1027;
constexpr uint32_t kTagSourceRpm = 1044;
constexpr uint32_t kTagDirIndexes = 1116;
constexpr uint32_t kTagBasenames = 1117;
constexpr uint32_t kTagDirNames = 1118;

constexpr uint32_t kTypeInt32 = 4;
constexpr uint32_t kTypeString = 6;
constexpr uint32_t kTypeStringArray = 8;
constexpr uint32_t kTypeI18nString = 9;

uint32_t be32(std::string_view bytes, std::size_t offset) {
  const auto byte = [&](std::size_t index) {
    return static_cast<uint32_t>(static_cast<unsigned char>(bytes[offset + index]));
  };
  return byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
}

struct Entry {
  uint32_t index = 0;  // position in the index, for messages
  uint32_t tag = 0;
  uint32_t type = 0;
  uint32_t offset = 0;
  uint32_t count = 0;
};

std::string tag_name(uint32_t tag) {
  switch (tag) {
    case kTagName:
      return "NAME";
    case kTagVersion:
      return "VERSION";
    case kTagRelease:
      return "RELEASE";
    case kTagEpoch:
      return "EPOCH";
    case kTagArch:
      return "ARCH";
    case kTagOldFilenames:
      return "OLDFILENAMES";
    case kTagSourceRpm:
      return "SOURCERPM";
    case kTagDirIndexes:
      return "DIRINDEXES";
    case kTagBasenames:
      return "BASENAMES";
    case kTagDirNames:
      return "DIRNAMES";
    default:
      return std::to_string(tag);
  }
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  tl::unexpected<core::Error> bad(const Entry& entry, const std::string& what) const {
    return core::fail(
        core::ErrorCode::kMalformedInput,
        "index entry " + std::to_string(entry.index) + " (" + tag_name(entry.tag) + "): " + what);
  }

  // The NUL-terminated string at `offset`, inside the data.
  core::Result<std::string_view> string_at(const Entry& entry, std::size_t offset) const {
    if (offset >= data_.size()) {
      return bad(entry, "offset " + std::to_string(offset) + " beyond the " +
                            std::to_string(data_.size()) + " data bytes");
    }
    const std::size_t end = data_.find('\0', offset);
    if (end == std::string_view::npos) return bad(entry, "string not terminated inside the data");
    return data_.substr(offset, end - offset);
  }

  core::Result<std::string> string(const Entry& entry) const {
    if (entry.type != kTypeString && entry.type != kTypeI18nString &&
        entry.type != kTypeStringArray) {
      return bad(entry, "type " + std::to_string(entry.type) + " is not a string");
    }
    if (entry.count == 0) return bad(entry, "count 0");
    auto text = string_at(entry, entry.offset);
    if (!text) return tl::unexpected(text.error());
    return std::string(*text);
  }

  // `count` consecutive NUL-terminated strings.
  core::Result<std::vector<std::string_view>> strings(const Entry& entry) const {
    if (entry.type != kTypeStringArray && entry.type != kTypeI18nString) {
      return bad(entry, "type " + std::to_string(entry.type) + " is not a string array");
    }
    // Every string takes at least its NUL: a count beyond the bytes left cannot be right, and
    // this bounds the reservation below by the blob's size.
    if (entry.offset > data_.size() || entry.count > data_.size() - entry.offset) {
      return bad(entry, std::to_string(entry.count) + " strings at offset " +
                            std::to_string(entry.offset) + " do not fit the " +
                            std::to_string(data_.size()) + " data bytes");
    }
    std::vector<std::string_view> out;
    out.reserve(entry.count);
    std::size_t offset = entry.offset;
    for (uint32_t index = 0; index < entry.count; ++index) {
      auto text = string_at(entry, offset);
      if (!text) return tl::unexpected(text.error());
      out.push_back(*text);
      offset += text->size() + 1;
    }
    return out;
  }

  core::Result<std::vector<uint32_t>> int32s(const Entry& entry) const {
    if (entry.type != kTypeInt32) {
      return bad(entry, "type " + std::to_string(entry.type) + " is not INT32");
    }
    const uint64_t bytes = uint64_t{entry.count} * 4;
    if (entry.offset > data_.size() || bytes > data_.size() - entry.offset) {
      return bad(entry, std::to_string(entry.count) + " INT32 values at offset " +
                            std::to_string(entry.offset) + " do not fit the " +
                            std::to_string(data_.size()) + " data bytes");
    }
    std::vector<uint32_t> out;
    out.reserve(entry.count);
    for (uint32_t index = 0; index < entry.count; ++index) {
      out.push_back(be32(data_, entry.offset + std::size_t{index} * 4));
    }
    return out;
  }

 private:
  std::string_view data_;
};

}  // namespace

core::Result<HeaderInfo> parse_header(std::string_view blob, std::size_t max_files) {
  const auto malformed = [](std::string message) {
    return core::fail(core::ErrorCode::kMalformedInput, std::move(message));
  };
  if (blob.size() < 8) {
    return malformed("header of " + std::to_string(blob.size()) + " bytes, shorter than 8");
  }
  const uint32_t il = be32(blob, 0);
  const uint32_t dl = be32(blob, 4);
  if (il == 0 || il > kMaxIndexEntries) {
    return malformed("header index count " + std::to_string(il) + " outside 1.." +
                     std::to_string(kMaxIndexEntries));
  }
  if (dl > kMaxDataBytes)
    return malformed("header data length " + std::to_string(dl) + " too large");
  const uint64_t expected = 8 + uint64_t{il} * 16 + dl;
  if (expected != blob.size()) {
    return malformed("header says " + std::to_string(expected) + " bytes (" + std::to_string(il) +
                     " index entries, " + std::to_string(dl) + " data bytes), the record has " +
                     std::to_string(blob.size()));
  }
  const std::string_view data = blob.substr(8 + std::size_t{il} * 16);
  Reader reader(data);

  // One pass over the index; a tag given twice (a "dribble" entry after the immutable region
  // overrides the region's) keeps the last.
  std::optional<Entry> name, version, release, epoch, arch, source, old_files, dir_indexes,
      basenames, dir_names;
  for (uint32_t index = 0; index < il; ++index) {
    const std::size_t at = 8 + std::size_t{index} * 16;
    Entry entry{index, be32(blob, at), be32(blob, at + 4), be32(blob, at + 8), be32(blob, at + 12)};
    switch (entry.tag) {
      case kTagName:
        name = entry;
        break;
      case kTagVersion:
        version = entry;
        break;
      case kTagRelease:
        release = entry;
        break;
      case kTagEpoch:
        epoch = entry;
        break;
      case kTagArch:
        arch = entry;
        break;
      case kTagSourceRpm:
        source = entry;
        break;
      case kTagOldFilenames:
        old_files = entry;
        break;
      case kTagDirIndexes:
        dir_indexes = entry;
        break;
      case kTagBasenames:
        basenames = entry;
        break;
      case kTagDirNames:
        dir_names = entry;
        break;
      default:
        break;
    }
  }

  HeaderInfo out;
  const auto required = [&](const std::optional<Entry>& entry, uint32_t tag,
                            std::string& target) -> core::Result<void> {
    if (!entry)
      return tl::unexpected(
          core::Error{core::ErrorCode::kMalformedInput, "no " + tag_name(tag) + " tag", {}});
    auto text = reader.string(*entry);
    if (!text) return tl::unexpected(text.error());
    target = std::move(*text);
    return {};
  };
  if (auto ok = required(name, kTagName, out.name); !ok) return tl::unexpected(ok.error());
  if (auto ok = required(version, kTagVersion, out.version); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = required(release, kTagRelease, out.release); !ok) {
    return tl::unexpected(ok.error());
  }
  if (arch) {
    auto text = reader.string(*arch);
    if (!text) return tl::unexpected(text.error());
    out.architecture = std::move(*text);
  }
  if (source) {
    auto text = reader.string(*source);
    if (!text) return tl::unexpected(text.error());
    out.source_rpm = std::move(*text);
  }
  if (epoch) {
    auto values = reader.int32s(*epoch);
    if (!values) return tl::unexpected(values.error());
    if (values->empty()) return reader.bad(*epoch, "count 0");
    out.epoch = values->front();
  }
  if (max_files == 0) return out;

  const auto keep = [&](std::string path) {
    auto normal = normalize_image_path(path);
    if (normal && !normal->empty()) out.files.push_back(std::move(*normal));
  };
  if (basenames) {
    if (!dir_indexes || !dir_names) return reader.bad(*basenames, "no DIRINDEXES or DIRNAMES");
    auto bases = reader.strings(*basenames);
    if (!bases) return tl::unexpected(bases.error());
    auto indexes = reader.int32s(*dir_indexes);
    if (!indexes) return tl::unexpected(indexes.error());
    auto dirs = reader.strings(*dir_names);
    if (!dirs) return tl::unexpected(dirs.error());
    if (indexes->size() != bases->size()) {
      return reader.bad(*dir_indexes, std::to_string(indexes->size()) + " entries for " +
                                          std::to_string(bases->size()) + " BASENAMES");
    }
    if (bases->size() > max_files) {
      out.files_capped = true;
      return out;
    }
    out.files.reserve(bases->size());
    for (std::size_t index = 0; index < bases->size(); ++index) {
      const uint32_t dir = (*indexes)[index];
      if (dir >= dirs->size()) {
        return reader.bad(*dir_indexes, "directory index " + std::to_string(dir) + " beyond the " +
                                            std::to_string(dirs->size()) + " DIRNAMES");
      }
      keep(std::string((*dirs)[dir]) + "/" + std::string((*bases)[index]));
    }
  } else if (old_files) {
    auto paths = reader.strings(*old_files);
    if (!paths) return tl::unexpected(paths.error());
    if (paths->size() > max_files) {
      out.files_capped = true;
      return out;
    }
    for (std::string_view path : *paths) keep(std::string(path));
  }
  return out;
}

std::string evr(const HeaderInfo& header) {
  std::string out;
  if (header.epoch && *header.epoch != 0) out = std::to_string(*header.epoch) + ":";
  return out + header.version + "-" + header.release;
}

std::optional<std::pair<std::string, std::string>> split_source_rpm(std::string_view source_rpm) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (!source_rpm.ends_with(suffix)) continue;
    const std::string_view nvr = source_rpm.substr(0, source_rpm.size() - suffix.size());
    const std::size_t release_dash = nvr.rfind('-');
    if (release_dash == std::string_view::npos || release_dash == 0) return std::nullopt;
    const std::size_t version_dash = nvr.rfind('-', release_dash - 1);
    if (version_dash == std::string_view::npos || version_dash == 0 ||
        version_dash + 1 == release_dash || release_dash + 1 == nvr.size()) {
      return std::nullopt;
    }
    return std::make_pair(std::string(nvr.substr(0, version_dash)),
                          std::string(nvr.substr(version_dash + 1)));
  }
  return std::nullopt;
}

}  // namespace hardock::image::rpm
