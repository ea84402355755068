// CycloneDX 1.5: valid against the official schema (and the validator can say no), shaped as
// documented, deterministic, and valid JSON whatever bytes the package database held.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../image/tar_builder.h"
#include "hardock/sbom/purl.h"
#include "sbom_test_util.h"

namespace hardock::sbom {
namespace {

using Json = nlohmann::json;
using test::debian_image;
using test::debian_inventory;
using test::fixed_options;

const Json* find_component(const Json& bom, std::string_view name) {
  for (const Json& component : bom["components"]) {
    if (component["name"] == name) return &component;
  }
  return nullptr;
}

// A string literal's bytes, NULs included.
template <std::size_t N>
std::string raw(const char (&bytes)[N]) {
  return std::string(bytes, N - 1);
}

std::string property(const Json& component, std::string_view name) {
  for (const Json& item : component["properties"]) {
    if (item["name"] == name) return item["value"];
  }
  return "<absent>";
}

TEST(CycloneDx, ValidatesAgainstTheOfficialSchema) {
  if (!test::validator_available())
    GTEST_SKIP() << "needs /usr/bin/python3 with python3-jsonschema";
  const auto checked = test::validate_cyclonedx(
      write_cyclonedx(debian_image(), debian_inventory(), fixed_options()));
  EXPECT_EQ(checked.status, 0) << checked.output;
}

TEST(CycloneDx, EmptyInventoryWithoutOsOrDigestsValidates) {
  if (!test::validator_available())
    GTEST_SKIP() << "needs /usr/bin/python3 with python3-jsonschema";
  ImageIdentity bare;
  bare.name = "scratch-thing";
  const auto checked = test::validate_cyclonedx(write_cyclonedx(bare, {}, SbomOptions{}));
  EXPECT_EQ(checked.status, 0) << checked.output;
}

// The validator must be able to say no, or the tests above prove nothing.
TEST(CycloneDx, SchemaValidatorRejectsABrokenDocument) {
  if (!test::validator_available())
    GTEST_SKIP() << "needs /usr/bin/python3 with python3-jsonschema";
  Json broken = Json::parse(write_cyclonedx(debian_image(), debian_inventory(), fixed_options()));
  broken["components"][1]["type"] = "not-a-component-type";
  broken["serialNumber"] = "urn:uuid:not-a-uuid";
  const auto checked = test::validate_cyclonedx(broken.dump());
  EXPECT_EQ(checked.status, 1) << checked.output;
  EXPECT_NE(checked.output.find("not-a-component-type"), std::string::npos) << checked.output;
  EXPECT_NE(checked.output.find("serialNumber"), std::string::npos) << checked.output;
}

TEST(CycloneDx, DocumentShape) {
  const Json bom =
      Json::parse(write_cyclonedx(debian_image(), debian_inventory(), fixed_options()));
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(bom["specVersion"], "1.5");
  EXPECT_EQ(bom["version"], 1);
  EXPECT_EQ(bom["metadata"]["timestamp"], "2024-05-01T12:00:00Z");
  EXPECT_EQ(bom["metadata"]["tools"]["components"][0]["name"], "hardock");
  EXPECT_EQ(bom["metadata"]["tools"]["components"][0]["version"], "0.1.0");

  const Json& image = bom["metadata"]["component"];
  EXPECT_EQ(image["type"], "container");
  EXPECT_EQ(image["name"], "registry.example:5000/team/app:1.2");
  EXPECT_EQ(image["version"], "sha256:" + std::string(64, 'c'));
  EXPECT_EQ(image["purl"], "pkg:oci/app@sha256%3A" + std::string(64, 'm') +
                               "?arch=amd64&repository_url=registry.example%3A5000%2Fteam%2Fapp");
  EXPECT_EQ(property(image, "hardock:image:manifest_digest"), "sha256:" + std::string(64, 'm'));

  ASSERT_EQ(bom["components"].size(), 4U);
  const Json& os = bom["components"][0];
  EXPECT_EQ(os["type"], "operating-system");
  EXPECT_EQ(os["name"], "debian");
  EXPECT_EQ(os["version"], "12");

  const Json* login = find_component(bom, "login");
  ASSERT_NE(login, nullptr);
  EXPECT_EQ((*login)["type"], "library");
  EXPECT_EQ((*login)["version"], "1:4.13+dfsg1-1+b1");
  EXPECT_EQ((*login)["purl"],
            "pkg:deb/debian/login@1%3A4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12");
  EXPECT_EQ((*login)["bom-ref"], (*login)["purl"]);
  EXPECT_EQ(property(*login, "hardock:package:source_name"), "shadow");
  EXPECT_EQ(property(*login, "hardock:package:source_version"), "1:4.13+dfsg1-1");
  EXPECT_EQ(property(*login, "hardock:package:origin_layer"),
            "1 (sha256:" + std::string(64, '1') + ")");
  EXPECT_EQ(property(*login, "hardock:package:database"), "var/lib/dpkg/status");

  // image -> os -> every package
  ASSERT_EQ(bom["dependencies"].size(), 2U);
  EXPECT_EQ(bom["dependencies"][0]["ref"], image["bom-ref"]);
  EXPECT_EQ(bom["dependencies"][0]["dependsOn"], Json::array({os["bom-ref"]}));
  EXPECT_EQ(bom["dependencies"][1]["dependsOn"].size(), 3U);
}

TEST(CycloneDx, SerialNumberIsDeterministicPerImageAndToolVersion) {
  const std::string first = write_cyclonedx(debian_image(), debian_inventory(), fixed_options());
  const std::string again = write_cyclonedx(debian_image(), debian_inventory(), fixed_options());
  EXPECT_EQ(first, again);
  const std::string serial = Json::parse(first)["serialNumber"];
  EXPECT_TRUE(serial.starts_with("urn:uuid:")) << serial;
  EXPECT_EQ(serial.size(), 9U + 36U);
  EXPECT_EQ(serial[9 + 14], '5') << serial;  // version 5 (name-based)

  ImageIdentity other = debian_image();
  other.config_digest = "sha256:" + std::string(64, 'd');
  EXPECT_NE(
      Json::parse(write_cyclonedx(other, debian_inventory(), fixed_options()))["serialNumber"],
      serial);
  SbomOptions newer = fixed_options();
  newer.tool_version = "0.2.0";
  EXPECT_NE(Json::parse(write_cyclonedx(debian_image(), debian_inventory(), newer))["serialNumber"],
            serial);
}

TEST(CycloneDx, DuplicatePurlsGetUniqueBomRefs) {
  image::Inventory inventory = debian_inventory();
  inventory.packages.push_back(inventory.packages[0]);
  inventory.packages.back().database = "var/lib/dpkg/status.d/libc6";
  const Json bom = Json::parse(write_cyclonedx(debian_image(), inventory, fixed_options()));
  std::set<std::string> refs;
  for (const Json& component : bom["components"]) refs.insert(component["bom-ref"]);
  EXPECT_EQ(refs.size(), bom["components"].size());
}

TEST(CycloneDx, HostileStringsStayValidJsonAndValidateAgainstTheSchema) {
  image::Inventory inventory = debian_inventory();
  inventory.os.id = "deb\"ian\xff";
  inventory.os.pretty_name = raw("evil\x00\x1b]0;title\x07\xc0\xaf");
  image::Package hostile = test::deb(raw("x\"},{\"name\":\"injected\0\xfe"), "1\n2\\3\xed\xa0\x80",
                                     "src\x01", "\xf4\x90\x80\x80", 7);
  inventory.packages.push_back(hostile);
  ImageIdentity image = debian_image();
  image.repo_tags = {"\xff\xfe:tag", "a\nb"};
  image.name = "\"name\"\xc3";
  const std::string document = write_cyclonedx(image, inventory, fixed_options());
  Json bom;
  ASSERT_NO_THROW(bom = Json::parse(document)) << document;
  EXPECT_EQ(bom["components"].size(), 5U);
  EXPECT_EQ(find_component(bom, "injected"), nullptr);
  const Json& last = bom["components"][4];
  EXPECT_EQ(last["name"], raw("x\"},{\"name\":\"injected\0\xef\xbf\xbd"));
  EXPECT_EQ(last["purl"], package_purl(hostile, inventory.os));
  if (test::validator_available()) {
    const auto checked = test::validate_cyclonedx(document);
    EXPECT_EQ(checked.status, 0) << checked.output;
  }
}

// End to end with the real dpkg analyzer: a status file in a layer tar becomes components.
TEST(CycloneDx, FromAnAnalyzedImageTree) {
  using namespace image::test;  // NOLINT: the TarItem factories
  const std::string tar =
      make_tar({file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
                file("var/lib/dpkg/status",
                     "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\n"
                     "Version: 12.4+deb12u5\n\n"
                     "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
                     "Source: openssl\nVersion: 3.0.11-1~deb12u2\n\n"
                     "Package: gone\nStatus: deinstall ok config-files\nArchitecture: amd64\n"
                     "Version: 1\n")});
  image::LayerOptions options;
  options.wanted = image::any_analyzer_wants;
  image::MemorySource source(tar);
  auto record = image::read_layer(source, "sha256:layer0", options);
  ASSERT_TRUE(record.has_value()) << record.error().to_string();
  image::ImageTree tree;
  tree.add(std::move(*record));
  const image::Inventory inventory = image::analyze_image(tree);
  const Json bom = Json::parse(write_cyclonedx(debian_image(), inventory, fixed_options()));
  std::vector<std::string> purls;
  for (const Json& component : bom["components"]) {
    if (component.contains("purl")) purls.push_back(component["purl"]);
  }
  EXPECT_EQ(purls, (std::vector<std::string>{
                       "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12",
                       "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"}));
  const Json* libssl = find_component(bom, "libssl3");
  ASSERT_NE(libssl, nullptr);
  EXPECT_EQ(property(*libssl, "hardock:package:source_name"), "openssl");
}

}  // namespace
}  // namespace hardock::sbom
