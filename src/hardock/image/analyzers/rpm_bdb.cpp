// Berkeley DB hash databases (rpm's "Packages" up to rpm 4.15), read as rpm's own read-only
// backend (lib/backend/bdb_ro.c) reads them: the buckets in order, each bucket's page chain,
// key/value pairs on each page, values larger than a page in overflow chains.
//
// The format (Berkeley DB 5.3, dbinc/db_page.h and hash.h), in the database's byte order, which
// the magic number tells (databases written on big-endian machines are read too):
//   page 0, the hash meta page: magic 0x061561 at 12, version at 16, page size at 20, last page
//     at 32, max_bucket at 72, spares[32] at 96 (bucket b lives on page b + spares[bits(b)]);
//   every page: its own number at 8, next page at 16, entry count (uint16) at 20, free-area
//     offset (uint16; the data length on an overflow page) at 22, type (byte) at 25, then the
//     entry offsets (uint16 each) from 26. Hash pages (type 2 or 13) hold key, value, key, value
//     ... with each item's length running to the previous item's offset (the page end for the
//     first); an item starts with its type: 1 data inline, 3 off-page (page at +4, length at
//     +8), continued on overflow pages (type 7, data from 26).
#include <algorithm>
#include <string>
#include <vector>

#include "hardock/image/analyzers/rpm_db.h"

namespace hardock::image::rpm {
namespace {

constexpr uint32_t kHashMagic = 0x061561;
constexpr uint32_t kBtreeMagic = 0x053162;
constexpr std::size_t kPageHeader = 26;
constexpr unsigned char kPageHashUnsorted = 2;
constexpr unsigned char kPageOverflow = 7;
constexpr unsigned char kPageHash = 13;
constexpr unsigned char kItemKeyData = 1;
constexpr unsigned char kItemDuplicate = 2;
constexpr unsigned char kItemOffPage = 3;
constexpr unsigned char kItemOffDuplicate = 4;

tl::unexpected<core::Error> bdb_error(std::string message) {
  return core::fail(core::ErrorCode::kMalformedInput, "Berkeley DB: " + std::move(message));
}

class HashDb {
 public:
  HashDb(std::string_view file, bool big_endian) : file_(file), big_endian_(big_endian) {}

  uint32_t u32(std::string_view bytes, std::size_t at) const {
    uint32_t value = 0;
    for (std::size_t index = 0; index < 4; ++index) {
      const auto byte = static_cast<uint32_t>(
          static_cast<unsigned char>(bytes[at + (big_endian_ ? index : 3 - index)]));
      value = value << 8 | byte;
    }
    return value;
  }
  uint16_t u16(std::string_view bytes, std::size_t at) const {
    const auto first = static_cast<unsigned char>(bytes[at]);
    const auto second = static_cast<unsigned char>(bytes[at + 1]);
    return static_cast<uint16_t>(big_endian_ ? first << 8 | second : second << 8 | first);
  }

  core::Result<std::size_t> walk(const BlobVisitor& visit) {
    const std::string_view meta = file_.substr(0, 512);
    const uint32_t version = u32(meta, 16);
    if (version < 8 || version > 10) {
      return bdb_error("unsupported hash version " + std::to_string(version) +
                       " (8 to 10 are known)");
    }
    page_size_ = u32(meta, 20);
    if (page_size_ < 512 || page_size_ > 65536 || (page_size_ & (page_size_ - 1)) != 0) {
      return bdb_error("page size " + std::to_string(page_size_) +
                       " is not a power of two in 512..65536");
    }
    const uint64_t last_page = u32(meta, 32);
    const uint64_t pages_present = file_.size() / page_size_;
    if (last_page >= pages_present) {
      return bdb_error("truncated: the meta page says " + std::to_string(last_page + 1) +
                       " pages, the file holds " + std::to_string(pages_present));
    }
    pages_ = static_cast<std::size_t>(last_page + 1);
    const uint32_t max_bucket = u32(meta, 72);
    if (max_bucket >= pages_) {
      return bdb_error(std::to_string(uint64_t{max_bucket} + 1) + " buckets in " +
                       std::to_string(pages_) + " pages");
    }
    uint32_t spares[32];
    for (std::size_t index = 0; index < 32; ++index) spares[index] = u32(meta, 96 + index * 4);

    std::vector<bool> visited(pages_, false);
    std::size_t records = 0;
    for (uint32_t bucket = 0; bucket <= max_bucket; ++bucket) {
      std::size_t bits = 0;
      for (uint32_t rest = bucket; rest != 0; rest >>= 1) ++bits;
      uint64_t page_number = uint64_t{bucket} + spares[bits];
      while (page_number != 0) {
        if (page_number >= pages_) {
          return bdb_error("bucket " + std::to_string(bucket) + " refers to page " +
                           std::to_string(page_number) + " beyond the last page");
        }
        if (visited[page_number]) {
          return bdb_error("page " + std::to_string(page_number) + " reached twice (a loop)");
        }
        visited[page_number] = true;
        auto page = page_at(page_number);
        if (!page) return tl::unexpected(page.error());
        const auto type = static_cast<unsigned char>((*page)[25]);
        if (type != kPageHash && type != kPageHashUnsorted) {
          return bdb_error("page " + std::to_string(page_number) + " of bucket " +
                           std::to_string(bucket) + " has type " + std::to_string(type) +
                           ", not a hash page");
        }
        auto done = read_hash_page(*page, page_number, visit, records);
        if (!done) return tl::unexpected(done.error());
        page_number = u32(*page, 16);
      }
    }
    return records;
  }

 private:
  core::Result<std::string_view> page_at(uint64_t number) const {
    const std::string_view page =
        file_.substr(static_cast<std::size_t>(number) * page_size_, page_size_);
    if (u32(page, 8) != number) {
      return bdb_error("page " + std::to_string(number) + " says it is page " +
                       std::to_string(u32(page, 8)));
    }
    return page;
  }

  core::Result<void> read_hash_page(std::string_view page, uint64_t number,
                                    const BlobVisitor& visit, std::size_t& records) {
    const std::size_t entries = u16(page, 20);
    const std::size_t first_data = kPageHeader + entries * 2;
    if (first_data > page.size()) {
      return bdb_error("page " + std::to_string(number) + ": " + std::to_string(entries) +
                       " entries do not fit the page");
    }
    const auto where = [&](std::size_t entry) {
      return "page " + std::to_string(number) + " entry " + std::to_string(entry) + ": ";
    };
    for (std::size_t entry = 0; entry + 1 < entries; entry += 2) {
      const std::size_t key_at = u16(page, kPageHeader + entry * 2);
      const std::size_t value_at = u16(page, kPageHeader + entry * 2 + 2);
      const std::size_t key_end =
          entry == 0 ? page.size() : u16(page, kPageHeader + (entry - 1) * 2);
      if (key_at < first_data || key_end > page.size() || key_at >= key_end ||
          value_at < first_data || value_at >= key_at) {
        return bdb_error(where(entry) + "item offsets out of order or outside the page");
      }
      const std::string_view key = page.substr(key_at, key_end - key_at);
      const std::string_view value = page.substr(value_at, key_at - value_at);
      if (static_cast<unsigned char>(key[0]) != kItemKeyData || key.size() != 5) {
        return bdb_error(where(entry) + "the key is not a 4-byte header number");
      }
      const uint32_t hnum = u32(key, 1);
      std::string assembled;
      std::string_view blob;
      switch (static_cast<unsigned char>(value[0])) {
        case kItemKeyData:
          blob = value.substr(1);
          break;
        case kItemOffPage: {
          if (value.size() != 12)
            return bdb_error(where(entry) + "off-page item of the wrong size");
          auto chain = overflow(u32(value, 4), u32(value, 8));
          if (!chain) return bdb_error(where(entry) + chain.error().message);
          assembled = std::move(*chain);
          blob = assembled;
          break;
        }
        case kItemDuplicate:
        case kItemOffDuplicate:
          return bdb_error(where(entry) + "duplicate records, which rpm's Packages never holds");
        default:
          return bdb_error(where(entry) + "unknown item type " +
                           std::to_string(static_cast<unsigned char>(value[0])));
      }
      if (hnum == 0) continue;  // rpm's reserved record, not a package
      ++records;
      visit(hnum, blob);
    }
    return {};
  }

  // The value continued from `first` over overflow pages: exactly `length` bytes. Every byte
  // comes from some page at most once per record; all records together may not assemble more
  // bytes than the file holds, so pages shared between records cannot multiply the work.
  core::Result<std::string> overflow(uint64_t first, uint32_t length) {
    if (length == 0 || length > file_.size() - assembled_) {
      return tl::unexpected(core::Error{
          core::ErrorCode::kMalformedInput,
          "overflow length " + std::to_string(length) + " beyond what the file can hold",
          {}});
    }
    assembled_ += length;
    std::string out;
    out.reserve(length);
    uint64_t number = first;
    while (out.size() < length) {
      if (number == 0 || number >= pages_) {
        return tl::unexpected(
            core::Error{core::ErrorCode::kMalformedInput,
                        "overflow chain ends after " + std::to_string(out.size()) + " of " +
                            std::to_string(length) + " bytes (page " + std::to_string(number) + ")",
                        {}});
      }
      auto page = page_at(number);
      if (!page) return tl::unexpected(page.error());
      const std::size_t size = u16(*page, 22);
      if (static_cast<unsigned char>((*page)[25]) != kPageOverflow || size == 0 ||
          kPageHeader + size > page->size() || size > length - out.size()) {
        return tl::unexpected(core::Error{
            core::ErrorCode::kMalformedInput,
            "overflow page " + std::to_string(number) + " is not a well-formed overflow page",
            {}});
      }
      out.append(page->substr(kPageHeader, size));
      number = u32(*page, 16);
    }
    return out;
  }

  std::string_view file_;
  bool big_endian_;
  uint32_t page_size_ = 0;
  std::size_t pages_ = 0;
  std::size_t assembled_ = 0;
};

uint32_t read32(std::string_view bytes, std::size_t at, bool big_endian) {
  uint32_t value = 0;
  for (std::size_t index = 0; index < 4; ++index) {
    value = value << 8 | static_cast<unsigned char>(bytes[at + (big_endian ? index : 3 - index)]);
  }
  return value;
}

}  // namespace

core::Result<std::size_t> read_bdb(std::string_view bytes, const BlobVisitor& visit) {
  if (bytes.size() < 512) {
    return bdb_error("file of " + std::to_string(bytes.size()) +
                     " bytes, shorter than a meta page");
  }
  for (const bool big_endian : {false, true}) {
    const uint32_t magic = read32(bytes, 12, big_endian);
    if (magic == kHashMagic) return HashDb(bytes, big_endian).walk(visit);
    if (magic == kBtreeMagic) return bdb_error("a btree database, not the hash database rpm uses");
  }
  return bdb_error("not a Berkeley DB hash database (no hash magic number)");
}

}  // namespace hardock::image::rpm
