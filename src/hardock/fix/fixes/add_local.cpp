// HDK-B-005: ADD of local files becomes COPY (same sources, destination and flags), only when
// COPY does the same: no URL or git source, no archive ADD would unpack (judged by the file
// name: .tar, .tgz, .gz, .bz2, .xz, .zst ... — ADD looks at the content, so a tar archive
// under another name is the user's to know), no wildcard that could match one, no variable
// that could hide a URL, and no flag COPY lacks (--checksum, --keep-git-dir, --unpack).
#include <cctype>

#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {
namespace add_local_detail {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Why COPY would not do what ADD does with this source; "" when it would.
std::string unsafe_source(const dockerfile::Word& source) {
  if (!source.complete || source.raw.find('$') != std::string::npos) {
    return "the source " + source.raw + " holds a variable (it could be a URL)";
  }
  const std::string value = lower(source.value());
  if (value.find("://") != std::string::npos || value.starts_with("git@")) {
    return "the source " + source.raw + " is remote";
  }
  if (value.find_first_of("*?[") != std::string::npos) {
    return "the source " + source.raw + " is a pattern that could match archives ADD unpacks";
  }
  static constexpr std::string_view kArchives[] = {".tar",  ".tgz",  ".tbz", ".tbz2", ".txz",
                                                   ".tzst", ".gz",   ".bz2", ".xz",   ".zst",
                                                   ".lz",   ".lzma", ".lz4", ".z"};
  for (const auto suffix : kArchives) {
    if (value.ends_with(suffix)) {
      return "the source " + source.raw + " looks like an archive, which ADD unpacks";
    }
  }
  return {};
}

}  // namespace add_local_detail

void add_local(FixContext& context, const core::Finding& finding) {
  const auto index = context.instruction_at(finding.location.line);
  if (!index || context.file().instructions[*index].keyword != Keyword::kAdd) {
    context.note(finding, "the finding is not on an ADD instruction");
    return;
  }
  const Instruction& inst = context.file().instructions[*index];
  const auto* args = inst.as<dockerfile::CopyArgs>();
  if (args == nullptr || args->sources.empty() || !args->destination) {
    context.note(finding, "the ADD has no source or destination");
    return;
  }
  for (const auto& flag : inst.flags) {
    if (flag.name != "chown" && flag.name != "chmod" && flag.name != "link" &&
        flag.name != "exclude") {
      context.note(finding, "COPY has no --" + flag.name + " flag");
      return;
    }
  }
  for (std::size_t at = 0; at < args->sources.size(); ++at) {
    if (at < args->source_heredoc.size() && args->source_heredoc[at]) continue;
    const std::string why = add_local_detail::unsafe_source(args->sources[at]);
    if (!why.empty()) {
      context.note(finding, why);
      return;
    }
  }
  const auto range = context.exact_range(inst.pos, inst.keyword_text);
  if (!range) {
    context.note(finding, "the ADD keyword is not where expected");
    return;
  }
  context.edit({.begin = range->first,
                .end = range->second,
                .text = FixContext::keyword_like(inst, "COPY"),
                .order = 0,
                .code = std::string(finding.check_code),
                .line = finding.location.line,
                .description = "ADD -> COPY"});
}

}  // namespace hardock::fix::fixes
