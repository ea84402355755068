// The analysis cache: each image's walked analysis (analysis_codec.h), stored by image id so
// that `audit --images` reads no layer of an image it has seen. An image id is the sha256 of the
// image's config, which names its layers by digest: the content behind an id never changes, so
// an entry never goes stale for its id. It is also keyed by the analysis version (which hardock,
// which analyzers at which version, which walk limits): an upgraded hardock, or a changed
// analyzer, never trusts an entry an older one wrote.
//
// Storage: one SQLite file, DIR/images.db (DIR is $XDG_CACHE_HOME/hardock, else
// ~/.cache/hardock, else what --image-cache names), table analyses(image_id, version, data).
// DIR is created 0700 and the file 0600 (tightened when looser); both must belong to this user,
// since whoever can write them chooses the findings of every cached image. The file is read as
// attacker-controlled all the same: views, triggers and untrusted schema functions are off,
// values are capped at kMaxAnalysisBytes, statements are bounded in steps, and every record is
// decoded with bounds and a checksum. A record that does not decode is reported by load() and
// replaced by the next store(). A file that is no SQLite database (or a corrupt one) is replaced
// by an empty one. Concurrent audits: each store() is one IMMEDIATE transaction, and a busy
// database is waited for (10 s) before giving up with an error.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/image/layer_reader.h"
#include "hardock/image_cache/analysis_codec.h"

namespace hardock::image_cache {

// $XDG_CACHE_HOME/hardock when that is an absolute path (as the XDG spec requires), else
// $HOME/.cache/hardock; kNotFound when neither is set.
[[nodiscard]] core::Result<std::string> default_cache_dir();

// What made an analysis, as the cache keys it: the tool version, the walk and codec version
// (bumped by hand when the layer walk, the secret scan or its rules change what they find), each
// analyzer's name and version, and the walk's limits.
[[nodiscard]] std::string analysis_version(std::string_view tool_version,
                                           const image::LayerLimits& limits);

// "sha256:" + 64 lowercase hex digits: the ids the cache keeps (anything else is walked).
[[nodiscard]] bool cacheable_image_id(std::string_view id);

class AnalysisCache {
 public:
  // Opens DIR/images.db for `version`, creating DIR (and missing parents) and the file. Fails
  // (one line naming DIR or the file) when DIR cannot be created, is not a directory, is a
  // symbolic link, or belongs to another user, and when the database cannot be opened or
  // created. `notes` receives what was repaired (a corrupt file replaced).
  [[nodiscard]] static core::Result<AnalysisCache> open(const std::string& dir, std::string version,
                                                        std::vector<std::string>& notes);

  AnalysisCache(AnalysisCache&& other) noexcept;
  AnalysisCache& operator=(AnalysisCache&& other) noexcept;
  AnalysisCache(const AnalysisCache&) = delete;
  AnalysisCache& operator=(const AnalysisCache&) = delete;
  ~AnalysisCache();

  // The analysis stored for `image_id` at this version; nullopt when there is none. An error
  // when there is one that cannot be used (corrupt, truncated, oversized, tampered) or the
  // database cannot be read: the caller walks the image again and stores it.
  [[nodiscard]] core::Result<std::optional<ImageAnalysis>> load(const std::string& image_id);

  // Stores (or replaces) the analysis of `image_id`, dropping its entries of other versions.
  [[nodiscard]] core::Result<void> store(const std::string& image_id, const image::ImageTree& tree,
                                         const image::Inventory& inventory);

  // DIR/images.db, for messages.
  [[nodiscard]] const std::string& path() const;

 private:
  struct State;
  explicit AnalysisCache(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace hardock::image_cache
