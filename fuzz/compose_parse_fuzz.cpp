// A Compose file comes from whoever wrote the repository being linted: any bytes must load to a
// project or a one-line error naming the file, never a crash or a hang; every position given
// lies inside the input, and the project's snapshot builds and locates its objects.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/compose/project.h"

namespace {

struct Bounds {
  std::vector<std::size_t> line_length;
  void check(hardock::compose::Pos pos) const {
    if (pos.file != 0 || pos.line == 0) return;  // another file, or no position
    if (pos.line > line_length.size() + 1) __builtin_trap();
    const std::size_t length = pos.line <= line_length.size() ? line_length[pos.line - 1] : 0;
    if (pos.column == 0 || pos.column > length + 1) __builtin_trap();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  hardock::compose::LoadOptions options;
  options.project_directory = "/nonexistent-hardock-fuzz";  // extends.file, env_file: errors
  options.project_name = "fuzz";
  options.environment = {{"TAG", "1"}, {"EMPTY", ""}};
  auto project = hardock::compose::load_project_texts({{"compose.yml", text}}, options);
  if (!project) {
    if (project.error().message.find('\n') != std::string::npos) __builtin_trap();
    if (project.error().message.rfind("compose.yml", 0) != 0) __builtin_trap();
    return 0;
  }
  Bounds bounds;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    bounds.line_length.push_back(end - start);
    start = end + 1;
  }
  for (const auto& service : project->services) {
    bounds.check(service.pos);
    for (const auto& [key, pos] : service.keys) bounds.check(pos);
    for (const auto& port : service.ports) bounds.check(port.pos);
    for (const auto& volume : service.volumes) bounds.check(volume.pos);
    for (const auto& item : service.cap_add) bounds.check(item.pos);
    for (const auto& [key, entry] : service.environment) bounds.check(entry.pos);
  }
  for (const auto& network : project->networks) bounds.check(network.pos);
  const auto snapshot = hardock::compose::to_snapshot(*project);
  for (const auto& container : snapshot.containers) {
    hardock::core::Finding finding;
    finding.check_code = "HDK-C-004";
    finding.target = {hardock::core::TargetKind::kContainer, container.id, container.name};
    hardock::compose::annotate(*project, finding);
  }
  return 0;
}
