// rpm's own package database, "Packages.db" (the ndb backend, SUSE since 15.3), as rpm's
// lib/backend/ndb/rpmpkg.c lays it out; every number little-endian:
//   a 32-byte header: "RpmP", format version 0, generation, slot pages, next package index;
//   then, in the slot pages (4096 bytes each, the header taking the first two slots), 16-byte
//   slots: "Slot", package index, block offset, block count (offset 0: a free slot);
//   each package's blob at block offset * 16: "BlbS", package index, time stamp, blob length,
//   the header blob, zero padding, adler32, blob length again, "BlbE", filling exactly block
//   count 16-byte blocks.
#include <algorithm>
#include <string>
#include <vector>

#include "hardock/image/analyzers/rpm_db.h"

namespace hardock::image::rpm {
namespace {

constexpr std::size_t kSlotSize = 16;
constexpr std::size_t kBlockSize = 16;
constexpr std::size_t kSlotPageSize = 4096;
constexpr std::size_t kHeaderSize = 32;
constexpr std::size_t kBlobHead = 16;
constexpr std::size_t kBlobTail = 12;

uint32_t le32(std::string_view bytes, std::size_t at) {
  uint32_t value = 0;
  for (std::size_t index = 4; index > 0; --index) {
    value = value << 8 | static_cast<unsigned char>(bytes[at + index - 1]);
  }
  return value;
}

tl::unexpected<core::Error> ndb_error(std::string message) {
  return core::fail(core::ErrorCode::kMalformedInput, "ndb: " + std::move(message));
}

struct Slot {
  uint32_t package = 0;
  uint64_t block = 0;
  uint64_t blocks = 0;
};

}  // namespace

core::Result<std::size_t> read_ndb(std::string_view bytes, const BlobVisitor& visit) {
  if (bytes.size() < kHeaderSize) {
    return ndb_error("file of " + std::to_string(bytes.size()) + " bytes, shorter than its header");
  }
  if (bytes.substr(0, 4) != "RpmP")
    return ndb_error("not an rpm ndb package database (no RpmP magic)");
  if (const uint32_t version = le32(bytes, 4); version != 0) {
    return ndb_error("unsupported format version " + std::to_string(version));
  }
  const uint64_t slot_pages = le32(bytes, 12);
  if (slot_pages == 0 || slot_pages * kSlotPageSize > bytes.size()) {
    return ndb_error(std::to_string(slot_pages) + " slot pages do not fit the " +
                     std::to_string(bytes.size()) + "-byte file");
  }
  const uint64_t file_blocks = bytes.size() / kBlockSize;
  const uint64_t first_data_block = slot_pages * kSlotPageSize / kBlockSize;

  std::vector<Slot> slots;
  for (std::size_t at = kHeaderSize; at < slot_pages * kSlotPageSize; at += kSlotSize) {
    const std::size_t number = at / kSlotSize;
    if (bytes.substr(at, 4) != "Slot")
      return ndb_error("slot " + std::to_string(number) + ": no magic");
    Slot slot{le32(bytes, at + 4), le32(bytes, at + 8), le32(bytes, at + 12)};
    if (slot.block == 0) continue;  // free
    if (slot.package == 0 || slot.blocks == 0 || slot.block < first_data_block ||
        slot.block + slot.blocks > file_blocks) {
      return ndb_error("slot " + std::to_string(number) + " (package " +
                       std::to_string(slot.package) + "): blocks " + std::to_string(slot.block) +
                       "+" + std::to_string(slot.blocks) + " outside the data area");
    }
    slots.push_back(slot);
  }
  // Blobs may not overlap (rpm refuses such a database too): each byte is then read once, and
  // the work stays linear in the file.
  std::stable_sort(slots.begin(), slots.end(),
                   [](const Slot& left, const Slot& right) { return left.block < right.block; });
  for (std::size_t index = 1; index < slots.size(); ++index) {
    if (slots[index].block < slots[index - 1].block + slots[index - 1].blocks) {
      return ndb_error("the blobs of packages " + std::to_string(slots[index - 1].package) +
                       " and " + std::to_string(slots[index].package) + " overlap");
    }
  }
  std::vector<uint32_t> packages;
  packages.reserve(slots.size());
  for (const Slot& slot : slots) packages.push_back(slot.package);
  std::sort(packages.begin(), packages.end());
  if (auto twice = std::adjacent_find(packages.begin(), packages.end()); twice != packages.end()) {
    return ndb_error("two slots for package " + std::to_string(*twice));
  }

  std::size_t records = 0;
  for (const Slot& slot : slots) {
    const std::string_view blob = bytes.substr(slot.block * kBlockSize, slot.blocks * kBlockSize);
    const std::string where = "package " + std::to_string(slot.package) + ": ";
    if (blob.size() < kBlobHead + kBlobTail) return ndb_error(where + "blob area too small");
    if (blob.substr(0, 4) != "BlbS" || le32(blob, 4) != slot.package) {
      return ndb_error(where + "no blob head for this package");
    }
    const uint64_t length = le32(blob, 12);
    if ((kBlobHead + length + kBlobTail + kBlockSize - 1) / kBlockSize != slot.blocks) {
      return ndb_error(where + "blob length " + std::to_string(length) + " does not fill its " +
                       std::to_string(slot.blocks) + " blocks");
    }
    const std::string_view tail = blob.substr(blob.size() - kBlobTail);
    if (le32(tail, 4) != length || tail.substr(8, 4) != "BlbE") {
      return ndb_error(where + "no matching blob tail");
    }
    ++records;
    visit(slot.package, blob.substr(kBlobHead, length));
  }
  return records;
}

}  // namespace hardock::image::rpm
