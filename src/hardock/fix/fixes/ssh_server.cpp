// HDK-B-051: the SSH server packages (openssh-server, dropbear, Debian's `ssh`, Alpine's
// `openssh`) are removed from the install commands of the RUN. An install left without any
// package is an error for apk, yum, dnf and zypper (apt-get installs nothing): that stays a
// note. A CMD or ENTRYPOINT still starting sshd is named in a note.
#include <algorithm>

#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {
namespace ssh_server_detail {

std::string_view package_name(std::string_view word) {
  return word.substr(0, word.find_first_of("=<>~:"));
}

bool ssh_server(const PackageCommand& command, std::string_view word) {
  const std::string_view name = package_name(word);
  if (name == "openssh-server" || name == "dropbear" || name == "dropbear-bin" ||
      name == "dropbear-run") {
    return true;
  }
  if (command.manager == "apt-get" || command.manager == "apt") return name == "ssh";
  if (command.manager == "apk") return name == "openssh";
  return false;
}

}  // namespace ssh_server_detail

void ssh_server(FixContext& context, const core::Finding& finding) {
  const auto index = finding_run(context, finding);
  if (!index) return;
  bool found = false;
  for (const auto& command : package_commands(context.subject.scripts[*index])) {
    if (!installs(command) || command.manager == "pip") continue;
    const auto operands = command.operands();
    std::vector<std::size_t> remove;
    for (const std::size_t operand : operands) {
      if (ssh_server_detail::ssh_server(command, command.command->words[operand].text)) {
        remove.push_back(operand);
      }
    }
    if (remove.empty()) continue;
    found = true;
    if (remove.size() == operands.size() && command.manager != "apt-get" &&
        command.manager != "apt") {
      context.note(finding, "the SSH server is the only package of `" + command.manager + " " +
                                std::string(command.sub()) + "`: remove the command by hand");
      continue;
    }
    for (const std::size_t operand : remove) {
      const ShellWord& word = command.command->words[operand];
      const auto range = context.exact_range(word.pos, word.text);
      if (!range) {
        context.note(finding, "the package word " + std::string(word.text) +
                                  " is quoted or split; remove it by hand");
        continue;
      }
      const auto [begin, end] = context.word_removal(range->first, range->second);
      context.edit({.begin = begin,
                    .end = end,
                    .text = "",
                    .order = 0,
                    .code = std::string(finding.check_code),
                    .line = finding.location.line,
                    .description = "removed " + std::string(word.text) + " from `" +
                                   command.manager + " " + std::string(command.sub()) + "`"});
    }
  }
  if (!found) {
    context.note(finding, "no SSH server package found in the install commands of this RUN");
    return;
  }
  for (const auto& inst : context.file().instructions) {
    if ((inst.keyword == Keyword::kCmd || inst.keyword == Keyword::kEntrypoint) &&
        inst.args_text().find("sshd") != std::string::npos) {
      context.note(context.subject.path + ":" + std::to_string(inst.pos.line) + ": " +
                   std::string(finding.check_code) +
                   ": this instruction still starts sshd, which is no longer installed");
    }
  }
}

}  // namespace hardock::fix::fixes
