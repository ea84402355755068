// `hardock lint PATH...`: Dockerfiles and Compose files judged before anything is built or
// deployed, reported with file:line:column in any report format (plus gnu and checkstyle).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/version.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/io/escape.h"
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
};

std::string lint_time() {
  const std::time_t seconds =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&seconds));
  return text;
}

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

int run_lint_command(const LintFlags& flags) {
  auto format = report::parse_format(flags.format);
  if (!format) return print_error(format.error());
  auto min_severity = parse_severity_flag("--severity", flags.severity);
  if (!min_severity) return print_error(min_severity.error());
  auto config = load_config(flags);
  if (!config) return print_error(config.error());
  core::Severity fail_on = config->failure_threshold.value_or(core::Severity::kInfo);
  if (!flags.fail_on.empty()) {
    auto parsed = parse_severity_flag("--fail-on", flags.fail_on);
    if (!parsed) return print_error(parsed.error());
    fail_on = *parsed;
  }
  if (flags.paths.empty()) {
    return print_error(core::Error{core::ErrorCode::kInvalidArgument,
                                   "lint: name a Dockerfile, a Compose file, a directory or -",
                                   {}});
  }
  auto files = lint::gather(flags.paths);
  if (!files) return print_error(files.error());
  if (files->empty()) {
    return print_error(core::Error{core::ErrorCode::kNotFound,
                                   "lint: no Dockerfile or Compose file under the paths given",
                                   {}});
  }

  lint::LintRequest request{
      .files = std::move(*files),
      .config = *config,
      .only = flags.only,
      .skip = flags.skip,
      .min_severity = *min_severity,
      .shellcheck = flags.shellcheck,
      .shellcheck_path = flags.shellcheck_path,
  };
  auto linted = lint::run_lint(std::move(request));
  if (!linted) return print_error(linted.error());
  for (const auto& note : linted->notes) {
    std::fprintf(stderr, "hardock: note: %s\n", io::terminal_safe(io::one_line(note)).c_str());
  }

  std::string files_linted;
  for (const auto& subject : linted->dockerfiles) {
    files_linted += (files_linted.empty() ? "" : ", ") + subject.path;
  }
  report::ReportInput input{
      .tool_version = std::string(kVersion),
      .endpoint = "lint",
      .collected_at = lint_time(),
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
  if (auto written = write_output(flags.output, report::render(*format, input, options));
      !written) {
    return print_error(written.error());
  }
  if (flags.no_fail || config->never_fail) return 0;
  return audit::gate_fails(linted->result, fail_on, flags.allow_unchecked) ? 1 : 0;
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
  command->add_option("--trusted-registry", flags->trusted_registries,
                      "A registry base images may come from (repeatable; enables HDK-B-004)");
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
  command->callback([flags, &status] { status.code = lint_command::run_lint_command(*flags); });
}

}  // namespace hardock::app
