#include "hardock/dockerfile/subject.h"

#include <algorithm>

namespace hardock::dockerfile {

const Stage* DockerfileSubject::final_stage() const {
  return file.stages.empty() ? nullptr : &file.stages.back();
}

const std::vector<std::size_t>& DockerfileSubject::image_instructions() const {
  if (image_cache_for == this) return image_cache;
  std::vector<std::size_t> stages;  // the final stage, then the one it is FROM, and so on
  for (const Stage* stage = final_stage(); stage != nullptr;) {
    stages.push_back(stage->index);
    // base_stage always names an earlier stage, so this walk ends; bounded by the stage count.
    if (!stage->base_stage || *stage->base_stage >= stage->index) break;
    stage = &file.stages[*stage->base_stage];
  }
  std::sort(stages.begin(), stages.end());
  std::size_t count = 0;
  for (const std::size_t index : stages) {
    const Stage& stage = file.stages[index];
    count += stage.last_instruction + 1 - stage.from_instruction;
  }
  std::vector<std::size_t>& out = image_cache;
  out.clear();
  out.reserve(count);
  for (const std::size_t index : stages) {
    const Stage& stage = file.stages[index];
    for (std::size_t inst = stage.from_instruction; inst <= stage.last_instruction; ++inst) {
      out.push_back(inst);
    }
  }
  image_cache_for = this;
  return out;
}

DockerfileSubject make_subject(std::string path, std::string_view text) {
  DockerfileSubject subject;
  subject.path = std::move(path);
  subject.file = parse(text);
  subject.scripts = split_runs(subject.file.instructions);
  return subject;
}

}  // namespace hardock::dockerfile
