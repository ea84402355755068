#include "hardock/image/analyzers/db_file.h"

#include "hardock/io/escape.h"

namespace hardock::image::analyzers {

std::string shown(std::string_view text) { return io::one_line(io::truncate(text, 120)); }

std::string error_line(std::string_view file, std::string_view message) {
  return shown(file) + ": " + io::one_line(io::truncate(message, 400));
}

std::optional<DbFile> open_db_file(const ImageTree& tree, std::string_view path,
                                   Inventory& inventory) {
  const std::string wanted(path);
  auto resolved = tree.index().resolve(wanted);
  if (!resolved) {
    // A dangling link is as absent as no file; a loop is something there we cannot read.
    if (resolved.error().code != core::ErrorCode::kNotFound) {
      inventory.errors.push_back(
          error_line(path, "cannot be resolved: " + resolved.error().message));
    }
    return std::nullopt;
  }
  const FileEntry* entry = tree.index().find(*resolved);
  if (entry == nullptr) return std::nullopt;
  if (entry->type != EntryType::kFile) {
    inventory.errors.push_back(error_line(
        path, "is a " + std::string(to_string(entry->type)) + ", not a regular file; not read"));
    return std::nullopt;
  }
  if (!entry->content) {
    inventory.errors.push_back(error_line(
        path, "present (" + std::to_string(entry->size) +
                  " bytes) but its content was not kept (over the per-file size cap, or the "
                  "layer walk did not ask for it); not read"));
    return std::nullopt;
  }
  return DbFile{*resolved, &*entry->content, entry->layer, &tree.history(*resolved)};
}

std::string package_key(std::string_view name, std::string_view architecture) {
  std::string key(name);
  key += '\n';
  key += architecture;
  return key;
}

std::vector<int> origin_layers(
    const DbFile& file, const std::vector<std::pair<std::string, std::string>>& current,
    const std::function<std::optional<VersionMap>(std::string_view)>& parse_versions) {
  std::vector<int> origins(current.size(), file.layer);
  const auto& history = *file.history;
  // The newest kept version at or below the current layer must be the current content; when it
  // is not (the history lost a version), the current layer is all that can be said.
  std::size_t newest = history.size();
  while (newest > 0 && history[newest - 1].layer > file.layer) --newest;
  if (newest == 0 || history[newest - 1].layer != file.layer) return origins;

  std::vector<std::size_t> traced(current.size());
  for (std::size_t index = 0; index < traced.size(); ++index) traced[index] = index;
  for (std::size_t version = newest - 1; version > 0 && !traced.empty(); --version) {
    const ImageTree::Version& older = history[version - 1];
    auto versions = parse_versions(older.bytes);
    if (!versions) break;
    std::vector<std::size_t> still;
    for (std::size_t package : traced) {
      auto it = versions->find(current[package].first);
      if (it == versions->end() || it->second != current[package].second) continue;
      origins[package] = older.layer;
      still.push_back(package);
    }
    traced = std::move(still);
  }
  return origins;
}

void ProblemList::add(std::string text) {
  ++count_;
  if (listed_.size() < kMaxProblemsListed) listed_.push_back(std::move(text));
}

std::string ProblemList::summary(std::string_view what) const {
  std::string out = std::to_string(count_) + " " + std::string(what) + ": ";
  for (std::size_t index = 0; index < listed_.size(); ++index) {
    if (index > 0) out += "; ";
    out += listed_[index];
  }
  if (count_ > listed_.size()) out += " (and " + std::to_string(count_ - listed_.size()) + " more)";
  return out;
}

bool FileBudget::take(std::size_t count) {
  if (exhausted_ || count > kMaxFilesPerDatabase - used_) {
    exhausted_ = true;
    return false;
  }
  used_ += count;
  return true;
}

}  // namespace hardock::image::analyzers
