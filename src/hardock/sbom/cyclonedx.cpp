// CycloneDX 1.5 JSON (https://cyclonedx.org/docs/1.5/json/), validated in the tests against the
// official schema (tests/data/schemas/cyclonedx/bom-1.5.schema.json).
#include <nlohmann/json.hpp>
#include <set>

#include "hardock/sbom/detail.h"
#include "hardock/sbom/purl.h"
#include "hardock/sbom/sbom.h"

namespace hardock::sbom {
namespace {

using Json = nlohmann::json;
using detail::text;

Json property(std::string_view name, std::string_view value) {
  return Json{{"name", name}, {"value", text(value)}};
}

// "registry:5000/team/app:1.2" -> ("registry:5000/team/app", "app"); a digest suffix is dropped.
std::pair<std::string, std::string> repository_of(std::string_view reference) {
  std::string_view repository = reference.substr(0, reference.find('@'));
  const auto slash = repository.rfind('/');
  const auto colon = repository.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    repository = repository.substr(0, colon);
  }
  const auto last = repository.rfind('/');
  std::string name(last == std::string_view::npos ? repository : repository.substr(last + 1));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {std::string(repository), name};
}

// pkg:oci/NAME@DIGEST?arch=..&repository_url=.. (the purl spec's oci type: the version is the
// manifest digest); empty when the image has no manifest digest or no repository name.
std::string image_purl(const ImageIdentity& image) {
  if (image.manifest_digest.empty() || image.repo_tags.empty()) return {};
  auto [repository, name] = repository_of(image.repo_tags.front());
  if (name.empty()) return {};
  PackageUrl purl;
  purl.type = "oci";
  purl.name = name;
  purl.version = image.manifest_digest;
  purl.qualifiers["arch"] = image.architecture;
  purl.qualifiers["repository_url"] = repository;
  return to_string(purl);
}

// bom-refs are unique in a BOM: a second package with the same purl (listed by two databases)
// gets "#2", "#3" appended.
std::string unique_ref(std::string ref, std::set<std::string>& taken) {
  if (taken.insert(ref).second) return ref;
  for (int n = 2;; ++n) {
    std::string candidate = ref + "#" + std::to_string(n);
    if (taken.insert(candidate).second) return candidate;
  }
}

}  // namespace

std::string write_cyclonedx(const ImageIdentity& image, const image::Inventory& inventory,
                            const SbomOptions& options) {
  std::set<std::string> taken;
  const std::string purl_of_image = image_purl(image);
  const std::string image_ref = unique_ref(
      text(purl_of_image.empty()
               ? "image:" + (image.config_digest.empty() ? detail::image_display_name(image)
                                                         : image.config_digest)
               : purl_of_image),
      taken);

  Json image_component = {
      {"bom-ref", image_ref}, {"type", "container"}, {"name", detail::image_display_name(image)}};
  if (!image.config_digest.empty()) image_component["version"] = text(image.config_digest);
  if (!purl_of_image.empty()) image_component["purl"] = purl_of_image;
  Json image_properties = Json::array();
  if (!image.config_digest.empty()) {
    image_properties.push_back(property("hardock:image:config_digest", image.config_digest));
  }
  if (!image.manifest_digest.empty()) {
    image_properties.push_back(property("hardock:image:manifest_digest", image.manifest_digest));
  }
  for (const auto& tag : image.repo_tags) {
    image_properties.push_back(property("hardock:image:repo_tag", tag));
  }
  if (!image.architecture.empty()) {
    image_properties.push_back(property("hardock:image:architecture", image.architecture));
  }
  if (!image_properties.empty()) image_component["properties"] = std::move(image_properties);

  Json metadata = {{"tools",
                    {{"components", Json::array({{{"type", "application"},
                                                  {"author", "hardock"},
                                                  {"name", "hardock"},
                                                  {"version", text(options.tool_version)}}})}}},
                   {"component", std::move(image_component)}};
  if (!options.timestamp.empty()) metadata["timestamp"] = text(options.timestamp);

  Json components = Json::array();
  std::string os_ref;
  const image::OsInfo& os = inventory.os;
  if (!os.id.empty()) {
    os_ref = unique_ref(text("os:" + os.id + "@" + os.version_id), taken);
    Json component = {{"bom-ref", os_ref}, {"type", "operating-system"}, {"name", text(os.id)}};
    if (!os.version_id.empty()) component["version"] = text(os.version_id);
    if (!os.pretty_name.empty()) component["description"] = text(os.pretty_name);
    Json properties = Json::array();
    if (!os.version_codename.empty()) {
      properties.push_back(property("hardock:os:codename", os.version_codename));
    }
    if (!os.source.empty()) properties.push_back(property("hardock:os:source", os.source));
    if (os.distroless) properties.push_back(property("hardock:os:distroless", "true"));
    if (!properties.empty()) component["properties"] = std::move(properties);
    components.push_back(std::move(component));
  }

  Json package_refs = Json::array();
  for (const auto& package : inventory.packages) {
    const std::string purl = package_purl(package, os);
    const std::string ref = unique_ref(purl, taken);
    package_refs.push_back(ref);
    Json component = {
        {"bom-ref", ref}, {"type", "library"}, {"name", text(package.name)}, {"purl", purl}};
    if (!package.version.empty()) component["version"] = text(package.version);
    Json properties = Json::array();
    properties.push_back(property("hardock:package:ecosystem", package.ecosystem));
    if (!package.source_name.empty()) {
      properties.push_back(property("hardock:package:source_name", package.source_name));
    }
    if (!package.source_version.empty()) {
      properties.push_back(property("hardock:package:source_version", package.source_version));
    }
    if (!package.architecture.empty()) {
      properties.push_back(property("hardock:package:architecture", package.architecture));
    }
    if (!package.database.empty()) {
      properties.push_back(property("hardock:package:database", package.database));
    }
    const std::string layer = detail::layer_label(image, package.origin_layer);
    if (!layer.empty()) properties.push_back(property("hardock:package:origin_layer", layer));
    component["properties"] = std::move(properties);
    components.push_back(std::move(component));
  }

  Json dependencies = Json::array();
  if (!os_ref.empty()) {
    dependencies.push_back({{"ref", image_ref}, {"dependsOn", Json::array({os_ref})}});
    dependencies.push_back({{"ref", os_ref}, {"dependsOn", std::move(package_refs)}});
  } else {
    dependencies.push_back({{"ref", image_ref}, {"dependsOn", std::move(package_refs)}});
  }

  const Json bom = {
      {"$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json"},
      {"bomFormat", "CycloneDX"},
      {"specVersion", "1.5"},
      {"serialNumber", "urn:uuid:" + detail::name_based_uuid(detail::document_seed(
                                         image, "cyclonedx", options.tool_version))},
      {"version", 1},
      {"metadata", std::move(metadata)},
      {"components", std::move(components)},
      {"dependencies", std::move(dependencies)},
  };
  return bom.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace hardock::sbom
