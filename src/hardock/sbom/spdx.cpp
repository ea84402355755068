// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/). The tests check the fields the spec
// requires (no official 2.3 JSON schema ships with the test data).
#include <nlohmann/json.hpp>
#include <set>

#include "hardock/sbom/detail.h"
#include "hardock/sbom/purl.h"
#include "hardock/sbom/sbom.h"

namespace hardock::sbom {
namespace {

using Json = nlohmann::json;
using detail::text;

constexpr std::string_view kNoAssertion = "NOASSERTION";

// "SPDXRef-" + idstring, idstring = [A-Za-z0-9.-]+ (spec 2.3, clause 7.2): every other byte
// becomes '-', and a repeated id gets "-2", "-3" ... so that ids stay unique.
std::string spdx_id(std::string_view raw, std::set<std::string>& taken) {
  std::string id = "SPDXRef-";
  for (const char c : raw) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '-';
    id += allowed ? c : '-';
  }
  if (raw.empty()) id += "Package";
  if (taken.insert(id).second) return id;
  for (int n = 2;; ++n) {
    std::string candidate = id + "-" + std::to_string(n);
    if (taken.insert(candidate).second) return candidate;
  }
}

// A package name is required: an empty one (never from the analyzers) is written "(unnamed)".
Json package_base(std::string spdxid, std::string_view name) {
  return Json{{"SPDXID", std::move(spdxid)},
              {"name", name.empty() ? std::string("(unnamed)") : text(name)},
              {"downloadLocation", kNoAssertion},
              {"supplier", kNoAssertion},
              {"filesAnalyzed", false},
              {"licenseConcluded", kNoAssertion},
              {"licenseDeclared", kNoAssertion},
              {"copyrightText", kNoAssertion}};
}

Json contains(const std::string& from, const std::string& to) {
  return Json{
      {"spdxElementId", from}, {"relationshipType", "CONTAINS"}, {"relatedSpdxElement", to}};
}

}  // namespace

std::string write_spdx(const ImageIdentity& image, const image::Inventory& inventory,
                       const SbomOptions& options) {
  std::set<std::string> taken = {"SPDXRef-DOCUMENT"};
  const std::string name = detail::image_display_name(image);
  const std::string uuid =
      detail::name_based_uuid(detail::document_seed(image, "spdx", options.tool_version));

  Json packages = Json::array();
  Json relationships = Json::array();

  const std::string image_id = spdx_id("Image", taken);
  Json image_package = package_base(image_id, name);
  image_package["primaryPackagePurpose"] = "CONTAINER";
  if (!image.config_digest.empty()) image_package["versionInfo"] = text(image.config_digest);
  std::string image_comment;
  if (!image.config_digest.empty()) image_comment += "config digest " + image.config_digest;
  if (!image.manifest_digest.empty()) {
    image_comment += (image_comment.empty() ? "" : "; ") + std::string("manifest digest ") +
                     image.manifest_digest;
  }
  for (const auto& tag : image.repo_tags) {
    image_comment += (image_comment.empty() ? "" : "; ") + std::string("tag ") + tag;
  }
  if (!image_comment.empty()) image_package["comment"] = text(image_comment);
  packages.push_back(std::move(image_package));
  relationships.push_back({{"spdxElementId", "SPDXRef-DOCUMENT"},
                           {"relationshipType", "DESCRIBES"},
                           {"relatedSpdxElement", image_id}});

  const image::OsInfo& os = inventory.os;
  if (!os.id.empty()) {
    const std::string os_id = spdx_id("OperatingSystem-" + os.id, taken);
    Json os_package = package_base(os_id, os.id);
    os_package["primaryPackagePurpose"] = "OPERATING-SYSTEM";
    if (!os.version_id.empty()) os_package["versionInfo"] = text(os.version_id);
    if (!os.pretty_name.empty()) os_package["description"] = text(os.pretty_name);
    packages.push_back(std::move(os_package));
    relationships.push_back(contains(image_id, os_id));
  }

  for (const auto& package : inventory.packages) {
    const std::string id =
        spdx_id("Package-" + package.ecosystem + "-" + package.name + "-" + package.version, taken);
    Json entry = package_base(id, package.name);
    entry["primaryPackagePurpose"] = "LIBRARY";
    if (!package.version.empty()) entry["versionInfo"] = text(package.version);
    if (!package.source_name.empty()) {
      entry["sourceInfo"] =
          text("built package from: " + package.source_name + " " + package.source_version);
    }
    std::string comment;
    if (!package.database.empty()) comment = "database " + package.database;
    const std::string layer = detail::layer_label(image, package.origin_layer);
    if (!layer.empty())
      comment += (comment.empty() ? "" : "; ") + std::string("origin layer ") + layer;
    if (!comment.empty()) entry["comment"] = text(comment);
    entry["externalRefs"] = Json::array({{{"referenceCategory", "PACKAGE-MANAGER"},
                                          {"referenceType", "purl"},
                                          {"referenceLocator", package_purl(package, os)}}});
    packages.push_back(std::move(entry));
    relationships.push_back(contains(image_id, id));
  }

  const Json document = {
      {"spdxVersion", "SPDX-2.3"},
      {"dataLicense", "CC0-1.0"},
      {"SPDXID", "SPDXRef-DOCUMENT"},
      {"name", name},
      // The convention of other SPDX producers: a unique URI under spdx.org/spdxdocs.
      {"documentNamespace", "https://spdx.org/spdxdocs/hardock-image-" + uuid},
      {"creationInfo",
       {{"created", options.timestamp.empty() ? "1970-01-01T00:00:00Z" : text(options.timestamp)},
        {"creators", Json::array({"Tool: hardock-" + text(options.tool_version)})}}},
      {"packages", std::move(packages)},
      {"relationships", std::move(relationships)},
  };
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace hardock::sbom
