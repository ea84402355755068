#include "hardock/lint/lint.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <thread>
#include <unordered_map>

#include "hardock/audit/registry.h"
#include "hardock/core/finding_order.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/io/escape.h"
#include "hardock/shellcheck/shellcheck.h"

namespace hardock::lint {
namespace {

constexpr std::string_view kShellcheckCode = "HDK-B-060";
constexpr std::string_view kUntrustedBaseCode = "HDK-B-004";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The checks a lint run selects by default: every Dockerfile check, ShellCheck's only when asked
// for, the registry allow list's only when there is a list to judge by.
std::vector<std::string> default_selection(const LintRequest& request) {
  std::vector<std::string> only;
  for (const audit::Check* check : audit::all_checks()) {
    if (check->needs != audit::Input::kDockerfile) continue;
    if (check->info.code == kShellcheckCode && !request.shellcheck) continue;
    if (check->info.code == kUntrustedBaseCode && request.config.trusted_registries.empty()) {
      continue;
    }
    only.emplace_back(check->info.code);
  }
  return only;
}

// What inline pragmas say for one Dockerfile: per instruction, and for the whole file.
struct FilePragmas {
  Pragma global;
  std::vector<Pragma> per_instruction;  // same index as the instructions
};

FilePragmas read_pragmas(const dockerfile::DockerfileSubject& subject) {
  FilePragmas pragmas;
  pragmas.per_instruction.resize(subject.file.instructions.size());
  for (std::size_t index = 0; index < subject.file.instructions.size(); ++index) {
    for (const std::string& comment : subject.file.instructions[index].comments) {
      auto pragma = parse_pragma(comment);
      if (!pragma) continue;
      Pragma& into = pragma->global ? pragmas.global : pragmas.per_instruction[index];
      into.codes.insert(pragma->codes.begin(), pragma->codes.end());
      into.shellcheck.insert(pragma->shellcheck.begin(), pragma->shellcheck.end());
    }
  }
  return pragmas;
}

// The instruction whose lines hold `line`; none before the first or between instructions.
std::optional<std::size_t> instruction_at(const dockerfile::Dockerfile& file, std::uint32_t line) {
  const auto& instructions = file.instructions;
  auto after = std::upper_bound(instructions.begin(), instructions.end(), line,
                                [](std::uint32_t wanted, const dockerfile::Instruction& inst) {
                                  return wanted < inst.pos.line;
                                });
  if (after == instructions.begin()) return std::nullopt;
  const auto index = static_cast<std::size_t>(std::distance(instructions.begin(), after) - 1);
  if (line > std::max(instructions[index].end_line, instructions[index].pos.line)) {
    return std::nullopt;
  }
  return index;
}

// "SC2086: ..." -> "SC2086"
std::string_view shellcheck_id_of(const core::Finding& finding) {
  const std::string_view evidence = finding.evidence;
  return evidence.substr(0, evidence.find(':'));
}

bool suppressed_by(const Pragma& pragma, const core::Finding& finding) {
  if (pragma.codes.contains(finding.check_code)) return true;
  return finding.check_code == kShellcheckCode &&
         pragma.shellcheck.contains(shellcheck_id_of(finding));
}

// The runner's per-check outcome and count, again, after findings were removed: fail if a
// finding fails and is not accepted, else error if one is an error, else skipped if one was
// skipped, else pass.
void recount(audit::AuditResult& result) {
  struct Tally {
    int findings = 0;
    bool fail = false;
    bool error = false;
    bool skipped = false;
  };
  // One look-up per run of findings of the same check (they come grouped from each batch): a
  // map of lists of every finding had cost a tenth of what follows the lint of 10,000 files.
  std::unordered_map<std::string_view, Tally> by_code;
  std::string_view last_code;
  Tally* tally = nullptr;
  for (const auto& finding : result.findings) {
    if (tally == nullptr || finding.check_code != last_code) {
      last_code = finding.check_code;
      tally = &by_code[last_code];
    }
    ++tally->findings;
    // An accepted risk does not fail its check, as in the runner (audit/run.cpp outcome_from):
    // counted here as failing, it took a lint's domain scores down where an audit's stayed.
    tally->fail |= finding.counts();
    tally->error |= finding.status == core::FindingStatus::kError;
    tally->skipped |= finding.status == core::FindingStatus::kSkipped;
  }
  for (auto& check_result : result.checks) {
    if (check_result.outcome == audit::Outcome::kNotRun) continue;
    const auto found = by_code.find(check_result.check->info.code);
    const Tally counted = found == by_code.end() ? Tally{} : found->second;
    check_result.findings = counted.findings;
    check_result.outcome = counted.fail      ? audit::Outcome::kFail
                           : counted.error   ? audit::Outcome::kError
                           : counted.skipped ? audit::Outcome::kSkipped
                                             : audit::Outcome::kPass;
  }
}

}  // namespace

std::optional<Pragma> parse_pragma(std::string_view comment) {
  comment = trim(comment);
  bool hadolint = false;
  if (comment.starts_with("hardock ")) {
    comment.remove_prefix(8);
  } else if (comment.starts_with("hadolint ")) {
    comment.remove_prefix(9);
    hadolint = true;
  } else {
    return std::nullopt;
  }
  Pragma pragma;
  comment = trim(comment);
  if (comment.starts_with("global ")) {
    pragma.global = true;
    comment = trim(comment.substr(7));
  }
  if (!comment.starts_with("ignore=")) return std::nullopt;
  comment.remove_prefix(7);
  // The list ends at the first space: `# hadolint ignore=DL3008 reason text`.
  comment = comment.substr(0, comment.find_first_of(" \t"));
  while (!comment.empty()) {
    const std::size_t comma = comment.find(',');
    const std::string_view id = trim(comment.substr(0, comma));
    if (!id.empty()) add_ignore(id, pragma.codes, pragma.shellcheck);
    if (comma == std::string_view::npos) break;
    comment.remove_prefix(comma + 1);
  }
  (void)hadolint;  // both spellings take hardock codes and equivalent ids alike
  return pragma;
}

namespace {

// How strongly an outcome speaks when two runs judged different files: a failure anywhere fails
// the check, then an error, then a skip; not run only when no run ran it.
int outcome_rank(audit::Outcome outcome) {
  switch (outcome) {
    case audit::Outcome::kNotRun:
      return 0;
    case audit::Outcome::kPass:
      return 1;
    case audit::Outcome::kSkipped:
      return 2;
    case audit::Outcome::kError:
      return 3;
    case audit::Outcome::kFail:
      return 4;
  }
  return 0;
}

// The configuration's severity overrides (.hardock.yaml `severity:`), by check code.
void override_severities(std::vector<core::Finding>& findings, const LintConfig& config) {
  if (config.severity.empty()) return;
  for (auto& finding : findings) {
    const auto override_to = config.severity.find(finding.check_code);
    if (override_to != config.severity.end()) finding.severity = override_to->second;
  }
}

// `order`: the positions of the part's findings in the order they are to be appended in; empty:
// as they are.
void merge_into(audit::AuditResult& total, audit::AuditResult&& part,
                std::span<const std::uint32_t> order = {}) {
  for (auto& check_result : part.checks) {
    auto same =
        std::find_if(total.checks.begin(), total.checks.end(),
                     [&](const audit::CheckResult& r) { return r.check == check_result.check; });
    if (same == total.checks.end()) {
      total.checks.push_back(std::move(check_result));
      continue;
    }
    same->findings += check_result.findings;
    if (outcome_rank(check_result.outcome) > outcome_rank(same->outcome)) {
      same->outcome = check_result.outcome;
      same->reason = std::move(check_result.reason);
    }
  }
  if (order.size() == part.findings.size()) {
    for (const std::uint32_t at : order) total.findings.push_back(std::move(part.findings[at]));
  } else {
    total.findings.insert(total.findings.end(), std::make_move_iterator(part.findings.begin()),
                          std::make_move_iterator(part.findings.end()));
  }
  // The moved-from findings ended now, while in the cache, not in a pass of their own later.
  part.findings.clear();
}

// One batch of Dockerfiles: parsed, judged, their inline pragmas applied; the parsed files kept
// only when asked (a run over 10,000 files holds one batch per thread at a time).
struct Batch {
  core::Result<audit::AuditResult> result = audit::AuditResult{};
  std::vector<dockerfile::DockerfileSubject> subjects;
  int suppressed = 0;
  std::vector<std::uint32_t> file_order;  // the findings' positions in file order, when asked
  // Streamed (LintRequest::render_batch): the findings' text, how many, the worst that counts.
  std::string rendered;
  std::size_t streamed = 0;
  std::optional<core::Severity> streamed_worst;
};

// `worst` raised to `severity` if that is worse.
void raise_to(std::optional<core::Severity>& worst, core::Severity severity) {
  if (!worst || severity > *worst) worst = severity;
}

// Renders the batch's findings about a file, in file order, and keeps only the others (about no
// file: they sort after every file's, so they wait for the report at the end).
void stream_batch(Batch& batch, const LintRequest& request) {
  auto& findings = batch.result->findings;
  std::vector<const core::Finding*> located;
  located.reserve(findings.size());
  std::size_t kept_from = batch.file_order.size();
  for (std::size_t at = 0; at < batch.file_order.size(); ++at) {
    const core::Finding& finding = findings[batch.file_order[at]];
    if (finding.location.empty()) {
      kept_from = at;
      break;
    }
    located.push_back(&finding);
    if (finding.counts()) raise_to(batch.streamed_worst, finding.severity);
  }
  request.render_batch(batch.rendered, located);
  batch.streamed = located.size();
  std::vector<core::Finding> kept;
  for (std::size_t at = kept_from; at < batch.file_order.size(); ++at) {
    kept.push_back(std::move(findings[batch.file_order[at]]));
  }
  findings = std::move(kept);
  batch.file_order.clear();  // what is kept is in file order already
}

Batch batch_done(Batch& batch, const LintRequest& request, bool stream) {
  if (!request.keep_subjects) std::vector<dockerfile::DockerfileSubject>().swap(batch.subjects);
  // Counted here, on the batch's worker (after the pragmas took findings out): the merge adds
  // the counts up and keeps the strongest outcome, which is the count over all the findings.
  if (batch.result) recount(*batch.result);
  if (request.file_order && batch.result) {
    // The severity overrides first (run_lint applies them again to all findings): a finding's
    // severity is part of its place among findings on the same line.
    override_severities(batch.result->findings, request.config);
    // Sorted here, on the batch's worker, and merged in this order: the files of a batch follow
    // each other, so the batches merged in order are in file order as a whole (when the files
    // were given in order, as a walk lists them) and the report need not sort them again.
    batch.file_order = core::file_order(batch.result->findings);
    if (stream) stream_batch(batch, request);
  }
  return std::move(batch);
}

// Whether any comment of the file is a pragma (read_pragmas finds something).
bool has_pragma(const dockerfile::DockerfileSubject& subject) {
  for (const auto& inst : subject.file.instructions) {
    for (const std::string& comment : inst.comments) {
      if (parse_pragma(comment)) return true;
    }
  }
  return false;
}

Batch lint_batch(std::span<LintFile> files, const LintRequest& request,
                 const audit::AuditConfig& config, const audit::Selection& selection, bool stream) {
  Batch batch;
  batch.subjects.reserve(files.size());
  for (auto& file : files) {
    batch.subjects.push_back(dockerfile::make_subject(file.path, file.text));
    std::string().swap(file.text);
  }
  // --shellcheck: ShellCheck's notes on each file's RUN scripts, which HDK-B-060 reports. A file
  // it could not check makes HDK-B-060 an error for that file (never a silent pass).
  std::vector<std::pair<std::string, std::string>> shellcheck_errors;  // path, reason
  if (request.shellcheck) {
    shellcheck::ShellcheckOptions options;
    options.binary = request.shellcheck_path;
    for (auto& subject : batch.subjects) {
      if (auto done = shellcheck::run_shellcheck(subject, options); !done) {
        shellcheck_errors.emplace_back(subject.path, done.error().to_string());
      }
    }
  }
  const docker::EngineSnapshot engine;
  batch.result = audit::run_audit(engine, config, selection, nullptr, nullptr, &batch.subjects);
  if (!batch.result) return batch;
  auto& findings = batch.result->findings;
  if (const audit::Check* check = audit::find_check(kShellcheckCode);
      check != nullptr && !shellcheck_errors.empty()) {
    for (auto& result : batch.result->checks) {
      if (result.check != check) continue;
      for (auto& [path, reason] : shellcheck_errors) {
        findings.push_back(core::make_unchecked(
            check->info, core::Target{core::TargetKind::kDockerfile, path, path},
            core::FindingStatus::kError, std::move(reason)));
        ++result.findings;
      }
      result.outcome = audit::Outcome::kError;
    }
  }

  // Only the files that hold a pragma: most hold none, and then no finding needs looking up.
  std::map<std::string_view, FilePragmas> pragmas;
  std::map<std::string_view, const dockerfile::DockerfileSubject*> subject_by_path;
  for (const auto& subject : batch.subjects) {
    subject_by_path.try_emplace(subject.path, &subject);
    if (request.config.inline_ignores && has_pragma(subject)) {
      pragmas.try_emplace(subject.path, read_pragmas(subject));
    }
  }
  const std::size_t before = findings.size();
  if (pragmas.empty() && request.config.ignored_shellcheck.empty())
    return batch_done(batch, request, stream);
  std::erase_if(findings, [&](const core::Finding& finding) {
    if (finding.check_code == kShellcheckCode &&
        request.config.ignored_shellcheck.contains(shellcheck_id_of(finding))) {
      return true;
    }
    const auto file = pragmas.find(finding.location.file);
    if (file == pragmas.end()) return false;
    if (suppressed_by(file->second.global, finding)) return true;
    const auto index =
        instruction_at(subject_by_path.at(finding.location.file)->file, finding.location.line);
    return index && suppressed_by(file->second.per_instruction[*index], finding);
  });
  batch.suppressed = static_cast<int>(before - findings.size());
  return batch_done(batch, request, stream);
}

// Whether the findings can be written batch by batch in the report's order: asked for, in file
// order, no Compose file (its findings would come after, not among, the Dockerfiles'), no fix,
// and each file's path after the one before (a directory walk lists them so), so that every
// finding of a batch sorts before the next batch's.
bool can_stream(const std::vector<LintFile>& files, bool compose, const LintRequest& request) {
  if (!request.render_batch || !request.write_batch || !request.file_order) return false;
  if (compose || !request.compose_projects.empty() || request.keep_subjects) return false;
  for (std::size_t at = 1; at < files.size(); ++at) {
    if (!(files[at - 1].path < files[at].path)) return false;
  }
  return true;
}

// The Dockerfiles in batches over `threads` workers; results merged in file order (or written
// out in that order as they come, when streamed).
core::Result<void> lint_dockerfiles(std::vector<LintFile>& files, const LintRequest& request,
                                    const audit::AuditConfig& config,
                                    const audit::Selection& selection, bool stream,
                                    LintResult& out) {
  // 32 files a batch: each rule looks at every parsed file of the batch in turn, and 32 files'
  // trees stay in the cache where 128 (a few MB) did not; the memory freed by a batch is used
  // again by the next sooner. 128 took 4 % more instructions (260.9 M against 250.9 M for the
  // first 1,000 files of the bench corpus) and about 10 % more CPU time. Each batch's run_audit
  // resolves the selection again (47 ids against the registry), a small part at this size.
  constexpr std::size_t kBatchFiles = 32;
  const std::size_t batches = (files.size() + kBatchFiles - 1) / kBatchFiles;
  std::vector<Batch> done(batches);
  std::atomic<std::size_t> next{0};
  // Streamed: each batch's text is written once every batch before it was; whichever worker
  // finishes the batch that was waited for writes it and the finished ones after it.
  std::mutex writing;
  std::vector<char> finished(batches, 0);
  std::size_t next_to_write = 0;
  bool write_stopped = false;  // a batch failed: nothing after it is written
  auto write_ready = [&](std::size_t index) {
    const std::lock_guard lock(writing);
    finished[index] = 1;
    while (!write_stopped && next_to_write < batches && finished[next_to_write] != 0) {
      Batch& batch = done[next_to_write];
      if (!batch.result) {
        write_stopped = true;
        break;
      }
      request.write_batch(batch.rendered);
      std::string().swap(batch.rendered);
      ++next_to_write;
    }
  };
  auto work = [&] {
    for (std::size_t index = next++; index < batches; index = next++) {
      const std::size_t first = index * kBatchFiles;
      const std::size_t count = std::min(kBatchFiles, files.size() - first);
      done[index] = lint_batch(std::span<LintFile>(files.data() + first, count), request, config,
                               selection, stream);
      if (stream) write_ready(index);
    }
  };
  unsigned threads = request.threads != 0 ? request.threads : std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1, 16);
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, batches));
  std::vector<std::thread> workers;
  for (unsigned worker = 1; worker < threads; ++worker) workers.emplace_back(work);
  work();
  for (auto& worker : workers) worker.join();
  // Room for every batch's findings at once: growing the vector batch by batch moved each
  // finding (312 bytes, six strings) again at every doubling.
  std::size_t total = out.result.findings.size();
  for (const auto& batch : done) {
    if (batch.result) total += batch.result->findings.size();
  }
  out.result.findings.reserve(total);
  for (auto& batch : done) {
    if (!batch.result) return core::fail(batch.result.error());
    merge_into(out.result, std::move(*batch.result), batch.file_order);
    out.suppressed += batch.suppressed;
    out.streamed += batch.streamed;
    if (batch.streamed_worst) raise_to(out.streamed_worst, *batch.streamed_worst);
    for (auto& subject : batch.subjects) out.dockerfiles.push_back(std::move(subject));
  }
  return {};
}

// The checks of `codes` that the user's --check, --skip and ignores leave.
std::vector<std::string> compose_selection(const LintRequest& request) {
  std::vector<std::string> only;
  for (const std::string_view code : compose::compose_check_codes()) {
    if (!request.only.empty() &&
        std::find(request.only.begin(), request.only.end(), code) == request.only.end()) {
      continue;
    }
    only.emplace_back(code);
  }
  return only;
}

core::Result<void> lint_compose(const std::vector<std::string>& paths, const LintRequest& request,
                                const audit::AuditConfig& config, audit::Selection selection,
                                LintResult& out) {
  auto project = compose::load_project(paths, request.compose_options);
  if (!project) return core::fail(project.error());
  for (const auto& warning : project->warnings) out.notes.push_back(warning);
  const docker::EngineSnapshot snapshot = compose::to_snapshot(*project);
  selection.engine_present = true;
  selection.only = compose_selection(request);
  if (selection.only.empty()) return {};
  auto result = audit::run_audit(snapshot, config, selection);
  if (!result) return core::fail(result.error());
  recount(*result);
  for (auto& finding : result->findings) compose::annotate(*project, finding);
  merge_into(out.result, std::move(*result));
  out.compose_projects.push_back(std::move(*project));
  return {};
}

}  // namespace

core::Result<LintResult> run_lint(LintRequest request) {
  LintResult out;
  out.notes = request.config.notes;

  audit::AuditConfig config;
  config.trusted_registries = request.config.trusted_registries;
  config.accepted_secret_keys = request.config.accepted_secret_keys;
  config.waivers = request.config.waivers;
  config.today = request.config.today;

  audit::Selection selection;
  selection.skip = request.skip;
  for (const auto& code : request.config.ignored) {
    if (std::find(selection.skip.begin(), selection.skip.end(), code) == selection.skip.end()) {
      selection.skip.push_back(code);
    }
  }
  selection.min_severity = request.min_severity;
  selection.engine_present = false;
  selection.no_engine_reason = "hardock lint reads no engine";
  selection.no_host_reason = "hardock lint reads no host";
  selection.no_image_reason = "hardock lint reads no image (hardock image REF)";

  std::vector<LintFile> dockerfiles;
  std::vector<std::string> compose_files;
  for (auto& file : request.files) {
    out.paths.push_back(file.path);
    if (file.kind == FileKind::kCompose) {
      compose_files.push_back(file.path);
    } else {
      dockerfiles.push_back(std::move(file));
    }
  }
  for (const auto& project : request.compose_projects) {
    for (const auto& path : project) out.paths.push_back(path);
  }

  if (!dockerfiles.empty()) {
    audit::Selection for_dockerfiles = selection;
    for_dockerfiles.only = default_selection(request);
    if (!request.only.empty()) {
      std::erase_if(for_dockerfiles.only, [&](const std::string& code) {
        return std::find(request.only.begin(), request.only.end(), code) == request.only.end();
      });
      // A named check that is no Dockerfile check (nor a Compose one) is a user error.
      for (const auto& id : request.only) {
        if (audit::find_check(id) == nullptr) {
          return core::fail(core::ErrorCode::kInvalidArgument,
                            "--check " + id + ": no such check (see `hardock checks`)");
        }
        const audit::Check* check = audit::find_check(id);
        if (check->needs == audit::Input::kDockerfile &&
            std::find(for_dockerfiles.only.begin(), for_dockerfiles.only.end(), check->info.code) ==
                for_dockerfiles.only.end()) {
          for_dockerfiles.only.emplace_back(check->info.code);
        }
      }
    }
    if (!for_dockerfiles.only.empty()) {
      const bool stream = can_stream(dockerfiles, !compose_files.empty(), request);
      if (auto linted =
              lint_dockerfiles(dockerfiles, request, config, for_dockerfiles, stream, out);
          !linted) {
        return core::fail(linted.error());
      }
    }
  }
  for (const auto& path : compose_files) {
    if (auto linted = lint_compose({path}, request, config, selection, out); !linted) {
      return core::fail(linted.error());
    }
  }
  for (const auto& project : request.compose_projects) {
    if (auto linted = lint_compose(project, request, config, selection, out); !linted) {
      return core::fail(linted.error());
    }
  }

  // Severity overrides; the reports sort again when the order changed.
  override_severities(out.result.findings, request.config);
  // The checks in registry order, as a single run lists them.
  std::map<const audit::Check*, std::size_t> order;
  for (const audit::Check* check : audit::all_checks()) order.emplace(check, order.size());
  std::stable_sort(out.result.checks.begin(), out.result.checks.end(),
                   [&](const audit::CheckResult& a, const audit::CheckResult& b) {
                     return order[a.check] < order[b.check];
                   });
  return out;
}

}  // namespace hardock::lint
