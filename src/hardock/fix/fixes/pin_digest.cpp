// HDK-B-003: `FROM image:tag` becomes `FROM image:tag@sha256:...` with the digest the engine or
// a registry reports (FixOptions::resolve_digest). The digest must be sha256 and 64 lowercase
// hex digits; a base given by a variable, scratch, a stage, or an image whose digest is unknown
// stays a note.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {
namespace pin_digest_detail {

bool valid_digest(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (digest.size() != kPrefix.size() + 64 || !digest.starts_with(kPrefix)) return false;
  for (const char c : digest.substr(kPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace pin_digest_detail

void pin_digest(FixContext& context, const core::Finding& finding) {
  const auto index = context.instruction_at(finding.location.line);
  const auto* from =
      index ? context.file().instructions[*index].as<dockerfile::FromArgs>() : nullptr;
  if (from == nullptr) {
    context.note(finding, "the finding is not on a FROM instruction");
    return;
  }
  const auto& image = from->image;
  if (from->base_stage || image.value().find('@') != std::string::npos) return;  // nothing to pin
  if (!image.complete || image.raw != image.value() || image.value() == "scratch") {
    context.note(finding, "the base " + image.raw + " is given by a variable or is scratch");
    return;
  }
  if (!context.options.resolve_digest) {
    context.note(finding,
                 "no digest lookup: pull " + std::string(image.value()) + " and pin it by hand");
    return;
  }
  const auto digest = context.options.resolve_digest(image.value());
  if (!digest) {
    context.note(finding,
                 "the digest of " + std::string(image.value()) + " is not known (not pulled?)");
    return;
  }
  if (!pin_digest_detail::valid_digest(*digest)) {
    context.note(finding,
                 "the digest given for " + std::string(image.value()) + " is not sha256:<64 hex>");
    return;
  }
  const auto range = context.exact_range(image.pos, image.raw);
  if (!range) {
    context.note(finding, "the image word is not where expected");
    return;
  }
  context.edit({.begin = range->second,
                .end = range->second,
                .text = "@" + *digest,
                .order = 0,
                .code = std::string(finding.check_code),
                .line = finding.location.line,
                .description = "pinned " + std::string(image.value()) + " to " + *digest});
}

}  // namespace hardock::fix::fixes
