#include "hardock/image/file_index.h"

#include <vector>

namespace hardock::image {

std::string_view to_string(EntryType type) {
  switch (type) {
    case EntryType::kFile:
      return "file";
    case EntryType::kDirectory:
      return "directory";
    case EntryType::kSymlink:
      return "symlink";
    case EntryType::kHardlink:
      return "hardlink";
    case EntryType::kCharDevice:
      return "char-device";
    case EntryType::kBlockDevice:
      return "block-device";
    case EntryType::kFifo:
      return "fifo";
  }
  return "unknown";
}

std::optional<std::string> normalize_image_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view part = path.substr(start, slash - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

void FileIndex::remove_below(const std::string& dir, int layer) {
  const std::string prefix = dir.empty() ? std::string() : dir + "/";
  auto it = entries_.lower_bound(prefix);
  while (it != entries_.end() && it->first.starts_with(prefix)) {
    if (it->first.size() > prefix.size() && it->second.layer < layer) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

void FileIndex::put(const std::string& path, FileEntry entry) {
  auto existing = entries_.find(path);
  const bool replaces_tree =
      entry.type != EntryType::kDirectory ||
      (existing != entries_.end() && existing->second.type != EntryType::kDirectory);
  if (replaces_tree) remove_below(path, entry.layer);
  entries_[path] = std::move(entry);
}

void FileIndex::whiteout(const std::string& path, int layer) {
  auto it = entries_.find(path);
  if (it != entries_.end() && it->second.layer < layer) entries_.erase(it);
  remove_below(path, layer);
}

void FileIndex::opaque(const std::string& dir, int layer) { remove_below(dir, layer); }

const FileEntry* FileIndex::find(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

core::Result<std::string> FileIndex::resolve(const std::string& path) const {
  constexpr int kMaxLinks = 40;
  int links = 0;
  // Components still to walk, front first; `done` is the resolved prefix.
  std::vector<std::string> pending;
  auto push_components = [&pending](std::string_view text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t slash = text.find('/', start);
      if (slash == std::string_view::npos) slash = text.size();
      if (slash > start) parts.emplace_back(text.substr(start, slash - start));
      start = slash + 1;
    }
    pending.insert(pending.begin(), parts.begin(), parts.end());
  };
  push_components(path);
  std::string done;
  while (!pending.empty()) {
    const std::string part = pending.front();
    pending.erase(pending.begin());
    if (part == ".") continue;
    if (part == "..") {
      const auto slash = done.rfind('/');
      done = slash == std::string::npos ? std::string() : done.substr(0, slash);
      continue;
    }
    const std::string next = done.empty() ? part : done + "/" + part;
    const FileEntry* entry = find(next);
    if (entry != nullptr && entry->type == EntryType::kHardlink) {
      if (++links > kMaxLinks) break;
      done = entry->link;  // already normalised when indexed
      continue;
    }
    if (entry != nullptr && entry->type == EntryType::kSymlink) {
      if (++links > kMaxLinks) break;
      if (entry->link.starts_with("/")) done.clear();  // re-rooted at the image root
      push_components(entry->link);
      continue;
    }
    done = next;
  }
  if (links > kMaxLinks) {
    return core::fail(core::ErrorCode::kInvalidArgument, path + ": more than 40 links (a loop?)");
  }
  if (!done.empty() && find(done) == nullptr) {
    return core::fail(core::ErrorCode::kNotFound, path + ": not in the image");
  }
  return done;
}

}  // namespace hardock::image
