// The Berkeley DB and ndb readers on databases built byte by byte here: well-formed ones, and
// each structural lie a hostile image can tell (loops, shared pages, overlaps, lengths beyond
// the file). The databases rpm itself writes are tested in packages/rpm_fixture_test.cpp.
#include <gtest/gtest.h>

#include <map>

#include "hardock/image/analyzers/rpm_db.h"
#include "rpm_header_builder.h"

namespace hardock::image::rpm {
namespace {

void put_le32(std::string& bytes, std::size_t at, uint32_t value) {
  for (std::size_t index = 0; index < 4; ++index) {
    bytes[at + index] = static_cast<char>((value >> (8 * index)) & 0xff);
  }
}
void put_le16(std::string& bytes, std::size_t at, uint16_t value) {
  bytes[at] = static_cast<char>(value & 0xff);
  bytes[at + 1] = static_cast<char>(value >> 8);
}

// A little-endian Berkeley DB hash database with 512-byte pages: the meta page, one bucket page
// (page 1) holding `pairs` key/value items, and overflow pages after it.
class BdbBuilder {
 public:
  static constexpr std::size_t kPage = 512;

  explicit BdbBuilder(std::size_t pages) : bytes_(kPage * pages, '\0') {
    put_le32(bytes_, 12, 0x061561);
    put_le32(bytes_, 16, 9);
    put_le32(bytes_, 20, kPage);
    put_le32(bytes_, 32, static_cast<uint32_t>(pages - 1));
    put_le32(bytes_, 72, 0);  // max_bucket: one bucket
    put_le32(bytes_, 96, 1);  // spares[0]: bucket 0 on page 1
    for (std::size_t page = 0; page < pages; ++page) {
      put_le32(bytes_, page * kPage + 8, static_cast<uint32_t>(page));
    }
    page_type(1, 13);
  }

  void page_type(std::size_t page, unsigned char type) {
    bytes_[page * kPage + 25] = static_cast<char>(type);
  }
  void next(std::size_t page, uint32_t next) { put_le32(bytes_, page * kPage + 16, next); }

  // Adds a key/value pair to page 1; `value` is an inline item or an off-page one.
  void inline_pair(uint32_t key, const std::string& value) { pair(key, "\x01" + value); }
  void offpage_pair(uint32_t key, uint32_t page, uint32_t length) {
    std::string item(12, '\0');
    item[0] = 3;
    put_le32(item, 4, page);
    put_le32(item, 8, length);
    pair(key, item);
  }
  void overflow(std::size_t page, const std::string& data, uint32_t next_page) {
    page_type(page, 7);
    put_le16(bytes_, page * kPage + 22, static_cast<uint16_t>(data.size()));
    next(page, next_page);
    bytes_.replace(page * kPage + 26, data.size(), data);
  }

  std::string& bytes() { return bytes_; }

 private:
  void pair(uint32_t key, const std::string& value) {
    std::string key_item(5, '\0');
    key_item[0] = 1;
    put_le32(key_item, 1, key);
    place(key_item);
    place(value);
  }
  void place(const std::string& item) {
    free_end_ -= item.size();
    bytes_.replace(kPage + free_end_, item.size(), item);
    put_le16(bytes_, kPage + 26 + entries_ * 2, static_cast<uint16_t>(free_end_));
    ++entries_;
    put_le16(bytes_, kPage + 20, static_cast<uint16_t>(entries_));
  }

  std::string bytes_;
  std::size_t free_end_ = kPage;
  std::size_t entries_ = 0;
};

TEST(RpmBdb, InlineAndOverflowValuesAndTheReservedKey) {
  BdbBuilder db(4);
  db.inline_pair(0, "\x10\x00\x00\x00");  // rpm's reserved record: skipped
  db.inline_pair(7, "small header");
  db.offpage_pair(9, 2, 600);
  db.overflow(2, std::string(486, 'a'), 3);
  db.overflow(3, std::string(114, 'b'), 0);
  std::map<uint32_t, std::string> seen;
  auto result = read_bdb(
      db.bytes(), [&](uint32_t key, std::string_view blob) { seen[key] = std::string(blob); });
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(*result, 2U);
  EXPECT_EQ(seen.at(7), "small header");
  EXPECT_EQ(seen.at(9), std::string(486, 'a') + std::string(114, 'b'));
  EXPECT_EQ(seen.count(0), 0U);
}

core::Error bdb_error(const std::string& bytes) {
  auto result = read_bdb(bytes, [](uint32_t, std::string_view) {});
  EXPECT_FALSE(result);
  return result ? core::Error{} : result.error();
}

TEST(RpmBdb, OverflowChainSharedByEveryRecordIsRefused) {
  // 20 records, each pointing at the same 480-byte chain: 9600 bytes to assemble from a
  // 1536-byte file.
  BdbBuilder db(3);
  for (uint32_t key = 1; key <= 20; ++key) db.offpage_pair(key, 2, 480);
  db.overflow(2, std::string(480, 'x'), 0);
  std::size_t visited = 0;
  auto result = read_bdb(db.bytes(), [&](uint32_t, std::string_view) { ++visited; });
  ASSERT_FALSE(result);
  EXPECT_EQ(visited, 3U);
  EXPECT_NE(result.error().message.find("overflow length 480 beyond what the file can hold"),
            std::string::npos)
      << result.error().message;
}

TEST(RpmBdb, StructuralLiesAreErrors) {
  {
    BdbBuilder db(2);
    db.next(1, 1);  // the bucket page continues onto itself
    EXPECT_EQ(bdb_error(db.bytes()).message, "Berkeley DB: page 1 reached twice (a loop)");
  }
  {
    BdbBuilder db(4);
    db.offpage_pair(5, 2, 900);
    db.overflow(2, std::string(400, 'a'), 2);  // an overflow chain looping on itself
    EXPECT_NE(bdb_error(db.bytes()).message.find("overflow page 2 is not a well-formed"),
              std::string::npos);
  }
  {
    BdbBuilder db(3);
    db.offpage_pair(5, 2, 900);
    db.overflow(2, std::string(400, 'a'), 0);  // ends early
    EXPECT_NE(bdb_error(db.bytes()).message.find("overflow chain ends after 400 of 900 bytes"),
              std::string::npos);
  }
  {
    BdbBuilder db(2);
    db.next(1, 77);
    EXPECT_EQ(bdb_error(db.bytes()).message,
              "Berkeley DB: bucket 0 refers to page 77 beyond the last page");
  }
  {
    BdbBuilder db(2);
    db.page_type(1, 5);
    EXPECT_EQ(bdb_error(db.bytes()).message,
              "Berkeley DB: page 1 of bucket 0 has type 5, not a hash page");
  }
  {
    BdbBuilder db(2);
    put_le16(db.bytes(), BdbBuilder::kPage + 20, 300);  // 300 entries cannot fit
    EXPECT_EQ(bdb_error(db.bytes()).message,
              "Berkeley DB: page 1: 300 entries do not fit the page");
  }
  {
    BdbBuilder db(2);
    db.inline_pair(1, "x");
    put_le16(db.bytes(), BdbBuilder::kPage + 26, 20);  // key offset inside the index
    EXPECT_EQ(bdb_error(db.bytes()).message,
              "Berkeley DB: page 1 entry 0: item offsets out of order or outside the page");
  }
  {
    BdbBuilder db(2);
    put_le32(db.bytes(), BdbBuilder::kPage + 8, 9);  // the page names another number
    EXPECT_EQ(bdb_error(db.bytes()).message, "Berkeley DB: page 1 says it is page 9");
  }
  {
    BdbBuilder db(2);
    put_le32(db.bytes(), 32, 40);  // says 41 pages, has 2
    EXPECT_EQ(bdb_error(db.bytes()).message,
              "Berkeley DB: truncated: the meta page says 41 pages, the file holds 2");
  }
  {
    BdbBuilder db(2);
    put_le32(db.bytes(), 72, 5);  // six buckets in two pages
    EXPECT_EQ(bdb_error(db.bytes()).message, "Berkeley DB: 6 buckets in 2 pages");
  }
  {
    BdbBuilder db(2);
    put_le32(db.bytes(), 20, 1000);
    EXPECT_EQ(bdb_error(db.bytes()).message,
              "Berkeley DB: page size 1000 is not a power of two in 512..65536");
  }
  {
    BdbBuilder db(2);
    put_le32(db.bytes(), 12, 0x053162);
    EXPECT_EQ(bdb_error(db.bytes()).message,
              "Berkeley DB: a btree database, not the hash database rpm uses");
  }
  EXPECT_EQ(bdb_error(std::string(100, 'x')).message,
            "Berkeley DB: file of 100 bytes, shorter than a meta page");
  EXPECT_EQ(bdb_error(std::string(4096, 'x')).message,
            "Berkeley DB: not a Berkeley DB hash database (no hash magic number)");
}

// An ndb Packages.db with one slot page, blobs after it.
class NdbBuilder {
 public:
  NdbBuilder() : bytes_(4096, '\0') {
    bytes_.replace(0, 4, "RpmP");
    put_le32(bytes_, 12, 1);  // slot pages
    for (std::size_t at = 32; at < 4096; at += 16) bytes_.replace(at, 4, "Slot");
  }
  // Appends a blob for `package` and fills slot `slot` (2..255) with it.
  void add(std::size_t slot, uint32_t package, const std::string& blob) {
    const std::size_t block = bytes_.size() / 16;
    std::string record = "BlbS" + std::string(12, '\0');
    put_le32(record, 4, package);
    put_le32(record, 12, static_cast<uint32_t>(blob.size()));
    record += blob;
    while ((record.size() + 12) % 16 != 0) record += '\0';
    std::string tail(12, '\0');
    put_le32(tail, 4, static_cast<uint32_t>(blob.size()));
    tail.replace(8, 4, "BlbE");
    record += tail;
    bytes_ += record;
    set_slot(slot, package, static_cast<uint32_t>(block),
             static_cast<uint32_t>(record.size() / 16));
  }
  void set_slot(std::size_t slot, uint32_t package, uint32_t block, uint32_t blocks) {
    put_le32(bytes_, slot * 16 + 4, package);
    put_le32(bytes_, slot * 16 + 8, block);
    put_le32(bytes_, slot * 16 + 12, blocks);
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

TEST(RpmNdb, BlobsInSlotOrderAndFreeSlotsSkipped) {
  NdbBuilder db;
  db.add(2, 5, "first header");
  db.add(9, 3, std::string(100, 'h'));
  std::map<uint32_t, std::string> seen;
  auto result = read_ndb(
      db.bytes(), [&](uint32_t key, std::string_view blob) { seen[key] = std::string(blob); });
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(*result, 2U);
  EXPECT_EQ(seen.at(5), "first header");
  EXPECT_EQ(seen.at(3), std::string(100, 'h'));
}

core::Error ndb_error(const std::string& bytes) {
  auto result = read_ndb(bytes, [](uint32_t, std::string_view) {});
  EXPECT_FALSE(result);
  return result ? core::Error{} : result.error();
}

TEST(RpmNdb, StructuralLiesAreErrors) {
  {
    NdbBuilder db;
    db.add(2, 5, "aaaa");
    db.add(3, 6, "bbbb");
    db.set_slot(3, 6, 256, 2);  // package 6 claims package 5's blocks
    EXPECT_EQ(ndb_error(db.bytes()).message, "ndb: the blobs of packages 5 and 6 overlap");
  }
  {
    NdbBuilder db;
    db.add(2, 5, "aaaa");
    db.add(3, 5, "bbbb");
    EXPECT_EQ(ndb_error(db.bytes()).message, "ndb: two slots for package 5");
  }
  {
    NdbBuilder db;
    db.add(2, 5, "aaaa");
    db.set_slot(2, 5, 256, 1000);
    EXPECT_EQ(ndb_error(db.bytes()).message,
              "ndb: slot 2 (package 5): blocks 256+1000 outside the data area");
  }
  {
    NdbBuilder db;
    db.add(2, 5, "aaaa");
    db.set_slot(2, 5, 10, 2);  // inside the slot page
    EXPECT_EQ(ndb_error(db.bytes()).message,
              "ndb: slot 2 (package 5): blocks 10+2 outside the data area");
  }
  {
    NdbBuilder db;
    db.add(2, 5, "aaaa");
    put_le32(db.bytes(), 4096 + 12, 100);  // blob length beyond its blocks
    EXPECT_EQ(ndb_error(db.bytes()).message,
              "ndb: package 5: blob length 100 does not fill its 2 blocks");
  }
  {
    NdbBuilder db;
    db.add(2, 5, "aaaa");
    db.bytes().replace(db.bytes().size() - 4, 4, "XXXX");
    EXPECT_EQ(ndb_error(db.bytes()).message, "ndb: package 5: no matching blob tail");
  }
  {
    NdbBuilder db;
    db.add(2, 5, "aaaa");
    put_le32(db.bytes(), 4096 + 4, 6);
    EXPECT_EQ(ndb_error(db.bytes()).message, "ndb: package 5: no blob head for this package");
  }
  {
    NdbBuilder db;
    db.bytes().replace(48, 4, "Slit");
    EXPECT_EQ(ndb_error(db.bytes()).message, "ndb: slot 3: no magic");
  }
  {
    NdbBuilder db;
    put_le32(db.bytes(), 12, 2);
    EXPECT_EQ(ndb_error(db.bytes()).message, "ndb: 2 slot pages do not fit the 4096-byte file");
  }
  {
    NdbBuilder db;
    put_le32(db.bytes(), 4, 1);
    EXPECT_EQ(ndb_error(db.bytes()).message, "ndb: unsupported format version 1");
  }
  EXPECT_EQ(ndb_error("RpmP").message, "ndb: file of 4 bytes, shorter than its header");
  EXPECT_EQ(ndb_error(std::string(64, 'x')).message,
            "ndb: not an rpm ndb package database (no RpmP magic)");
}

TEST(RpmDb, SqliteNeedsTheSqliteMagic) {
  auto result = read_sqlite(std::string(4096, '\0'), [](uint32_t, std::string_view) {});
  ASSERT_FALSE(result);
}

}  // namespace
}  // namespace hardock::image::rpm
