#include "hardock/image/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "hardock/image/archive_feed.h"
#include "hardock/image/source_manifest.h"
#include "hardock/io/json_guard.h"

namespace hardock::image {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxJsonMember = 8U << 20;  // manifests, configs, indexes

using detail::ArchiveDeleter;
using detail::Feed;
using detail::feed_read;

struct DigestDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

// One member of the outer archive as a ByteSource: a few bytes already peeked, then the rest,
// hashed (sha256) as they pass.
class MemberSource final : public ByteSource {
 public:
  MemberSource(struct archive* outer, std::string name)
      : outer_(outer), name_(std::move(name)), digest_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(digest_.get(), EVP_sha256(), nullptr);
  }

  core::Result<std::size_t> read(char* buffer, std::size_t size) override {
    if (offset_ < prefix_.size()) {
      const std::size_t count = std::min(size, prefix_.size() - offset_);
      std::memcpy(buffer, prefix_.data() + offset_, count);
      offset_ += count;
      return count;
    }
    return raw_read(buffer, size);
  }

  // Reads up to `size` bytes ahead without consuming them for later read() calls.
  core::Result<std::string_view> peek(std::size_t size) {
    prefix_.resize(size);
    std::size_t have = 0;
    while (have < size) {
      auto got = raw_read(prefix_.data() + have, size - have);
      if (!got) return core::fail(got.error());
      if (*got == 0) break;
      have += *got;
    }
    prefix_.resize(have);
    return std::string_view(prefix_);
  }

  // Consumes what is left, so that the digest covers the whole member.
  core::Result<void> drain() {
    char block[1 << 16];
    for (;;) {
      auto got = read(block, sizeof block);
      if (!got) return core::fail(got.error());
      if (*got == 0) return {};
    }
  }

  std::string hex_digest() {
    unsigned char bytes[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(digest_.get(), bytes, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int index = 0; index < length; ++index) {
      out += kHex[bytes[index] >> 4];
      out += kHex[bytes[index] & 0x0F];
    }
    return out;
  }

 private:
  core::Result<std::size_t> raw_read(char* buffer, std::size_t size) {
    const la_ssize_t got = archive_read_data(outer_, buffer, size);
    if (got < 0) {
      const char* text = archive_error_string(outer_);
      return core::fail(core::ErrorCode::kMalformedInput,
                        name_ + ": " + (text == nullptr ? "corrupt archive" : text));
    }
    EVP_DigestUpdate(digest_.get(), buffer, static_cast<std::size_t>(got));
    return static_cast<std::size_t>(got);
  }

  struct archive* outer_;
  std::string name_;
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> digest_;
  std::string prefix_;
  std::size_t offset_ = 0;
};

bool looks_like_json(std::string_view head) {
  for (char c : head) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{' || c == '[';
  }
  return false;
}

// "sha256:<64 hex>" -> "blobs/sha256/<hex>"; nullopt for anything else (a digest is never
// trusted as a path: "sha256:../../x" must not name a file).
std::optional<std::string> blob_path(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (!digest.starts_with(kPrefix) || digest.size() != kPrefix.size() + 64) return std::nullopt;
  const std::string_view hex = digest.substr(kPrefix.size());
  if (!std::all_of(hex.begin(), hex.end(),
                   [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); })) {
    return std::nullopt;
  }
  return "blobs/sha256/" + std::string(hex);
}

struct Member {
  bool is_json = false;
  std::string json_text;
  std::optional<LayerRecord> layer;
  std::optional<core::Error> layer_error;
  std::string sha256;  // of the member's bytes
};

struct Plan {
  std::string config_path;
  std::vector<std::string> layer_paths;
  std::vector<std::string> repo_tags;
  std::string manifest_digest;
};

class ArchiveReading {
 public:
  ArchiveReading(ByteSource& source, std::string name, const ImageSelection& selection,
                 const LayerOptions& options)
      : name_(std::move(name)), selection_(selection), options_(options) {
    feed_.source = &source;
  }

  core::Result<Image> run() {
    if (auto read = read_members(); !read) return core::fail(read.error());
    auto plan = members_.contains("manifest.json") ? docker_plan() : oci_plan();
    if (!plan) return core::fail(plan.error().with_context(name_));
    return assemble(*plan);
  }

 private:
  core::Result<void> read_members() {
    std::unique_ptr<struct archive, ArchiveDeleter> archive(archive_read_new());
    archive_read_support_filter_gzip(archive.get());
    archive_read_support_filter_zstd(archive.get());
    archive_read_support_format_tar(archive.get());
    if (archive_read_open(archive.get(), &feed_, nullptr, feed_read, nullptr) != ARCHIVE_OK) {
      return fail_archive(archive.get());
    }
    for (;;) {
      struct archive_entry* entry = nullptr;
      const int status = archive_read_next_header(archive.get(), &entry);
      if (status == ARCHIVE_EOF) return {};
      if (status < ARCHIVE_WARN) return fail_archive(archive.get());
      const char* raw = archive_entry_pathname(entry);
      auto path = normalize_image_path(raw == nullptr ? "" : raw);
      if (!path || path->empty() || archive_entry_filetype(entry) != AE_IFREG) continue;
      MemberSource source(archive.get(), name_ + ": " + *path);
      auto head = source.peek(512);
      if (!head) return core::fail(head.error());
      Member member;
      if (looks_like_json(*head)) {
        member.is_json = true;
        char block[1 << 16];
        for (;;) {  // the peeked bytes first, then the rest
          auto got = source.read(block, sizeof block);
          if (!got) return core::fail(got.error());
          if (*got == 0) break;
          if (member.json_text.size() + *got > kMaxJsonMember) {
            return core::fail(core::ErrorCode::kMalformedInput,
                              name_ + ": " + *path + " is over 8 MiB of JSON");
          }
          member.json_text.append(block, *got);
        }
      } else {
        auto record = read_layer(source, *path, options_);
        if (record) {
          member.layer = std::move(*record);
        } else {
          member.layer_error = record.error();
        }
      }
      if (auto drained = source.drain(); !drained) return core::fail(drained.error());
      member.sha256 = source.hex_digest();
      members_[*path] = std::move(member);
    }
  }

  core::Result<Plan> docker_plan() {
    auto manifest = parse(members_.at("manifest.json").json_text, "manifest.json");
    if (!manifest) return core::fail(manifest.error());
    if (!manifest->is_array() || manifest->empty()) {
      return core::fail(core::ErrorCode::kMalformedInput, "manifest.json: expected a list");
    }
    const json* chosen = &(*manifest)[0];
    if (!selection_.reference.empty()) {
      chosen = nullptr;
      for (const auto& item : *manifest) {
        for (const auto& tag : item.value("RepoTags", json::array())) {
          if (tag.is_string() && tag.get<std::string>() == selection_.reference) chosen = &item;
        }
      }
      if (chosen == nullptr) {
        return core::fail(core::ErrorCode::kNotFound,
                          "no image tagged " + selection_.reference + " in manifest.json");
      }
    } else if (manifest->size() > 1) {
      return core::fail(core::ErrorCode::kInvalidArgument,
                        "manifest.json holds several images: name one (REPO:TAG)");
    }
    Plan plan;
    const json& config = (*chosen)["Config"];
    if (!config.is_string()) {
      return core::fail(core::ErrorCode::kMalformedInput, "manifest.json: no Config");
    }
    plan.config_path = config.get<std::string>();
    for (const auto& layer : (*chosen).value("Layers", json::array())) {
      if (!layer.is_string()) {
        return core::fail(core::ErrorCode::kMalformedInput, "manifest.json: Layers");
      }
      plan.layer_paths.push_back(layer.get<std::string>());
    }
    for (const auto& tag : (*chosen).value("RepoTags", json::array())) {
      if (tag.is_string()) plan.repo_tags.push_back(tag.get<std::string>());
    }
    return plan;
  }

  core::Result<Plan> oci_plan() {
    auto index_member = members_.find("index.json");
    if (index_member == members_.end()) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        "not an image archive: neither manifest.json nor index.json");
    }
    auto document = parse(index_member->second.json_text, "index.json");
    if (!document) return core::fail(document.error());
    // Follow indexes down to one image manifest (at most a few levels: bounded, no recursion).
    std::string reference = selection_.reference;
    for (int depth = 0; depth < 4; ++depth) {
      const json& manifests = (*document)["manifests"];
      if (manifests.is_array()) {
        auto descriptor = choose(manifests, reference);
        if (!descriptor) return core::fail(descriptor.error());
        reference.clear();  // a reference names the top-level entry only
        auto path = blob_path(descriptor->value("digest", ""));
        if (!path) return core::fail(core::ErrorCode::kMalformedInput, "index: bad digest");
        auto next = members_.find(*path);
        if (next == members_.end() || !next->second.is_json) {
          return core::fail(core::ErrorCode::kNotFound, *path + " is not in the archive");
        }
        if (next->second.sha256 != path->substr(path->rfind('/') + 1)) {
          return core::fail(core::ErrorCode::kMalformedInput, *path + ": digest mismatch");
        }
        auto parsed = parse(next->second.json_text, *path);
        if (!parsed) return core::fail(parsed.error());
        document = std::move(parsed);
        plan_digest_ = descriptor->value("digest", "");
        continue;
      }
      Plan plan;
      plan.manifest_digest = plan_digest_;
      auto config = blob_path((*document)["config"].value("digest", ""));
      if (!config) return core::fail(core::ErrorCode::kMalformedInput, "manifest: bad config");
      plan.config_path = *config;
      for (const auto& layer : (*document).value("layers", json::array())) {
        auto path = blob_path(layer.is_object() ? layer.value("digest", "") : "");
        if (!path) return core::fail(core::ErrorCode::kMalformedInput, "manifest: bad layer");
        plan.layer_paths.push_back(*path);
      }
      return plan;
    }
    return core::fail(core::ErrorCode::kMalformedInput, "index nested more than 4 deep");
  }

  core::Result<json> choose(const json& manifests, const std::string& reference) {
    const std::string platform =
        selection_.platform.empty() ? host_platform() : selection_.platform;
    const json* fallback = nullptr;
    for (const auto& descriptor : manifests) {
      if (!descriptor.is_object()) continue;
      const std::string name = descriptor.value("annotations", json::object())
                                   .value("org.opencontainers.image.ref.name", std::string());
      if (!reference.empty()) {
        if (name == reference || descriptor.value("digest", "") == reference) return descriptor;
        continue;
      }
      const json& wanted = descriptor["platform"];
      if (!wanted.is_object()) {
        if (fallback == nullptr) fallback = &descriptor;
        continue;
      }
      std::string text = wanted.value("os", "") + "/" + wanted.value("architecture", "");
      if (text == platform) return descriptor;
    }
    if (!reference.empty()) {
      return core::fail(core::ErrorCode::kNotFound, "no image named " + reference + " in index");
    }
    if (fallback != nullptr) return *fallback;
    return core::fail(core::ErrorCode::kNotFound, "no image for platform " + platform);
  }

  core::Result<Image> assemble(const Plan& plan) {
    Image image;
    image.source = name_;
    image.repo_tags = plan.repo_tags;
    image.manifest_digest = plan.manifest_digest;
    auto config_member = members_.find(plan.config_path);
    if (config_member == members_.end() || !config_member->second.is_json) {
      return core::fail(core::ErrorCode::kNotFound,
                        name_ + ": config " + plan.config_path + " is not in the archive");
    }
    auto config = parse_image_config(config_member->second.json_text);
    if (!config) return core::fail(config.error().with_context(name_));
    image.config = std::move(*config);
    image.config_digest = "sha256:" + config_member->second.sha256;
    if (!image.config.diff_ids.empty() && image.config.diff_ids.size() != plan.layer_paths.size()) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        name_ + ": the config lists " +
                            std::to_string(image.config.diff_ids.size()) +
                            " layers, the manifest " + std::to_string(plan.layer_paths.size()));
    }
    for (std::size_t index = 0; index < plan.layer_paths.size(); ++index) {
      const std::string& path = plan.layer_paths[index];
      auto member = members_.find(path);
      if (member == members_.end()) {
        return core::fail(core::ErrorCode::kNotFound,
                          name_ + ": layer " + path + " is not in the archive");
      }
      if (member->second.layer_error) return core::fail(*member->second.layer_error);
      if (!member->second.layer) {
        return core::fail(core::ErrorCode::kMalformedInput,
                          name_ + ": layer " + path + " is not a tar");
      }
      // A blob's name is its digest; a legacy layer.tar's digest is its diff id.
      const std::string expected =
          path.starts_with("blobs/sha256/")
              ? path.substr(std::string_view("blobs/sha256/").size())
              : (index < image.config.diff_ids.size() ? image.config.diff_ids[index] : "");
      const std::string actual = member->second.sha256;
      if (!expected.empty() && expected != actual && expected != "sha256:" + actual) {
        return core::fail(core::ErrorCode::kMalformedInput,
                          name_ + ": layer " + path + " does not match its digest");
      }
      image.layer_sources.push_back(path);
      LayerRecord record = *member->second.layer;  // a layer may be listed twice
      record.digest = index < image.config.diff_ids.size() ? image.config.diff_ids[index] : path;
      image.tree.add(std::move(record));
    }
    return image;
  }

  core::Result<json> parse(const std::string& text, const std::string& what) {
    if (auto nesting = io::json_nesting_error(text); !nesting.empty()) {
      return core::fail(core::ErrorCode::kMalformedInput, what + ": " + nesting);
    }
    json document = json::parse(text, nullptr, false);
    if (document.is_discarded()) {
      return core::fail(core::ErrorCode::kMalformedInput, what + ": invalid JSON");
    }
    return document;
  }

  tl::unexpected<core::Error> fail_archive(struct archive* archive) const {
    if (!feed_.error.empty()) return core::fail(core::ErrorCode::kIo, name_ + ": " + feed_.error);
    const char* text = archive_error_string(archive);
    return core::fail(core::ErrorCode::kMalformedInput,
                      name_ + ": " + (text == nullptr ? "not a tar archive" : text));
  }

  std::string name_;
  const ImageSelection& selection_;
  const LayerOptions& options_;
  Feed feed_;
  std::map<std::string, Member> members_;
  std::string plan_digest_;
};

}  // namespace

core::Result<Image> read_image_archive(ByteSource& source, std::string name,
                                       const ImageSelection& selection,
                                       const LayerOptions& layer_options) {
  return ArchiveReading(source, std::move(name), selection, layer_options).run();
}

}  // namespace hardock::image
