#include "hardock/image_cache/analysis_codec.h"

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "hardock/image/source_manifest.h"

namespace hardock::image_cache {

using image::Account;
using image::EntryType;
using image::FileEntry;
using image::FileIndex;
using image::ImageTree;
using image::Inventory;
using image::LayerSummary;
using image::OsInfo;
using image::Package;
namespace analysis_codec {

constexpr std::string_view kMagic = "hdkimage";
// The layout of the record; the analysis version (analysis_cache.h) says what made its content.
constexpr uint32_t kCodecVersion = 1;
constexpr uint64_t kMaxStringBytes = uint64_t{16} << 20;
constexpr uint32_t kMaxMode = 07777;
constexpr uint8_t kLastEntryType = static_cast<uint8_t>(EntryType::kFifo);

// The fewest bytes one item of each list takes: a count that needs more than what is left is
// refused before anything is allocated.
constexpr std::size_t kMinLayerBytes = 4 + 3 * 8 + 4;
constexpr std::size_t kMinEntryBytes = 4 + 1 + 4 + 3 * 8 + 4 + 4;
constexpr std::size_t kMinPackageBytes = 7 * 4 + 4 + 4;
constexpr std::size_t kMinAccountBytes = 4 + 8 + 8 + 4 + 4 + 1;
constexpr std::size_t kMinSecretBytes = 4 + 4 + 4 + 4 + 1;
constexpr std::size_t kMinStringBytes = 4;

class Writer {
 public:
  void u8(uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void u32(uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) u8(static_cast<uint8_t>(value >> shift));
  }
  void u64(uint64_t value) {
    for (int shift = 0; shift < 64; shift += 8) u8(static_cast<uint8_t>(value >> shift));
  }
  void i64(int64_t value) { u64(static_cast<uint64_t>(value)); }
  void i32(int32_t value) { u32(static_cast<uint32_t>(value)); }
  void boolean(bool value) { u8(value ? 1 : 0); }
  void str(std::string_view text) {
    if (text.size() > kMaxStringBytes) too_large_ = true;
    u32(static_cast<uint32_t>(text.size()));
    out_.append(text.data(), text.size());
  }
  void count(std::size_t value) {
    if (value > UINT32_MAX) too_large_ = true;
    u32(static_cast<uint32_t>(value));
  }
  void strings(const std::vector<std::string>& values) {
    count(values.size());
    for (const auto& value : values) str(value);
  }
  [[nodiscard]] bool too_large() const { return too_large_ || out_.size() > kMaxAnalysisBytes; }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
  bool too_large_ = false;
};

// Reads front to back; the first failure sticks (error_ names it) and every later read returns
// zeros, so a decoder reads straight through and checks ok() where it matters.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  uint8_t u8() {
    if (!take(1, "truncated")) return 0;
    return static_cast<uint8_t>(bytes_[position_ - 1]);
  }
  // A little-endian unsigned integer of sizeof(T) bytes.
  template <class T>
  T little() {
    constexpr int kBytes = sizeof(T);
    if (!take(kBytes, "truncated")) return 0;
    T value = 0;
    for (int index = kBytes - 1; index >= 0; --index) {
      value =
          static_cast<T>((value << 8) | static_cast<uint8_t>(bytes_[position_ - kBytes + index]));
    }
    return value;
  }
  uint32_t u32() { return little<uint32_t>(); }
  uint64_t u64() { return little<uint64_t>(); }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  bool boolean() {
    const uint8_t value = u8();
    if (value > 1) fail("a flag is neither 0 nor 1");
    return value == 1;
  }
  std::string str() {
    const uint32_t size = u32();
    if (size > kMaxStringBytes) fail("a string of " + std::to_string(size) + " bytes");
    if (!take(size, "truncated")) return {};
    return std::string(bytes_.substr(position_ - size, size));
  }
  // A list length, refused when its items cannot fit in what is left.
  std::size_t count(std::size_t min_item_bytes, std::string_view what) {
    const uint32_t value = u32();
    if (ok() && value > (bytes_.size() - position_) / min_item_bytes) {
      fail(std::string(what) + ": " + std::to_string(value) + " items do not fit in the record");
      return 0;
    }
    return ok() ? value : 0;
  }
  std::vector<std::string> strings(std::string_view what) {
    std::vector<std::string> values(count(kMinStringBytes, what));
    for (auto& value : values) value = str();
    return values;
  }

  void fail(std::string reason) {
    if (error_.empty()) error_ = std::move(reason);
    position_ = bytes_.size();
  }
  [[nodiscard]] bool ok() const { return error_.empty(); }
  [[nodiscard]] bool at_end() const { return position_ == bytes_.size(); }
  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  bool take(std::size_t size, const char* reason) {
    if (!ok()) return false;
    if (size > bytes_.size() - position_) {
      fail(reason);
      return false;
    }
    position_ += size;
    return true;
  }

  std::string_view bytes_;
  std::size_t position_ = 0;
  std::string error_;
};

void write_account(Writer& out, const Account& account) {
  out.str(account.name);
  out.i64(account.id);
  out.i64(account.group);
  out.str(account.home);
  out.str(account.shell);
  out.boolean(account.empty_password);
}

Account read_account(Reader& in) {
  Account account;
  account.name = in.str();
  account.id = in.i64();
  account.group = in.i64();
  account.home = in.str();
  account.shell = in.str();
  account.empty_password = in.boolean();
  return account;
}

void write_payload(Writer& out, const ImageTree& tree, const Inventory& inventory) {
  out.count(tree.layers().size());
  for (const auto& layer : tree.layers()) {
    out.str(layer.digest);
    out.u64(layer.compressed_bytes);
    out.u64(layer.uncompressed_bytes);
    out.u64(layer.entries);
    out.strings(layer.anomalies);
  }
  out.count(tree.index().size());
  for (const auto& [path, entry] : tree.index().entries()) {
    out.str(path);
    out.u8(static_cast<uint8_t>(entry.type));
    out.u32(entry.mode);
    out.i64(entry.uid);
    out.i64(entry.gid);
    out.i64(entry.size);
    out.str(entry.link);
    out.i32(entry.layer);
  }
  const OsInfo& os = inventory.os;
  for (const std::string* field :
       {&os.id, &os.id_like, &os.version_id, &os.version_codename, &os.pretty_name, &os.source}) {
    out.str(*field);
  }
  out.boolean(os.distroless);
  out.count(inventory.packages.size());
  for (const auto& package : inventory.packages) {
    for (const std::string* field :
         {&package.ecosystem, &package.name, &package.version, &package.source_name,
          &package.source_version, &package.architecture, &package.database}) {
      out.str(*field);
    }
    out.i32(package.origin_layer);
    out.strings(package.files);
  }
  out.count(inventory.users.size());
  for (const auto& user : inventory.users) write_account(out, user);
  out.count(inventory.groups.size());
  for (const auto& group : inventory.groups) write_account(out, group);
  out.count(inventory.secrets.size());
  for (const auto& secret : inventory.secrets) {
    out.str(secret.path);
    out.i32(secret.layer);
    out.str(secret.rule);
    out.str(secret.redacted);
    out.boolean(secret.removed_later);
  }
  out.strings(inventory.errors);
}

// The file index, entry by entry in the order it was written (strictly increasing paths, each
// normalised), into a fresh index: put() in that order rebuilds exactly the map that was stored,
// since an entry only ever hides entries below it, which come after it.
FileIndex read_index(Reader& in, int layers) {
  FileIndex index;
  const std::size_t entries = in.count(kMinEntryBytes, "file entries");
  std::string previous;
  for (std::size_t entry_idx = 0; entry_idx < entries && in.ok(); ++entry_idx) {
    std::string path = in.str();
    FileEntry entry;
    const uint8_t type = in.u8();
    entry.mode = in.u32();
    entry.uid = in.i64();
    entry.gid = in.i64();
    entry.size = in.i64();
    entry.link = in.str();
    entry.layer = in.i32();
    if (!in.ok()) break;
    const auto normalised = image::normalize_image_path(path);
    const char* problem =
        type > kLastEntryType                      ? "an entry of unknown type"
        : entry.mode > kMaxMode                    ? "an entry mode above 07777"
        : entry.size < 0                           ? "an entry of negative size"
        : entry.layer < 0 || entry.layer >= layers ? "an entry of a layer the image does not have"
        : entry_idx > 0 && path <= previous        ? "entries out of order or repeated"
        : !normalised || *normalised != path       ? "an entry path that is not normalised"
                                                   : nullptr;
    if (problem != nullptr) {
      in.fail(problem);
      break;
    }
    entry.type = static_cast<EntryType>(type);
    previous = path;
    index.put(path, std::move(entry));
  }
  return index;
}

Inventory read_inventory(Reader& in, int layers) {
  Inventory inventory;
  OsInfo& os = inventory.os;
  for (std::string* field :
       {&os.id, &os.id_like, &os.version_id, &os.version_codename, &os.pretty_name, &os.source}) {
    *field = in.str();
  }
  os.distroless = in.boolean();
  inventory.packages.resize(in.count(kMinPackageBytes, "packages"));
  for (auto& package : inventory.packages) {
    for (std::string* field :
         {&package.ecosystem, &package.name, &package.version, &package.source_name,
          &package.source_version, &package.architecture, &package.database}) {
      *field = in.str();
    }
    package.origin_layer = in.i32();
    if (in.ok() && (package.origin_layer < -1 || package.origin_layer >= layers)) {
      in.fail("a package from a layer the image does not have");
    }
    package.files = in.strings("package files");
  }
  inventory.users.resize(in.count(kMinAccountBytes, "users"));
  for (auto& user : inventory.users) user = read_account(in);
  inventory.groups.resize(in.count(kMinAccountBytes, "groups"));
  for (auto& group : inventory.groups) group = read_account(in);
  inventory.secrets.resize(in.count(kMinSecretBytes, "secrets"));
  for (auto& secret : inventory.secrets) {
    secret.path = in.str();
    secret.layer = in.i32();
    if (in.ok() && (secret.layer < 0 || secret.layer >= layers)) {
      in.fail("a secret in a layer the image does not have");
    }
    secret.rule = in.str();
    secret.redacted = in.str();
    secret.removed_later = in.boolean();
  }
  inventory.errors = in.strings("inventory errors");
  return inventory;
}

tl::unexpected<core::Error> malformed(const std::string& reason) {
  return core::fail(core::ErrorCode::kMalformedInput, "cached analysis: " + reason);
}

}  // namespace analysis_codec

core::Result<std::string> encode_analysis(std::string_view image_id, std::string_view version,
                                          const ImageTree& tree, const Inventory& inventory) {
  using analysis_codec::Writer;
  Writer payload;
  payload.str(image_id);
  payload.str(version);
  analysis_codec::write_payload(payload, tree, inventory);
  Writer record;
  record.bytes() = analysis_codec::kMagic;
  record.u32(analysis_codec::kCodecVersion);
  record.u64(payload.bytes().size());
  record.str(image::sha256_digest(payload.bytes()));
  record.bytes() += payload.bytes();
  if (payload.too_large() || record.too_large()) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "the analysis is too large to cache (over " +
                          std::to_string(kMaxAnalysisBytes >> 20) +
                          " MiB, or a field over 16 MiB)");
  }
  return std::move(record.bytes());
}

core::Result<ImageAnalysis> decode_analysis(std::string_view bytes, std::string_view image_id,
                                            std::string_view version) {
  using analysis_codec::malformed;
  if (bytes.size() > kMaxAnalysisBytes) {
    return malformed(std::to_string(bytes.size()) + " bytes, over the " +
                     std::to_string(kMaxAnalysisBytes >> 20) + " MiB cap");
  }
  if (!bytes.starts_with(analysis_codec::kMagic)) return malformed("not a hardock record");
  analysis_codec::Reader header(bytes.substr(analysis_codec::kMagic.size()));
  const uint32_t codec = header.u32();
  const uint64_t payload_size = header.u64();
  const std::string digest = header.str();
  if (!header.ok()) return malformed(header.error());
  if (codec != analysis_codec::kCodecVersion) {
    return malformed("record format " + std::to_string(codec) + ", this hardock reads " +
                     std::to_string(analysis_codec::kCodecVersion));
  }
  const std::string_view payload = bytes.substr(analysis_codec::kMagic.size() + header.position());
  if (payload.size() != payload_size) {
    return malformed(payload.size() < payload_size ? "truncated" : "trailing bytes");
  }
  if (digest != image::sha256_digest(payload)) return malformed("checksum mismatch");

  analysis_codec::Reader in(payload);
  const std::string stored_id = in.str();
  const std::string stored_version = in.str();
  if (in.ok() && stored_id != image_id) return malformed("made for another image");
  if (in.ok() && stored_version != version) return malformed("made by another analysis version");
  std::vector<LayerSummary> layers(in.count(analysis_codec::kMinLayerBytes, "layers"));
  for (auto& layer : layers) {
    layer.digest = in.str();
    layer.compressed_bytes = in.u64();
    layer.uncompressed_bytes = in.u64();
    layer.entries = in.u64();
    layer.anomalies = in.strings("layer anomalies");
  }
  const int layer_count = static_cast<int>(layers.size());
  FileIndex index = analysis_codec::read_index(in, layer_count);
  Inventory inventory = analysis_codec::read_inventory(in, layer_count);
  if (in.ok() && !in.at_end()) in.fail("trailing bytes");
  if (!in.ok()) return malformed(in.error());
  return ImageAnalysis{ImageTree::restored(std::move(index), std::move(layers)),
                       std::move(inventory)};
}

}  // namespace hardock::image_cache
