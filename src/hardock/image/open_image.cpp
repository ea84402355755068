#include "hardock/image/open_image.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "hardock/image/oci_layout.h"
#include "hardock/image/secret_scan.h"
#include "hardock/io/escape.h"
#include "hardock/io/unique_fd.h"

namespace hardock::image {
namespace {

// The secret scan, with each layer's walk told apart by the name read_layer was given: an
// archive's layers pass in the order of its members, not the image's, so the tree layer of a
// secret is known only once the manifest is (Image::layer_sources).
class LayeredSecretScan final : public EntryObserver {
 public:
  void begin_layer(std::string_view name) override {
    auto [found, inserted] = walk_of_.try_emplace(std::string(name), walk_of_.size());
    (void)inserted;
    scan_.start_layer(static_cast<int>(found->second));
  }
  bool wants(const std::string& path, const FileEntry& entry) override {
    return scan_.wants(path, entry);
  }
  void chunk(std::string_view bytes) override { scan_.chunk(bytes); }
  void end() override { scan_.end(); }

  // The secrets with their tree layer, marked when a later layer removed or replaced the file.
  std::vector<FileSecret> results(const Image& image) const {
    std::map<int, int> tree_layer;  // walk index -> first tree layer read from that walk
    for (std::size_t index = image.layer_sources.size(); index-- > 0;) {
      auto walk = walk_of_.find(image.layer_sources[index]);
      if (walk != walk_of_.end())
        tree_layer[static_cast<int>(walk->second)] = static_cast<int>(index);
    }
    std::vector<FileSecret> out;
    for (auto secret : scan_.results(image.tree)) {
      auto layer = tree_layer.find(secret.layer);
      if (layer == tree_layer.end()) continue;  // a member that is no layer of this image
      secret.layer = layer->second;
      const FileEntry* entry = image.tree.index().find(secret.path);
      secret.removed_later = entry == nullptr || entry->layer != secret.layer;
      out.push_back(std::move(secret));
    }
    return out;
  }

 private:
  SecretScan scan_;
  std::map<std::string, std::size_t> walk_of_;
};

core::Result<Image> read_archive_file(const std::string& path, const ImageSelection& selection,
                                      const LayerOptions& options) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return core::fail(core::ErrorCode::kNotFound,
                      io::terminal_safe(path) + ": " + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      io::terminal_safe(path) + ": not a regular file nor an OCI layout directory");
  }
  io::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd.valid()) {
    return core::fail(errno == EACCES ? core::ErrorCode::kPermissionDenied : core::ErrorCode::kIo,
                      io::terminal_safe(path) + ": " + std::strerror(errno));
  }
  struct stat opened {};
  if (::fstat(fd.get(), &opened) != 0 || !S_ISREG(opened.st_mode)) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      io::terminal_safe(path) + ": not a regular file");
  }
  FdSource source(fd.get(), io::terminal_safe(path));
  return read_image_archive(source, "archive:" + io::terminal_safe(path), selection, options);
}

}  // namespace

std::string_view to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::kArchive:
      return "archive";
    case SourceKind::kOciLayout:
      return "oci-layout";
    case SourceKind::kEngine:
      return "engine";
    case SourceKind::kRegistry:
      return "registry";
  }
  return "unknown";
}

SourceKind source_of(const OpenRequest& request) {
  if (!request.input.empty()) {
    struct stat info {};
    const bool directory = ::stat(request.input.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
    return directory ? SourceKind::kOciLayout : SourceKind::kArchive;
  }
  if (request.registry || registry_named(request.reference)) return SourceKind::kRegistry;
  return SourceKind::kEngine;
}

core::Result<AnalysedImage> open_image(const OpenRequest& request) {
  LayeredSecretScan secrets;
  LayerOptions options;
  options.limits = request.limits;
  options.wanted = [](std::string_view path) { return any_analyzer_wants(path); };
  options.observer = &secrets;
  const ImageSelection selection{request.reference, request.platform};

  AnalysedImage out;
  out.source = source_of(request);
  core::Result<Image> image = core::fail(core::ErrorCode::kInternal, "no source");
  switch (out.source) {
    case SourceKind::kArchive:
      image = read_archive_file(request.input, selection, options);
      break;
    case SourceKind::kOciLayout:
      image = read_oci_layout(request.input, selection, options);
      break;
    case SourceKind::kEngine:
      if (!request.engine) {
        return core::fail(core::ErrorCode::kInvalidArgument, "no engine to read the image from");
      }
      if (request.reference.empty()) {
        return core::fail(core::ErrorCode::kInvalidArgument,
                          "name an image (REF), or give --input FILE|DIR");
      }
      image = read_engine_image(*request.engine, request.reference, options);
      break;
    case SourceKind::kRegistry: {
      auto reference = parse_reference(request.reference);
      if (!reference) return core::fail(reference.error());
      image = read_registry_image(*reference, request.registry_options,
                                  ImageSelection{"", request.platform}, options);
      break;
    }
  }
  if (!image) return core::fail(image.error());
  out.image = std::move(*image);
  out.inventory = analyze_image(out.image.tree);
  out.inventory.secrets = secrets.results(out.image);
  return out;
}

ImageSubject subject_of(const AnalysedImage& analysed) {
  const Image& image = analysed.image;
  ImageSubject subject;
  subject.id = image.config_digest;
  subject.repo_tags = image.repo_tags;
  subject.name = !image.repo_tags.empty()
                     ? image.repo_tags.front()
                     : image.config_digest.substr(0, std::string_view("sha256:").size() + 12);
  subject.config = image.config;
  subject.tree = &image.tree;
  subject.inventory = &analysed.inventory;
  return subject;
}

}  // namespace hardock::image
