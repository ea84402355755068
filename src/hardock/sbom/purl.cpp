#include "hardock/sbom/purl.h"

#include <array>
#include <cctype>
#include <utility>

namespace hardock::sbom {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == '~';
}

// os-release IDs whose purl namespace differs from the ID.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kRpmVendors = {{
    {"rhel", "redhat"},
    {"amzn", "amazon"},
    {"ol", "oracle"},
    {"sles", "suse"},
    {"sled", "suse"},
    {"opensuse-leap", "opensuse"},
    {"opensuse-tumbleweed", "opensuse"},
}};

std::string rpm_namespace(const std::string& id) {
  for (const auto& [os_id, vendor] : kRpmVendors) {
    if (id == os_id) return std::string(vendor);
  }
  if (id.starts_with("opensuse")) return "opensuse";
  return id;
}

// "12" -> "debian-12"; empty when the OS or its version is unknown.
std::string distro(const std::string& id, const std::string& version_id) {
  if (id.empty() || version_id.empty()) return {};
  return id + "-" + version_id;
}

// An rpm "[epoch:]version-release": the epoch when it is all digits before the first ':'.
std::pair<std::string, std::string> split_epoch(const std::string& evr) {
  const auto colon = evr.find(':');
  if (colon == std::string::npos || colon == 0) return {{}, evr};
  for (std::size_t i = 0; i < colon; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(evr[i]))) return {{}, evr};
  }
  std::string epoch = evr.substr(0, colon);
  if (epoch.find_first_not_of('0') == std::string::npos) epoch.clear();  // epoch 0: none
  return {epoch, evr.substr(colon + 1)};
}

}  // namespace

std::string purl_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (unreserved(c)) {
      out += raw;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string to_string(const PackageUrl& purl) {
  std::string out = "pkg:" + purl_encode(purl.type) + "/";
  if (!purl.namespace_.empty()) out += purl_encode(purl.namespace_) + "/";
  out += purl_encode(purl.name);
  if (!purl.version.empty()) out += "@" + purl_encode(purl.version);
  char separator = '?';
  for (const auto& [key, value] : purl.qualifiers) {  // std::map: sorted by key
    if (value.empty()) continue;
    out += separator;
    out += purl_encode(lower(key)) + "=" + purl_encode(value);
    separator = '&';
  }
  return out;
}

PackageUrl package_url(const image::Package& package, const image::OsInfo& os) {
  const std::string id = lower(os.id);
  PackageUrl purl;
  purl.type = lower(package.ecosystem);
  purl.name = package.name;
  purl.version = package.version;
  purl.qualifiers["arch"] = package.architecture;
  if (purl.type == "deb") {
    purl.namespace_ = id.empty() ? "debian" : id;
    purl.name = lower(package.name);
    purl.qualifiers["distro"] = distro(id, os.version_id);
  } else if (purl.type == "apk") {
    purl.namespace_ = id.empty() ? "alpine" : id;
    purl.name = lower(package.name);
    purl.qualifiers["distro"] = os.version_id;
  } else if (purl.type == "rpm") {
    purl.namespace_ = rpm_namespace(id);
    auto [epoch, version] = split_epoch(package.version);
    purl.version = std::move(version);
    purl.qualifiers["epoch"] = std::move(epoch);
    purl.qualifiers["distro"] = distro(id, os.version_id);
  }
  return purl;
}

std::string package_purl(const image::Package& package, const image::OsInfo& os) {
  return to_string(package_url(package, os));
}

}  // namespace hardock::sbom
