// Helpers of the instruction rules (HDK-B-002 .. HDK-B-039): bounded one-line evidence, image
// references of FROM, which stages the image holds, paths of WORKDIR and COPY, secret names.
// Everything here reads the parser's data (dockerfile/instruction.h); nothing re-parses text.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/checks/dockerfile/util.h"
#include "hardock/dockerfile/ascii.h"
#include "hardock/io/escape.h"
#include "hardock/secrets/secrets.h"

namespace hardock::audit::checks::dockerfile_rules {

// Attacker text for evidence: at most `max` bytes, on one line, control characters shown as
// escapes (a report escapes again for its own language; this keeps the evidence one line).
inline std::string bounded(std::string_view text, std::size_t max = 120) {
  std::string out;
  append_bounded(out, text, max);
  return out;
}

// `text` with every secret the shared text rules find replaced by its redacted form.
inline std::string redact_secrets(std::string_view text) {
  std::string out;
  std::size_t done = 0;
  for (const auto& match : secrets::in_text(text)) {  // in order of position
    if (match.offset < done || match.offset + match.length > text.size()) continue;
    out.append(text.substr(done, match.offset - done));
    out += match.redacted;
    done = match.offset + match.length;
  }
  out.append(text.substr(done));
  return out;
}

// The instruction as evidence, never holding a secret: ENV, LABEL and ARG rebuilt from their
// pairs with the value of any pair the secret rules match shown as "****"; any other instruction
// as its logical line (flags included) with what the text rules match redacted. Bounded, one
// line. Appended to `out`.
inline void append_evidence_of(std::string& out, const Instruction& inst) {
  constexpr std::size_t kMax = 160;
  std::string text;
  const auto pair = [&text](const dockerfile::Word& key, const dockerfile::Word* value,
                            bool legacy) {
    text += ' ';
    text += key.raw;
    if (value == nullptr) return;
    text += legacy ? ' ' : '=';
    const bool secret = secrets::in_assignment(key.value(), value->value()).has_value() ||
                        !secrets::in_text(value->raw).empty();
    text += secret ? std::string_view("****") : std::string_view(value->raw);
  };
  if (const auto* pairs = inst.as<std::vector<dockerfile::KeyValue>>(); pairs != nullptr) {
    text = inst.keyword_text;
    for (const auto& kv : *pairs) pair(kv.key, &kv.value, kv.legacy);
  } else if (const auto* decls = inst.as<std::vector<dockerfile::ArgDecl>>(); decls != nullptr) {
    text = inst.keyword_text;
    for (const auto& decl : *decls) {
      pair(decl.name, decl.default_value ? &*decl.default_value : nullptr, false);
    }
  } else {
    std::string_view line = inst.line;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    line = line.substr(0, 4096);
    // Most lines hold no secret: then the line itself is cut, not a copy of all of it.
    if (secrets::in_text(line).empty()) {
      append_bounded(out, line, kMax);
      return;
    }
    text = redact_secrets(line);
  }
  append_bounded(out, text, kMax);
}

inline std::string evidence_of(const Instruction& inst) {
  std::string out;
  append_evidence_of(out, inst);
  return out;
}

// evidence_of(inst) as a piece of evidence_text().
struct EvidenceOf {
  const Instruction& inst;
};
inline void append_piece(std::string& out, const EvidenceOf& piece) {
  append_evidence_of(out, piece.inst);
}

inline std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = dockerfile::ascii_lower(c);
  return out;
}

// An image reference as the docker CLI reads it: [registry/]repository[:tag][@digest]. The
// registry is the first path component when it holds '.' or ':' or is "localhost", else Docker
// Hub ("docker.io"; index.docker.io and registry-1.docker.io are the same registry).
// The parts other than the registry are views of the text parsed (no copy of each per FROM).
struct ImageRef {
  std::string registry;  // lowercased
  std::string_view repository;
  std::string_view tag;     // empty when none is written
  std::string_view digest;  // "sha256:..." after '@', empty when none
};

// Lowercased, Docker Hub's aliases as "docker.io".
inline std::string normalize_registry(std::string_view registry) {
  std::string out = lowercase(registry);
  if (out == "index.docker.io" || out == "registry-1.docker.io" ||
      out == "registry.hub.docker.com" || out == "hub.docker.com") {
    out = "docker.io";
  }
  return out;
}

// `reference` must outlive the result, which views it.
inline ImageRef parse_image_ref(std::string_view reference) {
  ImageRef ref;
  std::string_view name = reference;
  if (const auto at = name.find('@'); at != std::string_view::npos) {
    ref.digest = name.substr(at + 1);
    name = name.substr(0, at);
  }
  const auto slash = name.rfind('/');
  const auto colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    ref.tag = name.substr(colon + 1);
    name = name.substr(0, colon);
  }
  const auto first = name.find('/');
  const std::string_view head = first == std::string_view::npos ? "" : name.substr(0, first);
  if (!head.empty() && (head.find('.') != std::string_view::npos ||
                        head.find(':') != std::string_view::npos || head == "localhost")) {
    ref.registry = normalize_registry(head);  // lowercased once
    ref.repository = name.substr(first + 1);
  } else {
    ref.registry = "docker.io";
    ref.repository = name;
  }
  return ref;
}

// The base images of a Dockerfile: FROM lines that name an image, that is neither "scratch" nor
// an earlier stage, and whose expansion is complete (FROM $UNKNOWN is not judged).
struct BaseImage {
  const Instruction* from = nullptr;
  const dockerfile::Word* image = nullptr;
  ImageRef ref;
  // The evidence the three base image rules each show: bounded(image->value), evidence_of(*from).
  std::string shown;
  std::string from_evidence;
};

// `text` in any case equals `lower` (lowercase ASCII), without a lowercased copy.
inline bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (dockerfile::ascii_lower(text[k]) != lower[k]) return false;
  }
  return true;
}

inline std::vector<BaseImage> build_base_images(const DockerfileSubject& subject) {
  std::vector<BaseImage> out;
  out.reserve(subject.file.stages.size());
  for (const auto& stage : subject.file.stages) {
    const Instruction& from = subject.file.instructions[stage.from_instruction];
    const auto* args = from.as<dockerfile::FromArgs>();
    if (args == nullptr || args->image.raw.empty()) continue;
    if (stage.base_stage || !stage.base_complete || !args->image.complete) continue;
    if (equals_lower(stage.base, "scratch") || stage.base.empty()) continue;
    BaseImage& base = out.emplace_back();
    base.from = &from;
    base.image = &args->image;
    base.ref = parse_image_ref(stage.base);  // views of the subject's own text
    base.shown = bounded(args->image.value());
    append_evidence_of(base.from_evidence, from);
  }
  return out;
}

// What the instruction rules derive from a subject, each part built by the first rule that
// asks and then shared.
struct InstrDerived {
  mutable std::optional<std::vector<BaseImage>> bases;  // base_images()
  mutable std::optional<std::vector<bool>> stages;      // image_stages()
};

inline const InstrDerived& instr_derived(const DockerfileSubject& subject) {
  if (subject.derived_bases == nullptr || subject.derived_bases_for != &subject) {
    subject.derived_bases = std::make_shared<const InstrDerived>();
    subject.derived_bases_for = &subject;
  }
  return *static_cast<const InstrDerived*>(subject.derived_bases.get());
}

// base_images of `subject`, built once per subject and shared by the three base image rules.
inline const std::vector<BaseImage>& base_images(const DockerfileSubject& subject) {
  const InstrDerived& derived = instr_derived(subject);
  if (!derived.bases) derived.bases = build_base_images(subject);
  return *derived.bases;
}

// in_image[stage index]: the stage is the final one or one it is built FROM (what the image
// holds); a stage only copied from is not.
inline std::vector<bool> build_image_stages(const DockerfileSubject& subject) {
  std::vector<bool> in_image(subject.file.stages.size(), false);
  for (const auto* stage = subject.final_stage(); stage != nullptr;) {
    if (in_image[stage->index]) break;
    in_image[stage->index] = true;
    if (!stage->base_stage || *stage->base_stage >= stage->index) break;
    stage = &subject.file.stages[*stage->base_stage];
  }
  return in_image;
}

// build_image_stages(subject), made once per subject for the four rules that read it.
inline const std::vector<bool>& image_stages(const DockerfileSubject& subject) {
  const InstrDerived& derived = instr_derived(subject);
  if (!derived.stages) derived.stages = build_image_stages(subject);
  return *derived.stages;
}

inline bool in_image_stage(const std::vector<bool>& in_image, const Instruction& inst) {
  return inst.stage && *inst.stage < in_image.size() && in_image[*inst.stage];
}

// Absolute, without empty, "." or ".." parts and without a trailing '/': normalize_path's own
// result, which most WORKDIR and COPY paths already are.
inline bool normal_path(std::string_view path) {
  if (path.empty() || path[0] != '/') return false;
  if (path.size() == 1) return true;
  if (path.back() == '/') return false;
  std::size_t part = 1;  // start of the current part
  for (std::size_t at = 1; at <= path.size(); ++at) {
    if (at < path.size() && path[at] != '/') continue;
    const std::string_view name = path.substr(part, at - part);
    if (name.empty() || name == "." || name == "..") return false;
    part = at + 1;
  }
  return true;
}

// "/a/./b//c/../d/" -> "/a/b/d"; a relative path is taken from "/". Lexical, no file system.
inline std::string normalize_path(std::string_view path) {
  if (normal_path(path)) return std::string(path);  // one pass and one copy
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  while (at <= path.size()) {
    std::size_t next = path.find('/', at);
    if (next == std::string_view::npos) next = path.size();
    const std::string_view part = path.substr(at, next - at);
    at = next + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (const auto part : parts) {
    out += '/';
    out += part;
  }
  return out.empty() ? "/" : out;
}

// `path` taken from directory `base` (absolute), normalized.
inline std::string join_path(std::string_view base, std::string_view path) {
  if (path.starts_with('/')) return normalize_path(path);
  return normalize_path(std::string(base) + "/" + std::string(path));
}

// A Windows path ("C:\\app", "c:/app"), which a WORKDIR of a Windows image may hold.
inline bool windows_absolute(std::string_view path) {
  return path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) != 0 &&
         path[1] == ':' && (path[2] == '\\' || path[2] == '/');
}

// True when `key` names a secret by the shared rules (PASSWORD, TOKEN, API_KEY ...), is not a
// reference to a file (*_FILE, *_PATH) and is not in `accepted`. The secrets module answers
// for a literal value; "x" is a literal that no value rule matches.
inline bool secret_named(std::string_view key, const std::vector<std::string>& accepted) {
  const auto match = secrets::in_assignment(key, "x", accepted);
  return match && match->rule == "secret-named-variable";
}

// An unescaped '$' in a raw word: its value comes from a variable.
inline bool references_variable(std::string_view raw) {
  for (std::size_t at = 0; at < raw.size(); ++at) {
    if (raw[at] == '\\') {
      ++at;
      continue;
    }
    if (raw[at] == '$') return true;
  }
  return false;
}

// Instructions of one keyword in each stage after the first: the rules "multiple CMD /
// ENTRYPOINT / HEALTHCHECK" (only the last one of a stage takes effect).
inline void repeated_in_stage(const Check& self, const AuditContext& context,
                              std::vector<core::Finding>& findings, Keyword keyword) {
  for (const auto& subject : subjects(context)) {
    for (const auto& stage : subject.file.stages) {
      const Instruction* first = nullptr;
      for (std::size_t index = stage.from_instruction; index <= stage.last_instruction; ++index) {
        const Instruction& inst = subject.file.instructions[index];
        if (inst.keyword != keyword) continue;
        if (first == nullptr) {
          first = &inst;
          continue;
        }
        audit::add_dockerfile_finding(
            findings, self.info, subject, inst.pos,
            evidence_text(EvidenceOf{inst}, " follows the ", dockerfile::keyword_name(keyword),
                          " at line ", std::to_string(first->pos.line),
                          " in the same stage: only the last one takes effect"));
      }
    }
  }
}

// A finding at each RUN (or ONBUILD RUN) flag `name` whose value `matches`: `what`, then the
// instruction (RUN --security=insecure, RUN --network=host).
template <class Matches>
void run_flag_findings(const Check& self, const AuditContext& context,
                       std::vector<core::Finding>& findings, std::string_view name, Matches matches,
                       std::string_view what) {
  for (const auto& subject : subjects(context)) {
    for (const auto& inst : subject.file.instructions) {
      const Instruction* step = &inst;
      if (inst.keyword == Keyword::kOnbuild && !inst.trigger.empty()) step = &inst.trigger.front();
      if (step->keyword != Keyword::kRun) continue;
      for (const auto& flag : step->flags) {
        if (flag.name != name || !flag.value || !matches(*flag.value)) continue;
        audit::add_dockerfile_finding(findings, self.info, subject, flag.pos,
                                      evidence_text(what, EvidenceOf{*step}));
      }
    }
  }
}

}  // namespace hardock::audit::checks::dockerfile_rules
