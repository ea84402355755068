// HDK-B-001: the final stage ends with a non-root USER. When an earlier USER of the image named
// a non-root user, that user is switched back to; otherwise a user is created where the base is
// known: `useradd` on Debian, Ubuntu and the RHEL family (not their -minimal/-micro images,
// which have no shadow-utils), busybox `adduser -D` on Alpine; none on busybox images (builds
// such as Debian's busybox-static have no adduser applet), scratch and distroless, where a
// numeric USER needs no passwd entry. uid 10001, name appuser.
#include <algorithm>

#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {
namespace user_root_detail {

bool root(std::string_view user) {
  const std::string_view name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

// A user name taken from the file goes back into it only when it is plainly a name or uid.
bool plain(std::string_view user) {
  return !user.empty() && user.size() <= 64 && std::all_of(user.begin(), user.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':';
  });
}

}  // namespace user_root_detail

void user_root(FixContext& context, const core::Finding& finding) {
  const auto* stage = context.subject.final_stage();
  if (stage == nullptr) {
    context.note(finding, "no FROM");
    return;
  }
  const auto& insts = context.file().instructions;
  const Instruction* last_user = nullptr;
  std::string earlier;  // the last non-root USER before the last USER
  for (const std::size_t index : context.subject.image_instructions()) {
    const Instruction& inst = insts[index];
    if (inst.keyword != Keyword::kUser) continue;
    const auto* user = inst.as<dockerfile::UserArgs>();
    if (user == nullptr || !user->user.complete) {
      last_user = nullptr;
      earlier.clear();
      continue;
    }
    last_user = &inst;
    if (!user_root_detail::root(user->user.value()) &&
        user_root_detail::plain(user->user.value())) {
      earlier = user->user.value();
    }
  }
  if (last_user != nullptr) {
    const auto* user = last_user->as<dockerfile::UserArgs>();
    if (user != nullptr && !user_root_detail::root(user->user.value())) return;  // non-root
  }
  const Instruction& last = insts[stage->last_instruction];
  const std::string eol(context.eol());
  const std::string user_kw = FixContext::keyword_like(last, "USER");
  const std::string run_kw = FixContext::keyword_like(last, "RUN");
  std::string text;
  std::string description;
  if (!earlier.empty()) {
    text = eol + user_kw + " " + earlier;
    description = "USER " + earlier + " (the image's earlier user) at the end";
  } else {
    switch (context.stage_family(stage->index)) {
      case BaseFamily::kDebian:
      case BaseFamily::kRhel:
        text = eol + run_kw + " useradd --system --uid 10001 --no-create-home --shell " +
               "/usr/sbin/nologin appuser" + eol + user_kw + " 10001";
        description = "created appuser (uid 10001) with useradd; USER 10001 at the end";
        break;
      case BaseFamily::kAlpine:
        text = eol + run_kw + " adduser -D -H -u 10001 -s /sbin/nologin appuser" + eol + user_kw +
               " 10001";
        description = "created appuser (uid 10001) with adduser -D; USER 10001 at the end";
        break;
      case BaseFamily::kBusybox:
        text = eol + user_kw + " 10001:10001";
        description = "USER 10001:10001 at the end (busybox builds may lack adduser)";
        break;
      case BaseFamily::kScratch:
        text = eol + user_kw + " 10001:10001";
        description = "USER 10001:10001 at the end (scratch has no user database)";
        break;
      case BaseFamily::kDistroless:
        text = eol + user_kw + " 65532:65532";
        description = "USER 65532:65532 (distroless nonroot) at the end";
        break;
      default:
        context.note(finding, "the base image (" + context.stage_base(stage->index) +
                                  ") is not known: create a user and add USER by hand");
        return;
    }
  }
  context.edit({.begin = last.end,
                .end = last.end,
                .text = text,
                .order = 3,
                .code = std::string(finding.check_code),
                .line = finding.location.line,
                .description = description});
  context.note(context.subject.path + ":" + std::to_string(finding.location.line) + ": " +
               std::string(finding.check_code) +
               ": the container now runs as a non-root user; files it writes must be writable "
               "by that user");
}

}  // namespace hardock::fix::fixes
