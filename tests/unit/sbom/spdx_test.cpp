// SPDX 2.3: the fields the specification requires (no official 2.3 JSON schema is in the test
// data), checked by one function that is itself shown to reject broken documents.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "hardock/sbom/purl.h"
#include "sbom_test_util.h"

namespace hardock::sbom {
namespace {

using Json = nlohmann::json;
using test::debian_image;
using test::debian_inventory;
using test::fixed_options;

bool is_string(const Json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() &&
         !object[key].get<std::string>().empty();
}

// The problems of `document` against SPDX 2.3's required fields and formats: clause 6
// (document creation information), 7 (packages: name, SPDXID, downloadLocation; a
// packageVerificationCode when filesAnalyzed is true or absent), 7.21 (external references)
// and 11 (relationships naming existing elements). Empty: conformant in these respects.
std::vector<std::string> spdx_problems(const Json& document) {
  std::vector<std::string> problems;
  auto need = [&](bool ok, std::string what) {
    if (!ok) problems.push_back(std::move(what));
  };
  const std::regex id_format("SPDXRef-[A-Za-z0-9.\\-]+");
  const std::regex created_format("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
  const std::regex creator_format("(Tool|Organization|Person): .+");
  const std::regex uri_format("[A-Za-z][A-Za-z0-9+.\\-]*:[^#\\s]+");
  need(document.value("spdxVersion", "") == "SPDX-2.3", "6.1 spdxVersion");
  need(document.value("dataLicense", "") == "CC0-1.0", "6.2 dataLicense");
  need(document.value("SPDXID", "") == "SPDXRef-DOCUMENT", "6.3 SPDXID");
  need(is_string(document, "name"), "6.4 name");
  need(is_string(document, "documentNamespace") &&
           std::regex_match(document["documentNamespace"].get<std::string>(), uri_format),
       "6.5 documentNamespace");
  const Json creation = document.value("creationInfo", Json::object());
  need(creation.contains("creators") && creation["creators"].is_array() &&
           !creation["creators"].empty(),
       "6.8 creators");
  for (const Json& creator : creation.value("creators", Json::array())) {
    need(creator.is_string() && std::regex_match(creator.get<std::string>(), creator_format),
         "6.8 creator format");
  }
  need(is_string(creation, "created") &&
           std::regex_match(creation["created"].get<std::string>(), created_format),
       "6.9 created");

  std::set<std::string> ids = {"SPDXRef-DOCUMENT"};
  for (const Json& package : document.value("packages", Json::array())) {
    need(is_string(package, "name"), "7.1 package name");
    const std::string id = package.value("SPDXID", "");
    need(std::regex_match(id, id_format), "7.2 package SPDXID format: " + id);
    need(ids.insert(id).second, "7.2 package SPDXID unique: " + id);
    need(is_string(package, "downloadLocation"), "7.7 downloadLocation of " + id);
    if (package.value("filesAnalyzed", true)) {
      need(package.contains("packageVerificationCode"), "7.9 packageVerificationCode of " + id);
    }
    for (const Json& ref : package.value("externalRefs", Json::array())) {
      const std::string category = ref.value("referenceCategory", "");
      need(category == "SECURITY" || category == "PACKAGE-MANAGER" || category == "PERSISTENT-ID" ||
               category == "OTHER",
           "7.21 referenceCategory of " + id);
      need(is_string(ref, "referenceType") && is_string(ref, "referenceLocator"),
           "7.21 reference of " + id);
      if (ref.value("referenceType", "") == "purl") {
        need(ref["referenceLocator"].get<std::string>().starts_with("pkg:"), "7.21 purl of " + id);
      }
    }
  }
  for (const Json& relationship : document.value("relationships", Json::array())) {
    need(ids.contains(relationship.value("spdxElementId", "")), "11.1 spdxElementId");
    need(ids.contains(relationship.value("relatedSpdxElement", "")), "11.1 relatedSpdxElement");
    need(is_string(relationship, "relationshipType"), "11.1 relationshipType");
  }
  return problems;
}

Json spdx_of(const ImageIdentity& image, const image::Inventory& inventory) {
  return Json::parse(write_spdx(image, inventory, fixed_options()));
}

TEST(Spdx, MeetsTheRequiredFields) {
  const Json document = spdx_of(debian_image(), debian_inventory());
  EXPECT_EQ(spdx_problems(document), std::vector<std::string>{}) << document.dump(2);
}

TEST(Spdx, TheRequiredFieldCheckCanFail) {
  Json document = spdx_of(debian_image(), debian_inventory());
  document["packages"][1].erase("downloadLocation");
  document["packages"][2]["SPDXID"] = "SPDXRef-a b";
  document["packages"][3]["filesAnalyzed"] = true;
  document["creationInfo"]["created"] = "yesterday";
  document.erase("dataLicense");
  const auto problems = spdx_problems(document);
  EXPECT_EQ(problems.size(), 6U) << testing::PrintToString(problems);  // + a relationship
}

TEST(Spdx, DocumentShape) {
  const Json document = spdx_of(debian_image(), debian_inventory());
  EXPECT_EQ(document["name"], "registry.example:5000/team/app:1.2");
  EXPECT_EQ(document["creationInfo"]["created"], "2024-05-01T12:00:00Z");
  EXPECT_EQ(document["creationInfo"]["creators"], Json::array({"Tool: hardock-0.1.0"}));
  const std::string ns = document["documentNamespace"];
  EXPECT_TRUE(ns.starts_with("https://spdx.org/spdxdocs/hardock-image-")) << ns;
  ASSERT_EQ(document["packages"].size(), 5U);  // image, OS, 3 packages
  const Json& image = document["packages"][0];
  EXPECT_EQ(image["primaryPackagePurpose"], "CONTAINER");
  EXPECT_EQ(image["versionInfo"], "sha256:" + std::string(64, 'c'));
  const Json& login = document["packages"][3];
  EXPECT_EQ(login["name"], "login");
  EXPECT_EQ(login["SPDXID"], "SPDXRef-Package-deb-login-1-4.13-dfsg1-1-b1");
  EXPECT_EQ(login["versionInfo"], "1:4.13+dfsg1-1+b1");
  EXPECT_EQ(login["supplier"], "NOASSERTION");
  EXPECT_EQ(login["downloadLocation"], "NOASSERTION");
  EXPECT_EQ(login["sourceInfo"], "built package from: shadow 1:4.13+dfsg1-1");
  EXPECT_EQ(login["externalRefs"][0]["referenceCategory"], "PACKAGE-MANAGER");
  EXPECT_EQ(login["externalRefs"][0]["referenceLocator"],
            "pkg:deb/debian/login@1%3A4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12");
  const Json& relationships = document["relationships"];
  ASSERT_EQ(relationships.size(), 5U);
  EXPECT_EQ(relationships[0]["spdxElementId"], "SPDXRef-DOCUMENT");
  EXPECT_EQ(relationships[0]["relationshipType"], "DESCRIBES");
  EXPECT_EQ(relationships[0]["relatedSpdxElement"], image["SPDXID"]);
  for (std::size_t i = 1; i < relationships.size(); ++i) {
    EXPECT_EQ(relationships[i]["relationshipType"], "CONTAINS");
    EXPECT_EQ(relationships[i]["spdxElementId"], image["SPDXID"]);
  }
}

TEST(Spdx, DeterministicNamespaceDependsOnTheImage) {
  EXPECT_EQ(write_spdx(debian_image(), debian_inventory(), fixed_options()),
            write_spdx(debian_image(), debian_inventory(), fixed_options()));
  ImageIdentity other = debian_image();
  other.manifest_digest = "sha256:" + std::string(64, 'e');
  EXPECT_NE(spdx_of(other, debian_inventory())["documentNamespace"],
            spdx_of(debian_image(), debian_inventory())["documentNamespace"]);
}

TEST(Spdx, HostileNamesGiveUniqueSanitisedIdsAndValidJson) {
  image::Inventory inventory = debian_inventory();
  inventory.packages.push_back(test::deb("a b", "1"));
  inventory.packages.push_back(test::deb("a/b", "1"));
  inventory.packages.push_back(test::deb(std::string("a\0b\xff\"", 5), "1"));
  inventory.packages.push_back(test::deb("", ""));
  ImageIdentity image = debian_image();
  image.name = "\xfe\n";
  const std::string text = write_spdx(image, inventory, SbomOptions{"", "1\xff"});
  Json document;
  ASSERT_NO_THROW(document = Json::parse(text));
  EXPECT_EQ(spdx_problems(document), std::vector<std::string>{}) << text;
  EXPECT_EQ(document["packages"][5]["SPDXID"], "SPDXRef-Package-deb-a-b-1");
  EXPECT_EQ(document["packages"][6]["SPDXID"], "SPDXRef-Package-deb-a-b-1-2");
  EXPECT_EQ(document["packages"][7]["SPDXID"], "SPDXRef-Package-deb-a-b---1");
  EXPECT_EQ(document["creationInfo"]["created"], "1970-01-01T00:00:00Z");
}

TEST(SbomFormat, Parse) {
  EXPECT_EQ(parse_sbom_format("cyclonedx"), SbomFormat::kCycloneDx);
  EXPECT_EQ(parse_sbom_format("spdx"), SbomFormat::kSpdx);
  EXPECT_EQ(parse_sbom_format("spdx-json"), SbomFormat::kSpdx);
  EXPECT_EQ(parse_sbom_format("SPDX"), std::nullopt);
  EXPECT_EQ(parse_sbom_format("xml"), std::nullopt);
  EXPECT_TRUE(Json::parse(write_sbom(SbomFormat::kSpdx, debian_image(), debian_inventory(),
                                     fixed_options()))
                  .contains("spdxVersion"));
}

TEST(SbomTimestamp, NowIsRfc3339Utc) {
  EXPECT_TRUE(std::regex_match(
      utc_timestamp_now(), std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")));
}

}  // namespace
}  // namespace hardock::sbom
