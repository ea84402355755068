// A pipeline's status is its last command's: `curl URL | tar x` succeeds when the download
// fails, and the build goes on with a half-extracted or empty tree.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_pipefail {

namespace rules = dockerfile_rules;

// For every instruction, the SHELL in force there: the index of its stage's last SHELL before
// it, else of the last SHELL of the stage it is built FROM (and so on); none for the default
// ["/bin/sh", "-c"]. One pass over the file.
std::vector<std::optional<std::size_t>> shells_in_force(const rules::DockerfileSubject& subject) {
  const auto& insts = subject.file.instructions;
  const auto& stages = subject.file.stages;
  std::vector<std::optional<std::size_t>> stage_shell(stages.size());  // as the stage goes
  std::vector<std::optional<std::size_t>> out(insts.size());
  for (std::size_t k = 0; k < insts.size(); ++k) {
    if (!insts[k].stage || *insts[k].stage >= stages.size()) continue;
    const std::size_t stage = *insts[k].stage;
    if (k == stages[stage].from_instruction) {
      const auto& base = stages[stage].base_stage;
      if (base && *base < stage) stage_shell[stage] = stage_shell[*base];  // base is complete
    }
    if (insts[k].keyword == rules::Keyword::kShell && !insts[k].args.empty()) {
      stage_shell[stage] = k;
    }
    out[k] = stage_shell[stage];
  }
  return out;
}

// -o pipefail among the words (also -eo pipefail, -euxo pipefail); `text` reads each word.
template <class Words, class Text>
bool sets_pipefail(const Words& words, Text text) {
  for (std::size_t k = 1; k < words.size(); ++k) {
    const std::string_view word = text(words[k]);
    const std::string_view option = text(words[k - 1]);
    if (rules::equals(word, "pipefail") && option.starts_with('-') && option.ends_with('o') &&
        !option.starts_with("--")) {
      return true;
    }
  }
  return false;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const auto& scripts = rules::run_scripts(subject);
    // Only a pipe can fail here: the SHELLs in force are read for files that have one.
    if (std::none_of(scripts.begin(), scripts.end(),
                     [](const rules::RunScript& script) { return script.pipes; })) {
      continue;
    }
    const auto shells = shells_in_force(subject);
    for (const auto& script : scripts) {
      if (!script.pipes) continue;     // no command is piped: nothing to report
      if (script.run->json) continue;  // exec form: no shell unless it names one
      // The SHELL in force: its words (none for the default /bin/sh -c).
      static const std::vector<dockerfile::Word> kNoShell;
      const auto& in_force = shells[script.index];
      const std::vector<dockerfile::Word>& shell =
          in_force ? subject.file.instructions[*in_force].args : kNoShell;
      if (!shell.empty()) {
        const std::string_view first = shell.front().value();
        if (!rules::is_shell_name(first) && rules::base_name(first) != "busybox") {
          continue;  // pwsh, cmd: not a POSIX shell
        }
        if (sets_pipefail(
                shell, [](const dockerfile::Word& w) -> std::string_view { return w.value(); })) {
          continue;
        }
      }
      for (const rules::RunCommand& cmd : script.commands) {
        if (rules::equals(cmd.name(), "set") &&
            sets_pipefail(cmd->words,
                          [](const rules::ShellWord& w) -> std::string_view { return w.text; })) {
          break;
        }
        const std::string_view separator = cmd->separator;
        if (!rules::equals(separator, "|") && !rules::equals(separator, "|&")) continue;
        std::string shell_text = shell.empty() ? "/bin/sh -c" : "";
        for (const auto& word : shell) {
          if (!shell_text.empty()) shell_text += ' ';
          shell_text += word.value();
        }
        audit::add_dockerfile_finding(
            findings, self.info, subject, cmd->pos,
            rules::evidence_text("a pipe after ", rules::CommandText{*cmd, 80}, " under SHELL ",
                                 shell_text,
                                 " without pipefail: the RUN succeeds when this command fails"));
        break;
      }
    }
  }
}

}  // namespace dockerfile_pipefail

extern const Check kDockerfilePipefail;  // listed in checks/list.h
const Check kDockerfilePipefail{
    .info =
        {
            .code = "HDK-B-054",
            .slug = "dockerfile-pipefail",
            .title = "RUN with a pipe but no pipefail",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "A pipeline's exit status is its last command's: in `curl -fsSL URL | tar xz` a "
                "failed download still succeeds, and the build goes on with missing or partial "
                "files (a failed `gpg --verify | ...` passes too). Fails on the first pipe of a "
                "shell-form RUN when the SHELL in force (the stage's last SHELL, else its "
                "base stage's, else /bin/sh -c) has no -o pipefail and the script does not run "
                "`set -o pipefail` before the pipe. Exec-form RUNs and SHELLs that are not "
                "POSIX shells (pwsh, cmd) are not judged. Note: dash, Debian's /bin/sh, has no "
                "pipefail before 0.5.11; use bash.",
            .remediation =
                "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before the RUN, or begin "
                "the script with set -o pipefail.",
            .equivalents = "DL4006",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN curl -fsSL https://example.com/a.tgz | tar xz\n",
    .good =
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
        "RUN curl -fsSL https://example.com/a.tgz | tar xz\n",
    .run = collect<dockerfile_pipefail::run>,
    .append = dockerfile_pipefail::run,
};

}  // namespace hardock::audit::checks
