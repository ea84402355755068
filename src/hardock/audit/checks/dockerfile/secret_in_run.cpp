// CIS 4.10 in RUN: a password or token on a RUN's command line is in the Dockerfile, in the
// image's history (`docker history` shows every RUN) and in every build log.
#include <array>

#include "hardock/audit/checks/dockerfile/instr_util.h"
#include "hardock/audit/checks/dockerfile/shell_util.h"
#include "hardock/secrets/secrets.h"

namespace hardock::audit::checks {
namespace dockerfile_secret_in_run {

namespace rules = dockerfile_rules;

struct Hit {
  const rules::ShellWord* word = nullptr;
  std::string evidence;  // never the secret: option names, rule and redacted form only
};

// Option names that look secret but name no secret value (--password-stdin, --token-file).
// A suffix holds no '-' or '_': it is the part after the key's last one, compared once.
bool reference_option(std::string_view key) {
  // The part after the last '-' or '_' (find_last_of called memchr for each byte).
  std::size_t after = key.size();
  while (after > 0 && key[after - 1] != '-' && key[after - 1] != '_') --after;
  if (after == 0) return false;
  const std::string_view suffix = key.substr(after);
  return rules::is_any(suffix, {"file", "stdin", "type", "method", "env", "path", "dir", "url",
                                "helper", "cmd", "command", "fd", "prompt"});
}

std::string describe(const secrets::Match& match) {
  return match.redacted + " (" + match.description + ")";
}

void judge(const rules::RunCommand& run_cmd, const std::vector<std::string>& accepted,
           std::vector<Hit>& hits) {
  const rules::SimpleCommand& cmd = *run_cmd;
  // One finding per word: this command's hits are the last ones (a handful at most), searched
  // instead of a hash set per command.
  const std::size_t first_hit = hits.size();
  const auto add = [&hits, first_hit](const rules::ShellWord* word, std::string evidence) {
    for (std::size_t k = first_hit; k < hits.size(); ++k) {
      if (hits[k].word == word) return;
    }
    hits.push_back({word, std::move(evidence)});
  };
  // NAME=value before the command (and after env / export), in that order.
  const auto assignment = [&](const rules::ShellWord& word) {
    const std::size_t eq = word.text.find('=');
    if (eq == std::string::npos || eq == 0) return;
    const std::string_view key = std::string_view(word.text).substr(0, eq);
    if (auto match =
            secrets::in_assignment(key, std::string_view(word.text).substr(eq + 1), accepted)) {
      add(&word, std::string(key) + "=" + describe(*match));
    }
  };
  for (const auto& word : cmd.assignments) assignment(word);
  const std::size_t start = run_cmd.start;
  const std::string_view name = run_cmd.name();
  for (std::size_t k = 0; k < start; ++k) assignment(cmd.words[k]);
  if (rules::equals(name, "export") || rules::equals(name, "declare") ||
      rules::equals(name, "readonly") || rules::equals(name, "local")) {
    for (std::size_t k = start + 1; k < cmd.words.size(); ++k) assignment(cmd.words[k]);
  }
  if (start >= cmd.words.size()) return;
  // `login` among the words: read only when a -p asks (a pass over every command's words).
  std::optional<bool> login;
  const auto is_login = [&]() {
    if (!login) {
      login = std::any_of(cmd.words.begin() + static_cast<std::ptrdiff_t>(start), cmd.words.end(),
                          [](const auto& w) { return std::string_view(w.text) == "login"; });
    }
    return *login;
  };
  const bool mysql =
      rules::is_any(name, {"mysql", "mysqldump", "mysqladmin", "mariadb", "mariadb-dump"});
  const bool curl = rules::equals(name, "curl");
  const bool sshpass = rules::equals(name, "sshpass");
  for (std::size_t k = start + 1; k < cmd.words.size(); ++k) {
    const rules::ShellWord& word = cmd.words[k];
    const std::string_view text = word.text;
    // Below, a word is read if it may hold a secret itself or is an option: most are neither.
    if (text.size() < secrets::kShortestTextMatch && !text.starts_with('-')) continue;
    const rules::ShellWord* next = k + 1 < cmd.words.size() ? &cmd.words[k + 1] : nullptr;
    // Tokens, keys, passwords in URLs, wherever they are.
    if (text.size() >= secrets::kShortestTextMatch) {
      if (auto found = secrets::in_text(text); !found.empty()) {
        add(&word, std::string(name) + " argument " + describe(found.front()));
        continue;
      }
    }
    // curl -u user:password, --user user:password
    if (curl && (rules::equals(text, "-u") || rules::equals(text, "--user")) && next != nullptr) {
      const std::size_t colon = next->text.find(':');
      if (colon != std::string::npos && colon + 1 < next->text.size() &&
          next->text[colon + 1] != '$') {
        add(next, "curl " + std::string(text) + " user:" +
                      secrets::redact("secret-named-variable", next->text.substr(colon + 1)) +
                      " (password on the command line)");
      }
      continue;
    }
    // docker/podman/skopeo/helm login -p PASSWORD, sshpass -p PASSWORD
    if ((rules::equals(text, "-p") && next != nullptr && (sshpass || is_login())) &&
        !next->text.starts_with('$')) {
      add(next, std::string(name) + " -p " + secrets::redact("secret-named-variable", next->text) +
                    " (password on the command line)");
      continue;
    }
    // mysql -pPASSWORD
    if (mysql && text.size() > 2 && text[0] == '-' && text[1] == 'p' && text[2] != '$') {
      add(&word, std::string(name) + " -p" +
                     secrets::redact("secret-named-variable", text.substr(2)) +
                     " (password on the command line)");
      continue;
    }
    // --password=VALUE, --token VALUE, --api-key=VALUE ...
    if (text.size() <= 2 || text[0] != '-' || text[1] != '-') continue;  // not --option
    const std::size_t eq = text.find('=');
    const std::string_view option =
        text.substr(2, eq == std::string_view::npos ? text.npos : eq - 2);
    if (reference_option(option)) continue;
    // --api-key reads as API_KEY: rewritten in a buffer on the stack when it fits (most do).
    std::array<char, 64> buffer;
    std::string long_key;
    char* at = buffer.data();
    if (option.size() > buffer.size()) {
      long_key.assign(option);
      at = long_key.data();
    }
    for (std::size_t i = 0; i < option.size(); ++i) at[i] = option[i] == '-' ? '_' : option[i];
    const std::string_view key(at, option.size());
    if (eq != std::string_view::npos) {
      if (auto match = secrets::in_assignment(key, text.substr(eq + 1), accepted)) {
        add(&word, std::string(name) + " --" + std::string(option) + "=" + describe(*match));
      }
    } else if (next != nullptr && !next->text.starts_with('-') &&
               rules::secret_named(key, accepted)) {
      // (Only a name like a secret counts here: the value's own text rules are the next word's
      // turn, so in_assignment is asked only for such a name.)
      if (auto match = secrets::in_assignment(key, next->text, accepted);
          match && rules::equals(match->rule, "secret-named-variable")) {
        add(next, std::string(name) + " --" + std::string(option) + " " + describe(*match));
      }
    }
  }
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      std::vector<Hit> hits;
      for (const rules::RunCommand& cmd : script.commands) {
        judge(cmd, context.config.accepted_secret_keys, hits);
      }
      for (auto& hit : hits) {
        audit::add_dockerfile_finding(findings, self.info, subject, hit.word->pos,
                                      std::move(hit.evidence));
      }
    }
  }
}

}  // namespace dockerfile_secret_in_run

extern const Check kDockerfileSecretInRun;  // listed in checks/list.h
const Check kDockerfileSecretInRun{
    .info =
        {
            .code = "HDK-B-056",
            .slug = "dockerfile-secret-in-run",
            .title = "A secret on a RUN command line",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.10",
            .cobit = "DSS05.04",
            .description =
                "A RUN's command line is stored in the Dockerfile, in the image's history "
                "(`docker history --no-trunc` shows it) and in build logs: a password or token "
                "there is public to everyone who can pull the image. Fails on `curl -u "
                "user:password`, `login -p PASSWORD`, `sshpass -p`, `mysql -pPASSWORD`, "
                "options named like secrets with a literal value (--password=, --token, "
                "--api-key), NAME=value assignments named like secrets, and any argument "
                "holding a known token format, a private key or a password in a URL. "
                "References ($TOKEN, --password-stdin, --token-file) are fine. Values are "
                "never shown.",
            .remediation =
                "Use a build secret: RUN --mount=type=secret,id=token TOKEN=$(cat "
                "/run/secrets/token) ..., built with docker build --secret id=token,src=FILE; "
                "rotate every secret that was in a Dockerfile.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad =
        "FROM debian:12\nRUN curl -fsSL -u deploy:hunter2secret https://example.com/a.tgz "
        "-o /tmp/a.tgz\n",
    .good =
        "FROM debian:12\nRUN --mount=type=secret,id=netrc curl -fsSL --netrc-file "
        "/run/secrets/netrc https://example.com/a.tgz -o /tmp/a.tgz\n",
    .run = collect<dockerfile_secret_in_run::run>,
    .append = dockerfile_secret_in_run::run,
};

}  // namespace hardock::audit::checks
