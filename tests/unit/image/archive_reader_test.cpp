// Whole images from archives, built here in both layouts `docker save` writes (legacy and OCI)
// and as OCI archives with a multi-platform index; digests are real sha256 sums.
#include "hardock/image/archive_reader.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "hardock/core/sha256.h"
#include "tar_builder.h"

namespace hardock::image {
namespace {

using namespace test;  // NOLINT: the TarItem factories

std::string sha256(const std::string& bytes) { return core::sha256_hex(bytes); }

const std::string kBase =
    make_tar({dir("etc/"), file("etc/os-release", "ID=alpine\n"), file("etc/secret", "s3cr3t")});
const std::string kTop = make_tar({file("etc/.wh.secret", ""), file("app/run", "#!/bin/sh\n")});

std::string config_json(const std::vector<std::string>& diff_ids) {
  std::string ids;
  for (const auto& id : diff_ids) ids += (ids.empty() ? "\"" : ",\"") + ("sha256:" + id) + "\"";
  return R"({"architecture":"amd64","os":"linux","created":"2026-01-02T03:04:05Z",
    "config":{"User":"","Env":["PATH=/bin","API_TOKEN=abc"],"ExposedPorts":{"22/tcp":{}},
              "Labels":{"maintainer":"x"},"Cmd":"/app/run"},
    "rootfs":{"type":"layers","diff_ids":[)" +
         ids + R"(]},
    "history":[{"created_by":"/bin/sh -c #(nop) ADD file:abc in /"},
               {"created_by":"RUN rm /etc/secret"}]})";
}

LayerOptions wanting_os_release() {
  LayerOptions options;
  options.wanted = [](std::string_view path) { return path == "etc/os-release"; };
  return options;
}

void expect_image(const Image& image) {
  EXPECT_EQ(image.config.user, "");
  EXPECT_EQ(image.config.exposed_ports, std::vector<std::string>{"22/tcp"});
  EXPECT_EQ(image.config.cmd, std::vector<std::string>{"/app/run"});
  EXPECT_EQ(image.tree.layers().size(), 2u);
  EXPECT_EQ(image.tree.index().find("etc/secret"), nullptr);  // whited out by the top layer
  ASSERT_NE(image.tree.content("etc/os-release"), nullptr);
  EXPECT_EQ(*image.tree.content("etc/os-release"), "ID=alpine\n");
  EXPECT_NE(image.tree.index().find("app/run"), nullptr);
}

TEST(ArchiveReader, LegacyDockerSaveInAnyMemberOrder) {
  const std::string config = config_json({sha256(kBase), sha256(kTop)});
  const std::string id = sha256(config);
  const std::string manifest = R"([{"Config":")" + id + R"(.json","RepoTags":["app:1"],
      "Layers":["l1/layer.tar","l2/layer.tar"]}])";
  // The top layer first and the manifest last: the reader merges in the manifest's order.
  const std::string archive =
      make_tar({file("l2/layer.tar", kTop), file(id + ".json", config), file("l1/layer.tar", kBase),
                file("manifest.json", manifest)});
  MemorySource source(archive);
  auto image = read_image_archive(source, "docker-archive:test", {}, wanting_os_release());
  ASSERT_TRUE(image.has_value()) << image.error().to_string();
  EXPECT_EQ(image->config_digest, "sha256:" + id);
  EXPECT_EQ(image->repo_tags, std::vector<std::string>{"app:1"});
  expect_image(*image);
}

TEST(ArchiveReader, OciArchiveWithAPlatformIndexAndGzipLayers) {
  const std::string base_gz =
      make_tar({dir("etc/"), file("etc/os-release", "ID=alpine\n"), file("etc/secret", "s3cr3t")},
               Compression::kGzip);
  const std::string top_gz =
      make_tar({file("etc/.wh.secret", ""), file("app/run", "#!/bin/sh\n")}, Compression::kZstd);
  const std::string config = config_json({sha256(kBase), sha256(kTop)});
  const std::string manifest =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
      "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:)" +
      sha256(config) + R"(","size":1},
      "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:)" +
      sha256(base_gz) + R"(","size":1},
                {"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"sha256:)" +
      sha256(top_gz) + R"(","size":1}]})";
  const std::string other = R"({"schemaVersion":2,"config":{"digest":"sha256:)" +
                            std::string(64, 'e') + R"("},"layers":[]})";
  const std::string platforms =
      R"({"schemaVersion":2,"manifests":[
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:)" +
      sha256(other) + R"(","platform":{"os":"linux","architecture":"s390x"}},
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:)" +
      sha256(manifest) + R"(","platform":{"os":"linux","architecture":"riscv64"}}]})";
  const std::string index = R"({"schemaVersion":2,"manifests":[
      {"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:)" +
                            sha256(platforms) +
                            R"(","annotations":{"org.opencontainers.image.ref.name":"1.0"}}]})";
  const std::string archive = make_tar({
      file("oci-layout", R"({"imageLayoutVersion":"1.0.0"})"),
      file("blobs/sha256/" + sha256(top_gz), top_gz),
      file("blobs/sha256/" + sha256(base_gz), base_gz),
      file("blobs/sha256/" + sha256(config), config),
      file("blobs/sha256/" + sha256(manifest), manifest),
      file("blobs/sha256/" + sha256(other), other),
      file("blobs/sha256/" + sha256(platforms), platforms),
      file("index.json", index),
  });
  ImageSelection selection;
  selection.platform = "linux/riscv64";
  MemorySource source(archive);
  auto image = read_image_archive(source, "oci-archive:test", selection, wanting_os_release());
  ASSERT_TRUE(image.has_value()) << image.error().to_string();
  EXPECT_EQ(image->manifest_digest, "sha256:" + sha256(manifest));
  EXPECT_EQ(image->config_digest, "sha256:" + sha256(config));
  expect_image(*image);

  selection.platform = "linux/mips";
  MemorySource again(archive);
  auto missing = read_image_archive(again, "oci-archive:test", selection, {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().to_string().find("no image for platform linux/mips"),
            std::string::npos);
}

TEST(ArchiveReader, TamperedOrHostileArchivesAreRefused) {
  const std::string config = config_json({sha256(kBase), sha256(kTop)});
  const std::string id = sha256(config);
  const std::string manifest = R"([{"Config":")" + id + R"(.json",
      "Layers":["l1/layer.tar","l2/layer.tar"]}])";
  // A layer swapped for another one: its diff id no longer matches.
  const std::string swapped =
      make_tar({file("l1/layer.tar", kTop), file("l2/layer.tar", kBase), file(id + ".json", config),
                file("manifest.json", manifest)});
  MemorySource source(swapped);
  auto image = read_image_archive(source, "docker-archive:swapped", {}, {});
  ASSERT_FALSE(image.has_value());
  EXPECT_NE(image.error().to_string().find("does not match its digest"), std::string::npos);

  // A digest that tries to be a path.
  const std::string index =
      R"({"schemaVersion":2,"manifests":[{"digest":"sha256:../../../etc/passwd"}]})";
  const std::string hostile_archive = make_tar({file("index.json", index)});
  MemorySource hostile(hostile_archive);
  auto refused = read_image_archive(hostile, "oci-archive:hostile", {}, {});
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().to_string().find("bad digest"), std::string::npos)
      << refused.error().to_string();

  const std::string neither_archive = make_tar({file("hello", "world")});
  MemorySource neither(neither_archive);
  auto not_image = read_image_archive(neither, "docker-archive:x", {}, {});
  ASSERT_FALSE(not_image.has_value());
  EXPECT_NE(not_image.error().to_string().find("neither manifest.json nor index.json"),
            std::string::npos)
      << not_image.error().to_string();
}

}  // namespace
}  // namespace hardock::image
