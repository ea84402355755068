// One lint run: the files gathered, parsed once, judged by the audit's checks in one run, then
// the users' suppressions (config, inline pragmas) and severity overrides applied.
//
// Dockerfiles are judged by the Dockerfile checks (Input::kDockerfile). Compose files become an
// engine snapshot of the declared containers and networks (compose/), judged by the live
// audit's own container and network checks, their findings located back at file:line.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hardock/audit/run.h"
#include "hardock/compose/project.h"
#include "hardock/lint/config.h"
#include "hardock/lint/inputs.h"

namespace hardock::dockerfile {
struct DockerfileSubject;
}

namespace hardock::lint {

struct LintRequest {
  std::vector<LintFile> files;
  LintConfig config;
  std::vector<std::string> only;  // --check
  std::vector<std::string> skip;  // --skip
  core::Severity min_severity = core::Severity::kInfo;
  bool shellcheck = false;  // run ShellCheck on RUN scripts (HDK-B-060)
  std::string shellcheck_path = "shellcheck";
  // Compose projects given as files merged in order (-c/--compose-file, and --fix's relint of a
  // file with its override); the Compose files among `files` are each a project of their own.
  std::vector<std::vector<std::string>> compose_projects;
  compose::LoadOptions compose_options;
  bool keep_subjects = false;  // keep the parsed Dockerfiles in the result (--fix)
  unsigned threads = 0;        // 0: one per core
  // The Dockerfiles' findings in file order (core::file_before), not report order: sorted batch
  // by batch on the workers, for the reports that list them so (gnu, checkstyle).
  bool file_order = false;
  // Writes the Dockerfiles' findings out batch by batch as they are judged, instead of keeping
  // them for a report at the end (`hardock lint -f gnu --no-store`: no merge of 137,000
  // findings, and the memory of each batch used again by the next). `render_batch` runs on the
  // workers, a batch's findings in file order; `write_batch` gets the texts in the order of the
  // files, one call at a time. Used only when that order is the report's: file_order, the files
  // in strictly increasing path order, no Compose file, no keep_subjects; otherwise the findings
  // are kept as usual. Findings about no file (HDK-B-060 when ShellCheck cannot run) are kept,
  // as they sort after every file's.
  std::function<void(std::string&, std::span<const core::Finding* const>)> render_batch;
  std::function<void(std::string_view)> write_batch;
};

struct LintResult {
  audit::AuditResult result;
  // The parsed Dockerfiles, in the order of the request's files, when keep_subjects (--fix).
  std::vector<dockerfile::DockerfileSubject> dockerfiles;
  std::vector<std::string> paths;  // every file linted, in order
  std::vector<compose::ComposeProject> compose_projects;
  std::vector<std::string> notes;  // warnings for stderr (config ids with no equivalent ...)
  int suppressed = 0;              // findings removed by inline pragmas
  // Findings written out by write_batch and not kept in `result` (see LintRequest::render_batch),
  // and the highest severity among those of them that count (core::Finding::counts), for the
  // exit gate.
  std::size_t streamed = 0;
  std::optional<core::Severity> streamed_worst;
};

[[nodiscard]] core::Result<LintResult> run_lint(LintRequest request);

// The codes a `# hardock ignore=...` / `# hadolint ignore=...` comment names, or none when the
// comment is no such pragma. `global` is set for `# hardock global ignore=...`.
struct Pragma {
  bool global = false;
  std::set<std::string, std::less<>> codes;
  std::set<std::string, std::less<>> shellcheck;
};
[[nodiscard]] std::optional<Pragma> parse_pragma(std::string_view comment);

}  // namespace hardock::lint
