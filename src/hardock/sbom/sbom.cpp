#include "hardock/sbom/sbom.h"

#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "hardock/io/escape.h"
#include "hardock/sbom/detail.h"

namespace hardock::sbom {

namespace detail {

std::string name_based_uuid(std::string_view name) {
  // hardock's UUID namespace (a fixed random v4 UUID): d0c4a7e2-5b1f-4e39-9a6c-3f2e8b71c5d4.
  static constexpr std::array<unsigned char, 16> kNamespace = {0xd0, 0xc4, 0xa7, 0xe2, 0x5b, 0x1f,
                                                               0x4e, 0x39, 0x9a, 0x6c, 0x3f, 0x2e,
                                                               0x8b, 0x71, 0xc5, 0xd4};
  std::string input(reinterpret_cast<const char*>(kNamespace.data()), kNamespace.size());
  input.append(name);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha1(), nullptr) != 1 ||
      length < 16) {
    digest.fill(0);  // cannot happen with a working libcrypto; still a well-formed UUID
  }
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0F];
  }
  return out;
}

std::string document_seed(const ImageIdentity& image, std::string_view format,
                          std::string_view tool_version) {
  std::string seed(format);
  seed += '\n';
  seed += tool_version;
  seed += '\n';
  if (image.config_digest.empty() && image.manifest_digest.empty()) {
    seed += image.name;
  } else {
    seed += image.config_digest + '\n' + image.manifest_digest;
  }
  return seed;
}

std::string text(std::string_view raw) { return io::valid_utf8(raw); }

std::string layer_label(const ImageIdentity& image, int layer) {
  if (layer < 0) return {};
  std::string out = std::to_string(layer);
  if (static_cast<std::size_t>(layer) < image.layer_digests.size()) {
    out += " (" + text(image.layer_digests[static_cast<std::size_t>(layer)]) + ")";
  }
  return out;
}

std::string image_display_name(const ImageIdentity& image) {
  if (!image.name.empty()) return text(image.name);
  if (!image.repo_tags.empty()) return text(image.repo_tags.front());
  if (!image.config_digest.empty()) return text(image.config_digest);
  return "image";
}

}  // namespace detail

std::optional<SbomFormat> parse_sbom_format(std::string_view text) {
  if (text == "cyclonedx" || text == "cyclonedx-json") return SbomFormat::kCycloneDx;
  if (text == "spdx" || text == "spdx-json") return SbomFormat::kSpdx;
  return std::nullopt;
}

std::string write_sbom(SbomFormat format, const ImageIdentity& image,
                       const image::Inventory& inventory, const SbomOptions& options) {
  switch (format) {
    case SbomFormat::kCycloneDx:
      return write_cyclonedx(image, inventory, options);
    case SbomFormat::kSpdx:
      return write_spdx(image, inventory, options);
  }
  return write_cyclonedx(image, inventory, options);
}

std::string utc_timestamp_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> buffer{};
  const std::size_t written =
      std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer.data(), written);
}

}  // namespace hardock::sbom
