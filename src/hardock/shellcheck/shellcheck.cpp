#include "hardock/shellcheck/shellcheck.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "hardock/dockerfile/shell_split.h"
#include "hardock/io/json_guard.h"
#include "hardock/shellcheck/process.h"

namespace hardock::shellcheck {
namespace shellcheck_detail {

using dockerfile::Heredoc;
using dockerfile::Instruction;
using dockerfile::Keyword;
using dockerfile::Position;

std::string_view base_name(std::string_view word) {
  const std::size_t slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

// ShellCheck's --shell for a shell program, or "" when ShellCheck cannot read its language.
std::string_view dialect_of(std::string_view program) {
  const std::string_view name = base_name(program);
  if (name == "bash") return "bash";
  if (name == "dash") return "dash";
  if (name == "ksh" || name == "mksh") return "ksh";
  if (name == "sh" || name == "ash" || name == "busybox") return "sh";
  return "";
}

// The dialect of the SHELL in force at instruction `index` (the stage's last SHELL before it,
// else its base stage's ...); "sh" for the default /bin/sh -c, "" for pwsh, cmd, zsh ...
std::string_view stage_dialect(const dockerfile::DockerfileSubject& subject, std::size_t index) {
  const auto& insts = subject.file.instructions;
  if (!insts[index].stage) return "sh";
  std::size_t stage_index = *insts[index].stage;
  std::size_t end = index;
  for (std::size_t guard = 0; guard <= subject.file.stages.size(); ++guard) {
    const auto& stage = subject.file.stages[stage_index];
    for (std::size_t k = end; k-- > stage.from_instruction;) {
      if (insts[k].keyword == Keyword::kShell && !insts[k].args.empty()) {
        return dialect_of(insts[k].args.front().value());
      }
    }
    if (!stage.base_stage || *stage.base_stage >= stage_index) break;
    stage_index = *stage.base_stage;
    end = subject.file.stages[stage_index].last_instruction + 1;
  }
  return "sh";
}

// The dialect a heredoc script's #! line names: nullopt when it has none, "" when it names no
// shell ShellCheck reads (python, zsh ...).
std::optional<std::string_view> shebang_dialect(std::string_view body) {
  if (!body.starts_with("#!")) return std::nullopt;
  std::string_view line = body.substr(
      2, body.find('\n') == std::string_view::npos ? std::string_view::npos : body.find('\n') - 2);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  std::string_view program = line.substr(0, line.find_first_of(" \t\r"));
  if (base_name(program) == "env") {  // #!/usr/bin/env bash
    std::string_view rest = line.substr(std::min(line.size(), program.size()));
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    program = rest.substr(0, rest.find_first_of(" \t\r"));
  }
  return dialect_of(program);
}

// Line starts of `text` (offset of each line's first byte).
std::vector<std::size_t> line_starts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t off = 0; off < text.size(); ++off) {
    if (text[off] == '\n') starts.push_back(off + 1);
  }
  return starts;
}

// Offset in a heredoc body -> its position in the file (as split_run maps it).
Position body_position(const Heredoc& doc, const std::vector<std::size_t>& starts,
                       std::size_t off) {
  const auto it = std::upper_bound(starts.begin(), starts.end(), off);
  const auto index = static_cast<std::size_t>(it - starts.begin() - 1);
  return Position{doc.body_line + static_cast<std::uint32_t>(index),
                  static_cast<std::uint32_t>(off - starts[index] + 1)};
}

struct Script {
  std::size_t instruction = 0;
  std::string text;
  std::string_view dialect;  // "" when a #! line decides
  std::function<Position(std::size_t)> at;
};

// The scripts of one RUN (see shellcheck.h).
void add_scripts(const dockerfile::DockerfileSubject& subject, std::size_t index,
                 std::vector<Script>& out) {
  const Instruction& outer = subject.file.instructions[index];
  const Instruction& inst =
      outer.keyword == Keyword::kOnbuild && !outer.trigger.empty() ? outer.trigger.front() : outer;
  if (inst.keyword != Keyword::kRun || inst.json) return;
  const std::string_view dialect = stage_dialect(subject, index);
  if (dialect.empty()) return;  // pwsh, cmd: not shell
  const Instruction* const run = &inst;
  const auto line_at = [run](std::size_t off) { return run->position_at(run->args_offset + off); };

  // Which heredocs are scripts, as split_run decides; whether the line runs anything itself.
  const dockerfile::ShellScript line =
      dockerfile::split_shell(inst.args_text(), [](std::size_t) { return Position{}; });
  std::vector<std::string_view> doc_shell(inst.heredocs.size());  // "" = data, else dialect
  std::vector<bool> script_doc(inst.heredocs.size(), false);
  bool line_runs = false;
  std::size_t doc_index = 0;
  for (const auto& cmd : line.commands) {
    line_runs = line_runs || !cmd.words.empty();
    for (const auto& redirect : cmd.redirects) {
      if (!redirect.op.ends_with("<<") && !redirect.op.ends_with("<<-")) continue;
      if (doc_index < script_doc.size()) {
        const std::string_view shell = cmd.words.empty() ? dialect : dialect_of(cmd.name());
        script_doc[doc_index] = cmd.words.empty() || !dialect_of(cmd.name()).empty();
        doc_shell[doc_index] = shell;
      }
      ++doc_index;
    }
  }

  if (line_runs) {
    // The command line, then each here-document's body and terminator, as the shell reads it.
    Script script{index, std::string(inst.args_text()), dialect, {}};
    std::vector<std::size_t> doc_begin;
    for (const auto& doc : inst.heredocs) {
      script.text += '\n';
      doc_begin.push_back(script.text.size());
      script.text += doc.raw_content;
      script.text += doc.name;
    }
    script.text += '\n';
    const std::size_t line_size = inst.args_text().size();
    auto starts = std::make_shared<std::vector<std::vector<std::size_t>>>();
    for (const auto& doc : inst.heredocs) starts->push_back(line_starts(doc.raw_content));
    script.at = [run, line_at, line_size, doc_begin, starts](std::size_t off) {
      if (off <= line_size || doc_begin.empty() || off < doc_begin.front()) return line_at(off);
      const auto k = static_cast<std::size_t>(
          std::upper_bound(doc_begin.begin(), doc_begin.end(), off) - doc_begin.begin() - 1);
      const Heredoc& doc = run->heredocs[k];
      const std::size_t local = off - doc_begin[k];
      if (local < doc.raw_content.size()) return body_position(doc, (*starts)[k], local);
      return Position{doc.body_line + static_cast<std::uint32_t>((*starts)[k].size() - 1),
                      static_cast<std::uint32_t>(local - doc.raw_content.size() + 1)};
    };
    out.push_back(std::move(script));
  }
  for (std::size_t k = 0; k < inst.heredocs.size(); ++k) {
    if (!script_doc[k]) continue;
    const Heredoc& doc = inst.heredocs[k];
    std::string_view doc_dialect = doc_shell[k];
    if (const auto shebang = shebang_dialect(doc.raw_content)) {
      if (shebang->empty()) continue;  // a python (or other) script
      doc_dialect = "";                // ShellCheck reads the #! line itself
    }
    auto starts = std::make_shared<std::vector<std::size_t>>(line_starts(doc.raw_content));
    const Heredoc* const body = &doc;
    out.push_back(Script{index, doc.raw_content, doc_dialect, [body, starts](std::size_t off) {
                           return body_position(*body, *starts,
                                                std::min(off, body->raw_content.size()));
                         }});
  }
}

// The byte offset in `text` of 1-based (line, column), columns counting characters (json1).
std::size_t offset_of(std::string_view text, const std::vector<std::size_t>& starts,
                      std::size_t line, std::size_t column) {
  if (line == 0) line = 1;
  if (line > starts.size()) return text.size();
  std::size_t off = starts[line - 1];
  for (std::size_t chars = 1; chars < column && off < text.size() && text[off] != '\n'; ++chars) {
    const auto lead = static_cast<unsigned char>(text[off]);
    const std::size_t len = lead < 0x80    ? 1
                            : lead >= 0xF0 ? 4
                            : lead >= 0xE0 ? 3
                            : lead >= 0xC0 ? 2
                                           : 1;
    off = std::min(text.size(), off + len);
  }
  return off;
}

std::string first_line(std::string_view text) {
  std::string out(text.substr(0, std::min(text.find('\n'), std::size_t{300})));
  return out.empty() ? "no message" : out;
}

core::Result<void> check_script(const std::string& binary, const Script& script,
                                const dockerfile::DockerfileSubject& subject,
                                const ShellcheckOptions& options,
                                std::vector<dockerfile::ShellcheckNote>& notes) {
  const Position where = subject.file.instructions[script.instruction].pos;
  const std::string context =
      subject.path + ":" + std::to_string(where.line) + ": shellcheck on the RUN script";
  std::vector<std::string> argv{"shellcheck", "--format=json1", "--norc"};
  if (!script.dialect.empty()) argv.push_back("--shell=" + std::string(script.dialect));
  argv.emplace_back("-");
  auto output = detail::run_process(binary, argv, {"LC_ALL=C.UTF-8"}, script.text, options.timeout,
                                    options.max_output_bytes);
  if (!output) return tl::unexpected(output.error().with_context(context));
  if (output->exit_code != 0 && output->exit_code != 1) {
    return core::fail(core::Error{core::ErrorCode::kIo,
                                  "shellcheck exited with status " +
                                      std::to_string(output->exit_code) + ": " +
                                      first_line(output->err),
                                  {context},
                                  {}});
  }
  if (const auto nesting = io::json_nesting_error(output->out); !nesting.empty()) {
    return core::fail(core::Error{
        core::ErrorCode::kMalformedInput, "shellcheck's json1: " + nesting, {context}, {}});
  }
  const auto document = nlohmann::json::parse(output->out, nullptr, false);
  if (!document.is_object() || !document.contains("comments") ||
      !document.at("comments").is_array()) {
    return core::fail(core::Error{core::ErrorCode::kMalformedInput,
                                  "shellcheck did not answer json1 (a \"comments\" array)",
                                  {context},
                                  {}});
  }
  const auto starts = line_starts(script.text);
  for (const auto& comment : document.at("comments")) {
    if (notes.size() >= options.max_notes) break;
    if (!comment.is_object()) continue;
    const auto number = [&comment](const char* key) -> std::size_t {
      const auto it = comment.find(key);
      return it != comment.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
    };
    const auto text = [&comment](const char* key) -> std::string {
      const auto it = comment.find(key);
      return it != comment.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    dockerfile::ShellcheckNote note;
    note.instruction = script.instruction;
    note.pos = script.at(offset_of(script.text, starts, number("line"), number("column")));
    note.code = "SC" + std::to_string(number("code"));
    note.level = text("level");
    note.message = first_line(text("message"));
    notes.push_back(std::move(note));
  }
  return {};
}

}  // namespace shellcheck_detail

core::Result<std::string> find_shellcheck(std::string_view binary) {
  const std::string name = binary.empty() ? "shellcheck" : std::string(binary);
  const auto executable = [](const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) {
    if (executable(name)) return name;
    return core::fail(core::ErrorCode::kNotFound,
                      "shellcheck: " + name + " is not an executable file");
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + name;
    if (executable(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return core::fail(core::ErrorCode::kNotFound,
                    name +
                        " not found on PATH: install ShellCheck (apt-get install shellcheck) "
                        "or give its path");
}

core::Result<void> run_shellcheck(dockerfile::DockerfileSubject& subject,
                                  const ShellcheckOptions& options) {
  using namespace shellcheck_detail;
  const auto binary = find_shellcheck(options.binary);
  if (!binary) return tl::unexpected(binary.error());
  std::vector<Script> scripts;
  for (std::size_t index = 0; index < subject.file.instructions.size(); ++index) {
    add_scripts(subject, index, scripts);
  }
  std::vector<dockerfile::ShellcheckNote> notes;
  for (const auto& script : scripts) {
    if (auto checked = check_script(*binary, script, subject, options, notes); !checked) {
      return checked;
    }
  }
  std::stable_sort(notes.begin(), notes.end(), [](const auto& a, const auto& b) {
    return std::tie(a.pos.line, a.pos.column) < std::tie(b.pos.line, b.pos.column);
  });
  subject.shellcheck = std::move(notes);
  return {};
}

}  // namespace hardock::shellcheck
