// `hardock lint PATH...`: Dockerfiles and Compose files judged before anything is built or
// deployed, reported with file:line:column in any report format (plus gnu and checkstyle).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <optional>
#include <thread>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/version.h"
#include "hardock/app/waivers.h"
#include "hardock/compose/fix.h"
#include "hardock/docker/engine_client.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/fix/fix.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/io/file_write.h"
#include "hardock/lint/lint.h"
#include "hardock/report/report.h"

namespace hardock::app {
// Named, not anonymous: the app library builds in unity batches (image.cpp has its own helpers).
namespace lint_command {

struct LintFlags {
  std::vector<std::string> paths;
  std::string config_path;
  std::string hadolint_config_path;
  bool no_inline_ignores = false;
  std::vector<std::string> trusted_registries;
  bool shellcheck = false;
  std::string shellcheck_path = "shellcheck";
  std::string format = "table";
  std::string output;
  std::vector<std::string> only;
  std::vector<std::string> skip;
  std::string severity = "info";
  std::string fail_on;
  bool no_fail = false;
  bool allow_unchecked = false;
  bool no_color = false;
  bool fix = false;
  bool diff = false;
  std::string fix_healthcheck;
  bool pin_digests = false;
  std::vector<std::string> compose_files;
  std::string project_name;
  EngineFlags engine;
  StoreFlags store;
};

// The configuration named by a flag, else the first of `names` in the working directory.
std::string config_file(const std::string& flag, std::initializer_list<const char*> names) {
  if (!flag.empty()) return flag;
  for (const char* name : names) {
    std::error_code error;
    if (std::filesystem::is_regular_file(name, error)) return name;
  }
  return "";
}

core::Result<lint::LintConfig> load_config(const LintFlags& flags) {
  lint::LintConfig config;
  const std::string hadolint =
      config_file(flags.hadolint_config_path, {".hadolint.yaml", ".hadolint.yml"});
  if (!hadolint.empty()) {
    if (auto loaded = lint::load_hadolint_config(hadolint, config); !loaded) {
      return core::fail(loaded.error());
    }
  }
  // hardock's own file after hadolint's: where both set something, hardock's wins.
  const std::string own = config_file(flags.config_path, {".hardock.yaml", ".hardock.yml"});
  if (!own.empty()) {
    if (auto loaded = lint::load_hardock_config(own, config); !loaded) {
      return core::fail(loaded.error());
    }
  }
  config.trusted_registries.insert(config.trusted_registries.end(),
                                   flags.trusted_registries.begin(),
                                   flags.trusted_registries.end());
  if (flags.no_inline_ignores) config.inline_ignores = false;
  return config;
}

// An image reference the engine may be asked about: the reference grammar's characters only
// (the name goes into a URL path): [A-Za-z0-9][A-Za-z0-9._/:-]{0,254}. Checked by hand; a
// std::regex cost 4 s of the app's compile.
bool plain_reference(std::string_view reference) {
  auto alnum = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  if (reference.empty() || reference.size() > 255 || !alnum(reference.front())) return false;
  for (char c : reference.substr(1)) {
    if (!alnum(c) && c != '.' && c != '_' && c != '/' && c != ':' && c != '-') return false;
  }
  return true;
}

// HDK-B-003's lookup (--pin-digests): the registry digest the engine has for `reference`, from
// its RepoDigests ("name@sha256:..."); a local image id is not pullable, so never used.
std::function<std::optional<std::string>(std::string_view)> digest_resolver(
    const LintFlags& flags, std::vector<std::string>& notes) {
  if (!flags.pin_digests) return {};
  auto client = std::make_shared<std::optional<docker::EngineClient>>();
  auto tried = std::make_shared<bool>(false);
  return [&flags, &notes, client, tried](std::string_view reference) -> std::optional<std::string> {
    if (!*tried) {
      *tried = true;
      auto connected = connect_engine(flags.engine);
      if (!connected) {
        notes.push_back("--pin-digests: " + connected.error().message);
      } else {
        client->emplace(std::move(*connected));
      }
    }
    if (!client->has_value() || !plain_reference(reference)) return std::nullopt;
    auto inspect = (*client)->get_json("/images/" + std::string(reference) + "/json");
    if (!inspect || !inspect->is_object()) return std::nullopt;
    const auto digests = inspect->find("RepoDigests");
    if (digests == inspect->end() || !digests->is_array()) return std::nullopt;
    for (const auto& entry : *digests) {
      if (!entry.is_string()) continue;
      const std::string& text = entry.get_ref<const std::string&>();
      const std::size_t at = text.rfind('@');
      if (at != std::string::npos) return text.substr(at + 1);
    }
    return std::nullopt;
  };
}

// --fix: each Dockerfile with a fix is rewritten in place (the original kept beside it as
// FILE.hardock.bak, same mode), or with --diff, the unified diffs go to stdout and nothing is
// written. Standard input's fixed text goes to stdout. Returns the texts linted again after.
core::Result<std::vector<lint::LintFile>> apply_fixes(const LintFlags& flags,
                                                      const lint::LintResult& linted,
                                                      std::string& diffs) {
  std::vector<std::string> notes;
  fix::FixOptions options;
  if (!flags.fix_healthcheck.empty()) options.healthcheck_command = flags.fix_healthcheck;
  options.resolve_digest = digest_resolver(flags, notes);
  std::vector<lint::LintFile> fixed_files;
  for (const auto& subject : linted.dockerfiles) {
    fix::FixResult fixed = fix::fix_dockerfile(subject, linted.result.findings, options);
    for (const auto& note : fixed.notes) notes.push_back(note);
    for (const auto& applied : fixed.applied) {
      notes.push_back(subject.path + ":" + std::to_string(applied.line) + ": fixed " +
                      applied.code + ": " + applied.description);
    }
    const std::string original =
        subject.file.bom ? "\xEF\xBB\xBF" + subject.file.text : subject.file.text;
    if (flags.diff) {
      diffs += fix::unified_diff(subject.path, subject.path, original, fixed.text);
    } else if (fixed.text != original) {
      if (subject.path == "-") {
        diffs += fixed.text;  // the fixed Dockerfile itself, on stdout
      } else {
        struct stat info {};
        const mode_t mode = ::stat(subject.path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0644;
        const io::WriteOptions keep{.mode = mode, .exact_mode = true};
        if (auto backup = io::write_file_atomic(subject.path + ".hardock.bak", original, keep);
            !backup) {
          return core::fail(backup.error());
        }
        if (auto written = io::write_file_atomic(subject.path, fixed.text, keep); !written) {
          return core::fail(written.error());
        }
        notes.push_back(subject.path + ": rewritten (" + std::to_string(fixed.applied.size()) +
                        " fixes; the original is " + subject.path + ".hardock.bak)");
      }
    }
    fixed_files.push_back({lint::FileKind::kDockerfile, subject.path, std::move(fixed.text)});
  }
  for (const auto& note : notes) {
    std::fprintf(stderr, "hardock: %s\n", io::terminal_safe(io::one_line(note)).c_str());
  }
  return fixed_files;
}

// --fix on Compose files: the hardened override of each project (compose.hardened.yml beside its
// first file; an existing one kept as .hardock.bak), or with --diff its diff. Entries of the base
// files an override cannot remove are notes. Returns the projects to lint again, each with its
// override merged last (with --diff, as they are).
core::Result<std::vector<std::vector<std::string>>> apply_compose_fixes(
    const LintFlags& flags, const lint::LintResult& linted, std::string& diffs) {
  std::vector<std::vector<std::string>> projects;
  std::vector<std::string> notes;
  for (const auto& project : linted.compose_projects) {
    std::vector<std::string> files(
        project.files.begin(),
        project.files.begin() + static_cast<std::ptrdiff_t>(project.config_file_count));
    auto hardened = compose::hardened_override(project);
    if (!hardened) {
      notes.push_back(files.front() + ": no override: " + hardened.error().message);
      projects.push_back(std::move(files));
      continue;
    }
    for (const auto& edit : hardened->file.base_edits) {
      notes.push_back(files.front() + ": service " + edit.service + ": " + edit.field + " " +
                      edit.value + ": " + edit.advice);
    }
    std::string existing;
    if (auto read = io::read_regular_file(hardened->path, 4u << 20)) existing = std::move(*read);
    if (flags.diff) {
      diffs += fix::unified_diff(existing.empty() ? "/dev/null" : hardened->path, hardened->path,
                                 existing, hardened->file.text);
      projects.push_back(std::move(files));
      continue;
    }
    if (existing == hardened->file.text) {
      notes.push_back(hardened->path + ": already up to date");
    } else {
      if (!existing.empty()) {
        if (auto backup = io::write_file_atomic(hardened->path + ".hardock.bak", existing,
                                                {.mode = 0644, .exact_mode = false});
            !backup) {
          return core::fail(backup.error());
        }
      }
      if (auto written = io::write_file_atomic(hardened->path, hardened->file.text,
                                               {.mode = 0644, .exact_mode = false});
          !written) {
        return core::fail(written.error());
      }
      notes.push_back(hardened->path + ": written (" +
                      std::to_string(hardened->file.services.size()) +
                      " services); use it as the last -f file");
    }
    files.push_back(hardened->path);
    projects.push_back(std::move(files));
  }
  for (const auto& note : notes) {
    std::fprintf(stderr, "hardock: %s\n", io::terminal_safe(io::one_line(note)).c_str());
  }
  return projects;
}

// The lint policy as text, for the run's policy hash.
std::string lint_policy_text(const lint::LintConfig& config, const LintFlags& flags) {
  std::string out;
  for (const auto& code : config.ignored) out += "ignore=" + code + "\n";
  for (const auto& code : config.ignored_shellcheck) out += "ignore=" + code + "\n";
  for (const auto& [code, severity] : config.severity) {
    out += "severity=" + code + ":" + std::string(core::to_string(severity)) + "\n";
  }
  for (const auto& registry : config.trusted_registries) out += "trusted=" + registry + "\n";
  for (const auto& key : config.accepted_secret_keys) out += "secret=" + key + "\n";
  out += "inline-ignores=" + std::string(config.inline_ignores ? "true" : "false") + "\n";
  out += "severity>=" + flags.severity + "\n";
  for (const auto& code : flags.only) out += "check=" + code + "\n";
  for (const auto& code : flags.skip) out += "skip=" + code + "\n";
  return out;
}

// The run as the store records it: the files linted stand for its snapshot.
store::RunRecord lint_record(const LintFlags& flags, const lint::LintConfig& config, RunMeta& meta,
                             const audit::AuditResult& result,
                             const std::vector<std::string>& paths,
                             const std::string& files_linted) {
  meta.target = io::truncate(files_linted, 2000);
  meta.policy = lint_policy_text(config, flags);
  nlohmann::json document = {{"schema", "hardock.lint-files/1"}, {"files", paths}};
  return make_run_record(meta, result,
                         document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void record_lint(const LintFlags& flags, const lint::LintConfig& config, RunMeta& meta,
                 const audit::AuditResult& result, const std::vector<std::string>& paths,
                 const std::string& files_linted) {
  if (flags.store.no_store) return;
  store::RunRecord record = lint_record(flags, config, meta, result, paths, files_linted);
  (void)record_run(flags.store, config.store, record);
  // A copy of every finding (137,000 for 10,000 files, a dozen strings each): left for the exit,
  // where freeing it took the last tenth of a recorded lint on one core.
  keep_until_exit(std::move(record));
}

// `-f gnu --no-store` to standard output: each batch of files' lines written as soon as the batch
// is judged (lint::LintRequest::render_batch), the rest of the report (findings about no file,
// checks not run) after the last. Nothing holds the findings for a store or a fix. A failure
// after the first lines were written is still an error exit, as for any stream.
int run_streamed_lint(const LintFlags& flags, lint::LintRequest request,
                      const lint::LintConfig& config, core::Severity fail_on) {
  std::optional<core::Result<lint::LintResult>> linted;
  auto written =
      write_output(flags.output, [&](const std::function<void(std::string_view)>& drain) {
        request.render_batch = report::append_gnu_lines;
        request.write_batch = drain;
        linted = lint::run_lint(std::move(request));
        if (!*linted) return;
        for (const auto& note : (*linted)->notes) {
          std::fprintf(stderr, "hardock: note: %s\n",
                       io::terminal_safe(io::one_line(note)).c_str());
        }
        const report::ReportInput input{
            .tool_version = std::string(kVersion),
            .endpoint = "lint",
            .collected_at = now_rfc3339(),
            .engine_version = "",
            .host_name = "",
            .result = (*linted)->result,
            .domains = {},  // the gnu format shows none
        };
        report::render(report::Format::kGnu, input, {}, drain);
      });
  if (!written) return print_error(written.error());
  if (!linted || !*linted) {
    return print_error(
        linted ? linted->error()
               : core::Error{core::ErrorCode::kIo, "lint: the report was not written", {}});
  }
  const lint::LintResult& result = **linted;
  const bool streamed_fails = result.streamed_worst && *result.streamed_worst >= fail_on;
  const bool fails =
      !flags.no_fail && !config.never_fail &&
      (streamed_fails || audit::gate_fails(result.result, fail_on, flags.allow_unchecked));
  keep_until_exit(std::move(**linted));
  return fails ? 1 : 0;
}

int run_lint_command(const LintFlags& flags) {
  RunMeta meta = begin_run(store::RunKind::kLint);
  auto format = report::parse_format(flags.format);
  if (!format) return print_error(format.error());
  auto min_severity = parse_severity_flag("--severity", flags.severity);
  if (!min_severity) return print_error(min_severity.error());
  auto config = load_config(flags);
  if (!config) return print_error(config.error());
  if (auto waived = add_run_waivers(flags.config_path, flags.store, config->store, config->waivers,
                                    config->today);
      !waived) {
    return print_error(waived.error());
  }
  core::Severity fail_on = config->failure_threshold.value_or(core::Severity::kInfo);
  if (!flags.fail_on.empty()) {
    auto parsed = parse_severity_flag("--fail-on", flags.fail_on);
    if (!parsed) return print_error(parsed.error());
    fail_on = *parsed;
  }
  if (flags.paths.empty() && flags.compose_files.empty()) {
    return print_error(core::Error{core::ErrorCode::kInvalidArgument,
                                   "lint: name a Dockerfile, a Compose file, a directory or -",
                                   {}});
  }
  auto files = lint::gather(flags.paths);
  if (!files) return print_error(files.error());
  if (files->empty() && flags.compose_files.empty()) {
    return print_error(core::Error{core::ErrorCode::kNotFound,
                                   "lint: no Dockerfile or Compose file under the paths given",
                                   {}});
  }

  lint::LintRequest request{
      .files = {},
      .config = *config,
      .only = flags.only,
      .skip = flags.skip,
      .min_severity = *min_severity,
      .shellcheck = flags.shellcheck,
      .shellcheck_path = flags.shellcheck_path,
      .compose_projects = {},
      .compose_options = {},
      .keep_subjects = flags.fix,
      .threads = 0,
      .file_order = *format == report::Format::kGnu || *format == report::Format::kCheckstyle,
      .render_batch = {},
      .write_batch = {},
  };
  if (!flags.compose_files.empty()) request.compose_projects.push_back(flags.compose_files);
  request.compose_options.environment = compose::process_environment();
  request.compose_options.project_name = flags.project_name;
  // --fix lints the fixed files again with the same settings: copied before the files go in.
  lint::LintRequest again = request;
  again.compose_projects.clear();
  again.keep_subjects = false;
  request.files = std::move(*files);
  if (*format == report::Format::kGnu && flags.store.no_store && !flags.fix &&
      (flags.output.empty() || flags.output == "-")) {
    return run_streamed_lint(flags, std::move(request), *config, fail_on);
  }
  auto linted = lint::run_lint(std::move(request));
  if (!linted) return print_error(linted.error());
  if (flags.fix) {
    std::string fix_output;
    auto fixed = apply_fixes(flags, *linted, fix_output);
    if (!fixed) return print_error(fixed.error());
    again.files = std::move(*fixed);
    auto overrides = apply_compose_fixes(flags, *linted, fix_output);
    if (!overrides) return print_error(overrides.error());
    again.compose_projects = std::move(*overrides);
    auto relinted = lint::run_lint(std::move(again));
    if (!relinted) return print_error(relinted.error());
    linted = std::move(relinted);
    const bool stdin_fixed =
        std::find(linted->paths.begin(), linted->paths.end(), "-") != linted->paths.end();
    if (flags.diff || stdin_fixed) {
      // The diffs (or the fixed standard input) are the output; the findings that remain
      // decide the exit code.
      std::fwrite(fix_output.data(), 1, fix_output.size(), stdout);
      std::string fixed_files;
      for (const auto& path : linted->paths)
        fixed_files += (fixed_files.empty() ? "" : ", ") + path;
      record_lint(flags, *config, meta, linted->result, linted->paths, fixed_files);
      if (flags.no_fail || config->never_fail) return 0;
      return audit::gate_fails(linted->result, fail_on, flags.allow_unchecked) ? 1 : 0;
    }
  }
  for (const auto& note : linted->notes) {
    std::fprintf(stderr, "hardock: note: %s\n", io::terminal_safe(io::one_line(note)).c_str());
  }

  std::string files_linted;
  for (const auto& path : linted->paths) {
    files_linted += (files_linted.empty() ? "" : ", ") + path;
  }
  report::ReportInput input{
      .tool_version = std::string(kVersion),
      .endpoint = "lint",
      .collected_at = now_rfc3339(),
      .engine_version = "",
      .host_name = "",
      .result = linted->result,
      .domains = audit::summarize_domains(linted->result),
      .files_linted = io::truncate(files_linted, 2000),
  };
  const bool to_terminal = flags.output.empty() || flags.output == "-";
  report::RenderOptions options{.color = to_terminal && !flags.no_color &&
                                         std::getenv("NO_COLOR") == nullptr &&
                                         isatty(fileno(stdout)) != 0};
  // Streamed, as audit's: the JSON of 10,000 Dockerfiles' findings is over 100 MB; held whole,
  // growing it cost a fifth of a lint run (reallocation and page faults).
  auto render = [&](const std::function<void(std::string_view)>& drain) {
    report::render(*format, input, options, drain);
  };
  // The run is recorded in the store (fingerprints, copies of every finding, the rows) on another
  // core while the report is written, both only reading the result: recording 137,000 findings
  // after the report had doubled a lint run's time. An exception in either (bad_alloc) reaches
  // main's handler as before: the thread's is kept and thrown again here, and the jthread is
  // joined even when writing throws. A run whose report could not be written is still a run.
  std::exception_ptr record_failed;
  std::jthread recorder;
  if (!flags.store.no_store) {
    recorder = std::jthread([&] {
      try {
        record_lint(flags, *config, meta, linted->result, linted->paths, files_linted);
      } catch (...) {
        record_failed = std::current_exception();
      }
    });
  }
  auto written = write_output(flags.output, render);
  if (recorder.joinable()) recorder.join();
  if (record_failed) std::rethrow_exception(record_failed);
  if (!written) return print_error(written.error());
  const bool fails = !flags.no_fail && !config->never_fail &&
                     audit::gate_fails(linted->result, fail_on, flags.allow_unchecked);
  keep_until_exit(std::move(*linted));
  return fails ? 1 : 0;
}

}  // namespace lint_command

void register_lint(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<lint_command::LintFlags>();
  CLI::App* command = app.add_subcommand(
      "lint",
      "Lint Dockerfiles and Compose files before they are built or deployed: findings with "
      "file:line:column, their CIS and COBIT references and the hadolint/Trivy rules they match");
  command->add_option("PATH", flags->paths,
                      "Dockerfile, Containerfile, *.Dockerfile, compose.yaml / "
                      "docker-compose.yml, a directory (walked), or - (a Dockerfile on stdin)");
  command->add_option("--config", flags->config_path,
                      "hardock lint configuration (default: ./.hardock.yaml if present)");
  command->add_option("--hadolint-config", flags->hadolint_config_path,
                      "A hadolint configuration whose ignored rules, trusted registries, "
                      "overrides and failure threshold apply (default: ./.hadolint.yaml if "
                      "present)");
  command->add_flag("--no-inline-ignores", flags->no_inline_ignores,
                    "Do not honour `# hardock ignore=` and `# hadolint ignore=` comments");
  command
      ->add_option("--trusted-registry", flags->trusted_registries,
                   "A registry base images may come from (repeatable; enables HDK-B-004)")
      ->take_last()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->expected(1);
  command->add_flag("--shellcheck", flags->shellcheck,
                    "Also run ShellCheck on each RUN script and report its findings on the "
                    "Dockerfile's lines (HDK-B-060)");
  command->add_option("--shellcheck-path", flags->shellcheck_path, "The shellcheck program")
      ->capture_default_str();
  command
      ->add_option("-f,--format", flags->format,
                   "table, json, sarif, junit, markdown, gnu or checkstyle")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Write the report to this file");
  command->add_option("--check", flags->only, "Run only these checks (code or slug)")
      ->delimiter(',');
  command->add_option("--skip", flags->skip, "Skip these checks (code or slug)")->delimiter(',');
  command
      ->add_option("--severity", flags->severity, "Run and show checks at or above this severity")
      ->capture_default_str();
  command->add_option("--fail-on", flags->fail_on,
                      "Exit 1 when a finding is at or above this severity (default: the "
                      "configuration's failure threshold, else any finding)");
  command->add_flag("--no-fail", flags->no_fail, "Exit 0 whatever is found");
  command->add_flag("--allow-unchecked", flags->allow_unchecked,
                    "Do not fail the run for checks that could not look");
  command->add_flag("--no-color", flags->no_color, "Never colour the table");
  add_store_flags(*command, flags->store);
  command->add_flag("--fix", flags->fix,
                    "Rewrite each Dockerfile with the safe, mechanical fixes (the original kept "
                    "as FILE.hardock.bak), then report what remains");
  command->add_flag("--diff", flags->diff, "With --fix: print unified diffs, write nothing");
  command->add_option("--fix-healthcheck", flags->fix_healthcheck,
                      "With --fix: add HEALTHCHECK CMD <this command> where none is set");
  command->add_flag("--pin-digests", flags->pin_digests,
                    "With --fix: pin base images to the registry digest the engine (--host, "
                    "DOCKER_HOST) reports for them");
  command->add_option("-c,--compose-file", flags->compose_files,
                      "A Compose file of one project, merged in the order given (repeatable, "
                      "as docker compose -f)");
  command->add_option("--project-name", flags->project_name,
                      "The Compose project's name (default: COMPOSE_PROJECT_NAME, name:, or the "
                      "directory's)");
  add_engine_flags(*command, flags->engine);
  command->callback([flags, &status] {
    if ((flags->diff || !flags->fix_healthcheck.empty() || flags->pin_digests) && !flags->fix) {
      status.code = print_error(core::Error{core::ErrorCode::kInvalidArgument,
                                            "--diff, --fix-healthcheck and --pin-digests go "
                                            "with --fix",
                                            {}});
      return;
    }
    status.code = lint_command::run_lint_command(*flags);
  });
}

}  // namespace hardock::app
