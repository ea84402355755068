// The layer walk: formats, whiteouts merged in layer order, and every hostile entry the reader
// must refuse, neutralise or bound.
#include "hardock/image/layer_reader.h"

#include <gtest/gtest.h>

#include "hardock/image/image_tree.h"
#include "tar_builder.h"

namespace hardock::image {
namespace {

using test::Compression;
using test::make_tar;
using test::TarItem;
using namespace test;  // the TarItem factories

LayerRecord read(const std::string& tar, const LayerOptions& options = {},
                 const std::string& digest = "sha256:test") {
  MemorySource source(tar);
  auto record = read_layer(source, digest, options);
  EXPECT_TRUE(record.has_value()) << record.error().to_string();
  return record ? *record : LayerRecord{};
}

core::Error read_error(const std::string& tar, const LayerOptions& options = {}) {
  MemorySource source(tar);
  auto record = read_layer(source, "sha256:bad", options);
  EXPECT_FALSE(record.has_value());
  return record ? core::Error{} : record.error();
}

bool has_anomaly(const LayerRecord& record, std::string_view part) {
  for (const auto& anomaly : record.anomalies) {
    if (anomaly.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(LayerReader, ReadsEveryCompressionTheSameWay) {
  const std::vector<TarItem> items = {
      dir("etc/"),
      file("etc/os-release", "ID=debian\n"),
      file("usr/bin/su", "ELF", 04755),
      symlink("bin", "usr/bin"),
  };
  LayerOptions options;
  options.wanted = [](std::string_view path) { return path == "etc/os-release"; };
  for (auto compression : {Compression::kNone, Compression::kGzip, Compression::kZstd}) {
    auto record = read(make_tar(items, compression), options);
    ASSERT_EQ(record.entries.size(), 4u);
    EXPECT_EQ(record.entries[1].path, "etc/os-release");
    ASSERT_TRUE(record.entries[1].entry.content.has_value());
    EXPECT_EQ(*record.entries[1].entry.content, "ID=debian\n");
    EXPECT_FALSE(record.entries[2].entry.content.has_value());  // not asked for
    EXPECT_EQ(record.entries[2].entry.mode, 04755u);
    EXPECT_EQ(record.entries[3].entry.type, EntryType::kSymlink);
    EXPECT_EQ(record.entries[3].entry.link, "usr/bin");
    EXPECT_GT(record.compressed_bytes, 0u);
  }
}

TEST(ImageTree, WhiteoutsAndOpaqueDirectoriesHideOnlyLowerLayers) {
  ImageTree tree;
  tree.add(read(
      make_tar({file("app/config", "v1"), file("app/cache/a", "x"), file("etc/secret", "s")})));
  tree.add(read(make_tar({file("etc/.wh.secret", ""), file("app/cache/.wh..wh..opq", ""),
                          file("app/cache/b", "y"), file("app/config", "v2")})));
  const auto& index = tree.index();
  EXPECT_EQ(index.find("etc/secret"), nullptr);
  EXPECT_EQ(index.find("app/cache/a"), nullptr);
  ASSERT_NE(index.find("app/cache/b"), nullptr);  // same layer as the opaque marker: kept
  EXPECT_EQ(index.find("app/cache/b")->layer, 1);
  EXPECT_EQ(index.find("app/config")->layer, 1);
  EXPECT_EQ(index.find("app/.wh..wh..opq"), nullptr);
  EXPECT_EQ(index.find("etc/.wh.secret"), nullptr);
}

TEST(ImageTree, AFileOverADirectoryHidesTheDirectorysContent) {
  ImageTree tree;
  tree.add(read(make_tar({file("opt/tool/bin", "x")})));
  tree.add(read(make_tar({file("opt/tool", "now a file")})));
  EXPECT_EQ(tree.index().find("opt/tool/bin"), nullptr);
  EXPECT_EQ(tree.index().find("opt/tool")->type, EntryType::kFile);
}

TEST(ImageTree, ContentFollowsLinksInsideTheImageOnly) {
  LayerOptions options;
  options.wanted = [](std::string_view path) { return path == "etc/passwd"; };
  ImageTree tree;
  tree.add(read(make_tar({file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"),
                          symlink("etc/shadow-link", "/etc/passwd"),
                          symlink("escape", "../../../../etc/passwd"), symlink("loop", "loop"),
                          hardlink("hard", "etc/passwd")}),
                options));
  ASSERT_NE(tree.content("etc/shadow-link"), nullptr);
  // ".." stops at the image root, as in a chroot: the image's own /etc/passwd, never the host's.
  ASSERT_NE(tree.content("escape"), nullptr);
  EXPECT_EQ(*tree.content("escape"), "root:x:0:0::/root:/bin/sh\n");
  EXPECT_NE(tree.content("hard"), nullptr);
  EXPECT_EQ(tree.content("loop"), nullptr);
  EXPECT_FALSE(tree.index().resolve("loop").has_value());
}

TEST(LayerReader, HostileEntriesAreRefusedOrNeutralised) {
  auto record = read(make_tar({
      file("/etc/absolute", "a"),
      file("../../escape", "e"),
      file("a/../../escape2", "e"),
      hardlink("inside", "../../etc/shadow"),
      device("dev/sda"),
      file("dup", "1"),
      file("dup", "2"),
      file("dir/.wh..", ""),
  }));
  std::vector<std::string> paths;
  for (const auto& entry : record.entries) paths.push_back(entry.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"etc/absolute", "dev/sda", "dup", "dup"}));
  EXPECT_TRUE(has_anomaly(record, "/etc/absolute has an absolute path"));
  EXPECT_TRUE(has_anomaly(record, "../../escape climbs above the root"));
  EXPECT_TRUE(has_anomaly(record, "a/../../escape2 climbs above the root"));
  EXPECT_TRUE(has_anomaly(record, "hardlink inside points above the root"));
  EXPECT_TRUE(has_anomaly(record, "device file dev/sda"));
  EXPECT_TRUE(has_anomaly(record, "duplicate entry dup"));
  EXPECT_TRUE(has_anomaly(record, "whiteout dir/.wh.. names nothing removable"));
  EXPECT_TRUE(record.whiteouts.empty());
  ImageTree tree;
  tree.add(std::move(record));
  EXPECT_EQ(tree.index().size(), 3u);  // the last "dup" counts
}

TEST(LayerReader, TruncatedOrCorruptArchivesNameTheLayer) {
  const std::string tar = make_tar({file("big", std::string(100000, 'x'))}, Compression::kGzip);
  auto error = read_error(tar.substr(0, tar.size() / 2));
  EXPECT_EQ(error.code, core::ErrorCode::kMalformedInput);
  EXPECT_NE(error.to_string().find("layer sha256:bad"), std::string::npos) << error.to_string();
  EXPECT_FALSE(read_error(std::string(4096, '\x42')).message.empty());
}

TEST(LayerReader, DecompressionBombsAndHugeEntriesAreStoppedEarly) {
  // 200 MB of zeros compress to a few hundred kB with gzip: over a 100:1 ratio limit.
  const std::string bomb = make_tar({zeros("zeros", 200LL << 20)}, Compression::kGzip);
  LayerOptions options;
  options.limits.max_ratio = 100;
  auto error = read_error(bomb, options);
  EXPECT_NE(error.message.find("decompression ratio"), std::string::npos) << error.message;
  options = {};
  options.limits.max_uncompressed_bytes = 16 << 20;
  error = read_error(bomb, options);
  EXPECT_NE(error.message.find("claims"), std::string::npos) << error.message;
  options = {};
  options.limits.max_entries = 2;
  error = read_error(make_tar({file("a", ""), file("b", ""), file("c", "")}), options);
  EXPECT_NE(error.message.find("more than 2 entries"), std::string::npos);
}

TEST(LayerReader, AWantedFileOverItsCapIsKeptWithoutContent) {
  LayerOptions options;
  options.limits.max_file_bytes = 10;
  options.wanted = [](std::string_view) { return true; };
  auto record = read(make_tar({file("var/lib/dpkg/status", std::string(11, 'x'))}), options);
  ASSERT_EQ(record.entries.size(), 1u);
  EXPECT_FALSE(record.entries[0].entry.content.has_value());
  EXPECT_TRUE(has_anomaly(record, "over the 10-byte cap"));
}

class Collector final : public EntryObserver {
 public:
  bool wants(const std::string& path, const FileEntry&) override { return path.ends_with(".env"); }
  void chunk(std::string_view bytes) override { seen += bytes; }
  void end() override { seen += '|'; }
  std::string seen;
};

TEST(LayerReader, ObserversSeeTheWantedBytesInOrder) {
  Collector collector;
  LayerOptions options;
  options.observer = &collector;
  read(make_tar({file("app/.env", "TOKEN=abc"), file("app/readme", "hello"),
                 file("b.env", std::string(200000, 'z'))}),
       options);
  EXPECT_EQ(collector.seen, "TOKEN=abc|" + std::string(200000, 'z') + "|");
}

}  // namespace
}  // namespace hardock::image
