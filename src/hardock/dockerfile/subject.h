// DockerfileSubject: one Dockerfile as the Dockerfile checks see it: its path, the parsed file,
// and what several checks need, computed once: the shell commands of every RUN.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hardock/dockerfile/dockerfile.h"
#include "hardock/dockerfile/shell_split.h"

namespace hardock::dockerfile {

// One ShellCheck finding on a RUN script, mapped back to the Dockerfile.
struct ShellcheckNote {
  std::size_t instruction = 0;  // index in Dockerfile::instructions
  Position pos;
  std::string code;   // "SC2086"
  std::string level;  // error, warning, info, style
  std::string message;
};

struct DockerfileSubject {
  std::string path;  // as the user named it ("-" for standard input)
  Dockerfile file;
  // Per instruction (same index as file.instructions): split_run() of a RUN or of an ONBUILD
  // RUN trigger; empty for other instructions.
  std::vector<ShellScript> scripts;
  // ShellCheck's findings on the RUN scripts (`hardock lint --shellcheck`, run by the lint
  // module before the checks); nullopt when it was not run.
  std::optional<std::vector<ShellcheckNote>> shellcheck;
  // What the rules derive from this file once and share between them (the shell rules' view of
  // every RUN: audit/checks/dockerfile/shell_util.h), type-erased because its type belongs to
  // them; with the subject it was built for, so that a copy builds its own instead of pointing
  // into the original. Built lazily by the first rule that needs it; one thread per subject.
  mutable std::shared_ptr<const void> derived;
  mutable const DockerfileSubject* derived_for = nullptr;
  // The same for the instruction rules' view of the base images (instr_util.h base_images).
  mutable std::shared_ptr<const void> derived_bases;
  mutable const DockerfileSubject* derived_bases_for = nullptr;
  // image_instructions(), computed once (seven rules ask for it), with the subject it is for.
  mutable std::vector<std::size_t> image_cache;
  mutable const DockerfileSubject* image_cache_for = nullptr;

  // The stage that ends the file, whose instructions make the image (the last FROM's); none
  // when the file has no FROM.
  [[nodiscard]] const Stage* final_stage() const;
  // Instructions of the final stage and of the stages it is built FROM, in file order: what the
  // image holds. (A stage only COPY --from'ed is not in it.) Computed on the first call and kept
  // (a copy computes its own, as with `derived`).
  [[nodiscard]] const std::vector<std::size_t>& image_instructions() const;
};

[[nodiscard]] DockerfileSubject make_subject(std::string path, std::string_view text);

}  // namespace hardock::dockerfile
