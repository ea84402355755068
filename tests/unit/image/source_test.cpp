// Image sources without a network: references, manifests and indexes, challenges, client
// config credentials, and OCI layout directories built here (a hostile one included). The
// engine and registry sources run against real components in tests/image/sources-test.sh.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "hardock/image/oci_layout.h"
#include "hardock/image/open_image.h"
#include "hardock/image/registry_auth.h"
#include "hardock/image/registry_reference.h"
#include "hardock/image/source_manifest.h"
#include "hardock/image/source_walk.h"
#include "tar_builder.h"

namespace hardock::image {
namespace {

namespace fs = std::filesystem;
using namespace test;  // NOLINT: the TarItem factories

TEST(Reference, DockerDefaults) {
  auto busybox = parse_reference("busybox");
  ASSERT_TRUE(busybox) << busybox.error().to_string();
  EXPECT_EQ(busybox->registry, "docker.io");
  EXPECT_EQ(busybox->repository, "library/busybox");
  EXPECT_EQ(busybox->tag, "latest");
  EXPECT_EQ(busybox->api_host(), "registry-1.docker.io");

  auto hosted = parse_reference("localhost:5000/team/app:1.0");
  ASSERT_TRUE(hosted);
  EXPECT_EQ(hosted->registry, "localhost:5000");
  EXPECT_EQ(hosted->repository, "team/app");
  EXPECT_EQ(hosted->tag, "1.0");

  const std::string digest = "sha256:" + std::string(64, 'a');
  auto pinned = parse_reference("ghcr.io/o/r@" + digest);
  ASSERT_TRUE(pinned);
  EXPECT_EQ(pinned->tag, "");
  EXPECT_EQ(pinned->manifest_reference(), digest);
  EXPECT_EQ(parse_reference("team/app")->repository, "team/app");  // no library/ with a slash
  EXPECT_TRUE(registry_named("localhost/app"));
  EXPECT_FALSE(registry_named("team/app"));
}

TEST(Reference, RefusesWhatCouldBreakAUrl) {
  for (const char* bad : {"", "UPPER/case", "app:bad tag", "app@sha256:short", "a/../b",
                          "h:5000/a?x=1", "a//b", "app@md5:0123", "host:port/x", "app:"}) {
    EXPECT_FALSE(parse_reference(bad)) << bad;
  }
}

TEST(Manifest, IndexAndPlatforms) {
  const std::string a(64, 'a');
  const std::string b(64, 'b');
  const std::string index =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
    "manifests":[{"digest":"sha256:)" +
      a + R"(","size":10,"platform":{"os":"linux","architecture":"amd64"}},
                 {"digest":"sha256:)" +
      b + R"(","size":10,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]})";
  auto parsed = parse_manifest(index, "", "index");
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_TRUE(parsed->is_index);
  EXPECT_EQ(choose_manifest(*parsed, "linux/amd64", "", "x")->digest, "sha256:" + a);
  EXPECT_EQ(choose_manifest(*parsed, "linux/arm64", "", "x")->digest, "sha256:" + b);
  auto missing = choose_manifest(*parsed, "linux/s390x", "", "x");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("linux/arm64/v8"), std::string::npos);  // on offer
}

TEST(Manifest, RefusesHostileDigestsAndSchema1) {
  auto traversal = parse_manifest(
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
          "config":{"digest":"sha256:../../etc/passwd","size":1},"layers":[]})",
      "", "m");
  ASSERT_FALSE(traversal);
  EXPECT_NE(traversal.error().message.find("config.digest"), std::string::npos);
  auto schema1 = parse_manifest(R"({"schemaVersion":1,"name":"x","fsLayers":[]})", "", "m");
  ASSERT_FALSE(schema1);
  EXPECT_NE(schema1.error().message.find("schema 1"), std::string::npos);
  auto deep = parse_manifest(std::string(1000, '[') + std::string(1000, ']'), "", "m");
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find("nested"), std::string::npos);
  EXPECT_FALSE(parse_manifest(R"({"manifests":[{"digest":7}]})", "", "m"));
  EXPECT_FALSE(valid_digest("sha256:" + std::string(64, 'A')));  // upper-case hex
  EXPECT_TRUE(valid_digest("sha256:" + std::string(64, 'f')));
}

TEST(Auth, ChallengesAndBase64) {
  auto bearer = parse_challenge(
      R"(Bearer realm="https://auth.example/token",service="reg.example",scope="repository:a:pull")");
  ASSERT_TRUE(bearer);
  EXPECT_EQ(bearer->scheme, "bearer");
  EXPECT_EQ(bearer->params["realm"], "https://auth.example/token");
  EXPECT_EQ(bearer->params["service"], "reg.example");
  EXPECT_EQ(parse_challenge(R"(Basic realm="x")")->scheme, "basic");
  EXPECT_FALSE(parse_challenge("Negotiate abc"));
  EXPECT_EQ(base64_encode("user:pass"), "dXNlcjpwYXNz");
  EXPECT_EQ(*base64_decode("dXNlcjpwYXNz"), "user:pass");
  EXPECT_EQ(*base64_decode("YQ=="), "a");
  EXPECT_FALSE(base64_decode("not base64!"));
}

TEST(Auth, CredentialsFromClientConfig) {
  const std::string config =
      R"({"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"},
                   "localhost:5000":{"auth":"bm8tY29sb24="},
                   "https://reg.example/v2/":{"username":"u","password":"p"}}})";
  auto hub = credentials_in_config(config, "docker.io");
  EXPECT_TRUE(hub.found);
  EXPECT_EQ(hub.user, "user");
  EXPECT_EQ(hub.password, "pass");
  auto broken = credentials_in_config(config, "localhost:5000");
  EXPECT_FALSE(broken.found);
  EXPECT_NE(broken.note.find("not base64 of user:password"), std::string::npos);
  EXPECT_TRUE(credentials_in_config(config, "reg.example").found);
  EXPECT_FALSE(credentials_in_config(config, "other.example").found);
  EXPECT_FALSE(credentials_in_config("[[[", "x").error.empty());
  auto helper = credentials_in_config(R"({"credHelpers":{"gcr.io":"gcloud"}})", "gcr.io");
  EXPECT_FALSE(helper.found);
  EXPECT_NE(helper.note.find("credential helper"), std::string::npos);
}

// An OCI layout directory written here: blobs named by their real sha256.
class Layout {
 public:
  Layout() {
    char pattern[] = "/tmp/hardock-oci-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    fs::create_directories(dir_ / "blobs/sha256");
    write("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  }
  ~Layout() { fs::remove_all(dir_); }
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;

  void write(const std::string& path, const std::string& bytes) const {
    std::ofstream(dir_ / path, std::ios::binary) << bytes;
  }
  // Writes a blob; returns its descriptor JSON.
  std::string blob(const std::string& bytes, const std::string& media_type) const {
    const std::string digest = sha256_digest(bytes);
    write("blobs/sha256/" + digest.substr(7), bytes);
    return R"({"mediaType":")" + media_type + R"(","digest":")" + digest + R"(","size":)" +
           std::to_string(bytes.size()) + "}";
  }
  std::string image(const std::string& layer) const {
    const std::string config = R"({"architecture":"amd64","os":"linux","config":{"User":"app"},
        "rootfs":{"type":"layers","diff_ids":[")" +
                               sha256_digest(layer) + R"("]}})";
    const std::string manifest =
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":)" +
        blob(config, "application/vnd.oci.image.config.v1+json") + R"(,"layers":[)" +
        blob(layer, "application/vnd.oci.image.layer.v1.tar") + "]}";
    return blob(manifest, "application/vnd.oci.image.manifest.v1+json");
  }
  [[nodiscard]] std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

LayerOptions analyzers_options() {
  LayerOptions options;
  options.wanted = [](std::string_view path) { return any_analyzer_wants(path); };
  return options;
}

TEST(OciLayout, ReadsTheImageAndRefusesWhatDoesNotMatch) {
  Layout layout;
  const std::string layer =
      make_tar({dir("etc/"), file("etc/os-release", "ID=alpine\nVERSION_ID=3.19\n")});
  std::string descriptor = layout.image(layer);
  descriptor.insert(descriptor.size() - 1,
                    R"(,"annotations":{"org.opencontainers.image.ref.name":"1"})");
  layout.write("index.json", R"({"schemaVersion":2,"manifests":[)" + descriptor + "]}");
  ASSERT_TRUE(is_oci_layout(layout.path()));
  auto image = read_oci_layout(layout.path(), {}, analyzers_options());
  ASSERT_TRUE(image) << image.error().to_string();
  EXPECT_EQ(image->config.user, "app");
  ASSERT_NE(image->tree.content("etc/os-release"), nullptr);
  EXPECT_FALSE(image->manifest_digest.empty());
  EXPECT_TRUE(read_oci_layout(layout.path(), {"1", ""}, {}));
  auto unknown = read_oci_layout(layout.path(), {"2", ""}, {});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("no image named 2"), std::string::npos);

  // One byte of the file's content changed (the tar still reads): the digest check refuses it.
  const std::string digest = sha256_digest(layer);
  std::string tampered = layer;
  ASSERT_EQ(tampered[1024], 'I');  // after the two 512-byte headers
  tampered[1024] = 'H';
  layout.write("blobs/sha256/" + digest.substr(7), tampered);
  auto refused = read_oci_layout(layout.path(), {}, {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().to_string().find("does not match its digest"), std::string::npos)
      << refused.error().to_string();
}

TEST(OciLayout, ABlobLinkedOutsideTheDirectoryIsNotFollowedOut) {
  Layout layout;
  const std::string layer = make_tar({file("etc/os-release", "ID=debian\n")});
  const std::string descriptor = layout.image(layer);
  layout.write("index.json", R"({"schemaVersion":2,"manifests":[)" + descriptor + "]}");
  // Replace the layer blob by an absolute link to a file outside the layout: inside the root
  // it names <layout>/tmp/..., which does not exist.
  const std::string outside = layout.path() + "-outside.tar";
  std::ofstream(outside, std::ios::binary) << layer;
  const fs::path blob = fs::path(layout.path()) / "blobs/sha256" / sha256_digest(layer).substr(7);
  fs::remove(blob);
  fs::create_symlink(outside, blob);
  auto image = read_oci_layout(layout.path(), {}, {});
  fs::remove(outside);
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().to_string().find("oci:"), std::string::npos) << image.error().to_string();
}

TEST(OciLayout, SeveralImagesWithoutARefAreNamedInTheError) {
  Layout layout;
  std::string first = layout.image(make_tar({file("a", "1")}));
  std::string second = layout.image(make_tar({file("b", "2")}));
  first.insert(first.size() - 1, R"(,"annotations":{"org.opencontainers.image.ref.name":"one"})");
  second.insert(second.size() - 1, R"(,"annotations":{"org.opencontainers.image.ref.name":"two"})");
  layout.write("index.json", R"({"schemaVersion":2,"manifests":[)" + first + "," + second + "]}");
  auto image = read_oci_layout(layout.path(), {}, {});
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message.find("one, two"), std::string::npos) << image.error().message;
  EXPECT_TRUE(read_oci_layout(layout.path(), {"two", ""}, {}));
}

TEST(OpenImage, SecretsKeepTheirTreeLayerWhateverTheMemberOrder) {
  // A docker save archive whose top layer comes first: the key is in layer 0 and deleted in 1.
  const std::string key =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"
      "-----END OPENSSH PRIVATE KEY-----\n";
  const std::string base = make_tar({dir("root/"), file("root/id", key)});
  const std::string top = make_tar({file("root/.wh.id", "")});
  const std::string config = R"({"architecture":"amd64","os":"linux","config":{},
      "rootfs":{"type":"layers","diff_ids":[")" +
                             sha256_digest(base) + R"(",")" + sha256_digest(top) + R"("]}})";
  const std::string id = sha256_digest(config).substr(7);
  const std::string manifest = R"([{"Config":")" + id + R"(.json","RepoTags":["s:1"],
      "Layers":["b/layer.tar","t/layer.tar"]}])";
  const std::string archive =
      make_tar({file("t/layer.tar", top), file(id + ".json", config), file("b/layer.tar", base),
                file("manifest.json", manifest)});
  char pattern[] = "/tmp/hardock-save-XXXXXX";
  const int fd = ::mkstemp(pattern);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, archive.data(), archive.size()), static_cast<ssize_t>(archive.size()));
  ::close(fd);
  OpenRequest request;
  request.input = pattern;
  auto analysed = open_image(request);
  ::unlink(pattern);
  ASSERT_TRUE(analysed) << analysed.error().to_string();
  ASSERT_EQ(analysed->inventory.secrets.size(), 1u);
  EXPECT_EQ(analysed->inventory.secrets[0].path, "root/id");
  EXPECT_EQ(analysed->inventory.secrets[0].layer, 0);
  EXPECT_TRUE(analysed->inventory.secrets[0].removed_later);
  EXPECT_EQ(subject_of(*analysed).name, "s:1");
}

}  // namespace
}  // namespace hardock::image
