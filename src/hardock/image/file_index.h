// FileIndex: the merged file tree of an image, built layer by layer with OCI whiteouts applied.
//
// Paths are normalised and relative to the image root: no leading or trailing '/', no "." or
// ".." components ("etc/passwd"; the root itself is ""). Each entry remembers the layer that put
// it there. Whiteouts only ever remove what lower layers put: an entry of the layer being added
// survives a whiteout of that same layer, as the OCI image spec requires.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::image {

enum class EntryType { kFile, kDirectory, kSymlink, kHardlink, kCharDevice, kBlockDevice, kFifo };
std::string_view to_string(EntryType type);

struct FileEntry {
  EntryType type = EntryType::kFile;
  uint32_t mode = 0;  // permission bits, setuid/setgid/sticky included (07777)
  int64_t uid = 0;
  int64_t gid = 0;
  int64_t size = 0;
  std::string link;  // symlink target as written, or a hardlink's normalised target path
  int layer = 0;     // index of the layer that put it there, 0 = base
  // The bytes of a regular file an analyzer asked for (and that fit the per-file cap); nullopt
  // for every other entry. Kept with the entry so that a whiteout removes both.
  std::optional<std::string> content;
};

// "a/./b//c/" -> "a/b/c", "/etc" -> "etc"; nullopt when a ".." component would climb above the
// root (a hostile archive entry, refused rather than guessed).
std::optional<std::string> normalize_image_path(std::string_view path);

class FileIndex {
 public:
  // Adds or replaces `path`. A non-directory replacing anything, or anything replacing a
  // non-directory, hides what lower layers had below that path.
  void put(const std::string& path, FileEntry entry);
  // `.wh.NAME`: removes `path` and everything below it that a layer below `layer` put there.
  void whiteout(const std::string& path, int layer);
  // `.wh..wh..opq` in `dir`: removes everything below `dir` from layers below `layer`.
  void opaque(const std::string& dir, int layer);

  [[nodiscard]] const FileEntry* find(const std::string& path) const;
  // Follows symlinks (and hardlinks) inside the image as the kernel would in a chroot: absolute
  // targets start again at the image root, ".." stops at the root; at most 40 links. The
  // normalised path of what `path` names, or kNotFound / kInvalidArgument (a loop).
  [[nodiscard]] core::Result<std::string> resolve(const std::string& path) const;

  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] const std::map<std::string, FileEntry>& entries() const { return entries_; }

 private:
  // Removes the entries strictly below `dir` whose layer is below `layer`.
  void remove_below(const std::string& dir, int layer);

  std::map<std::string, FileEntry> entries_;
};

}  // namespace hardock::image
