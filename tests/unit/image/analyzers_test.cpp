// The analyzers on image trees built from in-memory layers.
#include <gtest/gtest.h>

#include "hardock/image/analyzer.h"
#include "tar_builder.h"

namespace hardock::image {
namespace {

using namespace test;  // NOLINT: the TarItem factories

ImageTree tree_of(const std::vector<std::vector<TarItem>>& layers) {
  LayerOptions options;
  options.wanted = any_analyzer_wants;
  ImageTree tree;
  for (std::size_t index = 0; index < layers.size(); ++index) {
    const std::string tar = make_tar(layers[index]);
    MemorySource source(tar);
    auto record = read_layer(source, "layer" + std::to_string(index), options);
    EXPECT_TRUE(record.has_value()) << record.error().to_string();
    if (record) tree.add(std::move(*record));
  }
  return tree;
}

TEST(OsAnalyzer, OsReleaseWithQuotesAndEscapes) {
  auto inventory = analyze_image(tree_of({{file("etc/os-release",
                                                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                                                "ID=debian\nVERSION_ID=\"12\"\n"
                                                "VERSION_CODENAME=bookworm\n"),
                                           file("bin/sh", "ELF")}}));
  EXPECT_EQ(inventory.os.id, "debian");
  EXPECT_EQ(inventory.os.version_id, "12");
  EXPECT_EQ(inventory.os.version_codename, "bookworm");
  EXPECT_EQ(inventory.os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(inventory.os.source, "etc/os-release");
  EXPECT_FALSE(inventory.os.distroless);
}

TEST(OsAnalyzer, AlpineReleaseIsMorePreciseAndUsrLibIsAFallback) {
  auto alpine = analyze_image(tree_of({{file("usr/lib/os-release", "ID=alpine\nVERSION_ID=3.19\n"),
                                        symlink("etc/os-release", "../usr/lib/os-release"),
                                        file("etc/alpine-release", "3.19.1\n")}}));
  EXPECT_EQ(alpine.os.id, "alpine");
  EXPECT_EQ(alpine.os.version_id, "3.19.1");
  EXPECT_TRUE(alpine.os.distroless);  // no shell, no package manager in this tree
}

TEST(OsAnalyzer, OldDebianWithoutOsRelease) {
  auto old = analyze_image(tree_of({{file("etc/debian_version", "7.11\n"), file("bin/sh", "x")}}));
  EXPECT_EQ(old.os.id, "debian");
  EXPECT_EQ(old.os.version_id, "7.11");
  EXPECT_EQ(old.os.source, "etc/debian_version");
}

TEST(OsAnalyzer, AWhitedOutOsReleaseIsGone) {
  auto gone = analyze_image(
      tree_of({{file("etc/os-release", "ID=debian\n")}, {file("etc/.wh.os-release", "")}}));
  EXPECT_TRUE(gone.os.id.empty());
}

}  // namespace
}  // namespace hardock::image
