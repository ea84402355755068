// CIS 4.11 in the build phase: `curl URL | sh` runs whatever the server (or anyone on the path,
// or whoever took over the URL) sends at the moment of the build, with no checksum and no
// signature: nothing verified the script before it ran as root in the image.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_pipe_to_shell {

namespace rules = dockerfile_rules;

bool downloader(std::string_view name) { return rules::is_any(name, {"curl", "wget", "fetch"}); }

// A base name (RunCommand::name()) already: is_shell_name's base_name would find no '/'.
bool shell_base(std::string_view name) {
  return name.ends_with("sh") &&
         rules::is_any(name, {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"});
}

bool interpreter(std::string_view name) {
  return shell_base(name) ||
         rules::is_any(name, {"python", "python2", "python3", "perl", "ruby", "node", "php"});
}

bool pipes(const rules::SimpleCommand& cmd) {
  const std::string_view separator = cmd.separator;
  return rules::equals(separator, "|") || rules::equals(separator, "|&");
}

// `sh -c "$(curl -fsSL URL)"`, `eval "$(wget -qO- URL)"`: the download is the script.
bool substitutes_download(std::string_view text) {
  for (const std::string_view opener : {"$(", "`"}) {
    for (std::size_t at = text.find(opener); at != std::string_view::npos;
         at = text.find(opener, at + 1)) {
      std::string_view rest = text.substr(at + opener.size());
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (rest.starts_with("curl ") || rest.starts_with("wget ") || rest.starts_with("fetch ")) {
        return true;
      }
    }
  }
  return false;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  std::vector<std::size_t> interpreter_after;  // reused from RUN to RUN
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      const auto& cmds = script.commands;
      // For each command, the first interpreter later in its pipeline (npos: none), computed
      // backwards in one pass.
      constexpr std::size_t kNone = static_cast<std::size_t>(-1);
      interpreter_after.assign(cmds.size(), kNone);
      for (std::size_t i = cmds.size(); i-- > 1;) {
        if (!pipes(*cmds[i - 1])) continue;
        interpreter_after[i - 1] = interpreter(cmds[i].name()) ? i : interpreter_after[i];
      }
      for (std::size_t i = 0; i < cmds.size(); ++i) {
        const rules::SimpleCommand& cmd = *cmds[i];
        const std::string_view name = cmds[i].name();
        if (downloader(name) && pipes(cmd)) {
          if (interpreter_after[i] != kNone) {
            audit::add_dockerfile_finding(
                findings, self.info, subject, cmd.pos,
                rules::evidence_text(
                    "a download is piped into an interpreter: ", rules::CommandText{cmd, 80}, " | ",
                    rules::CommandText{*cmds[interpreter_after[i]], 40}));
          }
          continue;
        }
        if ((shell_base(name) || rules::equals(name, "eval")) && cmd.words.size() > 1) {
          const rules::ShellWord* body = rules::shell_c_script(cmd, cmds[i].start);
          const std::string_view text = body != nullptr ? std::string_view(body->text)
                                        : rules::equals(name, "eval")
                                            ? std::string_view(cmd.words[1].text)
                                            : std::string_view();
          if (substitutes_download(text)) {
            audit::add_dockerfile_finding(findings, self.info, subject, cmd.pos,
                                          rules::evidence_text("a download is run as a script: ",
                                                               rules::CommandText{cmd, 120}));
          }
        }
      }
    }
  }
}

}  // namespace dockerfile_pipe_to_shell

extern const Check kDockerfilePipeToShell;  // listed in checks/list.h
const Check kDockerfilePipeToShell{
    .info =
        {
            .code = "HDK-B-040",
            .slug = "dockerfile-pipe-to-shell",
            .title = "RUN pipes a download into a shell",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.11",
            .cobit = "DSS05.03",
            .description =
                "`curl URL | sh`, `wget -O- URL | bash`, `sh -c \"$(curl URL)\"` run whatever "
                "the server sends during the build, as the build's user (root), with no "
                "checksum or signature: a compromised or hijacked URL, or anyone on the path of "
                "a plain-HTTP download, builds their code into the image. Fails when curl, wget "
                "or fetch pipes (directly or through tee and the like) into sh, bash, python, "
                "perl, ruby, node or php, or when a shell's -c script or eval is a "
                "substitution of such a download.",
            .remediation =
                "Download to a file, verify it (sha256sum -c against a checksum kept in the "
                "Dockerfile, or a signature), then run it; better, install the tool from a "
                "signed package.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN curl -fsSL https://get.example.com/install.sh | sh\n",
    .good =
        "FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://get.example.com/install.sh \\\n"
        " && echo \"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae  "
        "/tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh\n",
    .run = collect<dockerfile_pipe_to_shell::run>,
    .append = dockerfile_pipe_to_shell::run,
};

}  // namespace hardock::audit::checks
