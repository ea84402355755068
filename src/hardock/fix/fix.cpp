// fix_dockerfile: runs the fixes of fix_table() for the findings of one Dockerfile, then applies
// their edits to the original text in one pass.
#include "hardock/fix/fix.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "hardock/core/finding.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/fix/context.h"

namespace hardock::fix {
namespace fix_detail {

bool concerns(const dockerfile::DockerfileSubject& subject, const core::Finding& finding) {
  return finding.status == core::FindingStatus::kFail && finding.location.file == subject.path &&
         finding.check_code.starts_with("HDK-B-");
}

}  // namespace fix_detail

FixResult fix_dockerfile(const dockerfile::DockerfileSubject& subject,
                         const std::vector<core::Finding>& findings, const FixOptions& options) {
  FixContext context(subject, options);
  std::set<std::string_view> fixable;
  for (const auto& entry : fix_table()) {
    fixable.insert(entry.code);
    for (const auto& finding : findings) {
      if (finding.check_code == entry.code && fix_detail::concerns(subject, finding)) {
        entry.fix(context, finding);
      }
    }
  }
  std::set<std::string_view> unfixed;
  for (const auto& finding : findings) {
    if (fix_detail::concerns(subject, finding) && !fixable.contains(finding.check_code)) {
      unfixed.insert(finding.check_code);
    }
  }
  for (const auto code : unfixed) {
    context.note(subject.path + ": " + std::string(code) +
                 " has no automatic fix; its findings stay");
  }

  // One pass over the edits in text order. Insertions at one offset come before a replacement
  // starting there, in their `order`, then in the order the fixes made them. An edit starting
  // inside an earlier one is dropped: fixes never overlap in the output.
  auto& edits = context.edits();
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
    return std::tuple(a.begin, a.end != a.begin, a.order) <
           std::tuple(b.begin, b.end != b.begin, b.order);
  });
  FixResult result;
  const std::string_view text = context.text();
  if (subject.file.bom) result.text = "\xEF\xBB\xBF";
  std::size_t cursor = 0;
  std::set<std::tuple<std::size_t, std::size_t, std::string>> done;
  std::set<std::tuple<std::string, std::uint32_t, std::string>> reported;
  for (const auto& edit : edits) {
    const auto key = std::tuple(edit.begin, edit.end, edit.text);
    if (done.contains(key)) continue;  // the same edit from another finding
    if (edit.begin < cursor || edit.end > text.size() || edit.end < edit.begin) {
      context.note(subject.path + ":" + std::to_string(edit.line) + ": " + edit.code +
                   " not fixed in this pass: it overlaps another fix (run --fix again)");
      continue;
    }
    done.insert(key);
    result.text.append(text.substr(cursor, edit.begin - cursor));
    result.text.append(edit.text);
    cursor = edit.end;
    if (reported.insert({edit.code, edit.line, edit.description}).second) {
      result.applied.push_back({edit.code, edit.line, edit.description});
    }
  }
  result.text.append(text.substr(cursor));
  std::stable_sort(result.applied.begin(), result.applied.end(),
                   [](const AppliedFix& a, const AppliedFix& b) {
                     return std::tie(a.line, a.code) < std::tie(b.line, b.code);
                   });
  result.notes = std::move(context.notes());
  return result;
}

}  // namespace hardock::fix
