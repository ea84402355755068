// Build stages and scopes: ARGs before the first FROM (usable only in FROM lines), each stage's
// ARG and ENV scope, the expansion of the words BuildKit expands, stage names and references.
#include <algorithm>
#include <array>
#include <cctype>

#include "hardock/dockerfile/ascii.h"
#include "hardock/dockerfile/expand.h"
#include "hardock/dockerfile/parse_steps.h"

namespace hardock::dockerfile {
namespace stage_detail {

// Arguments BuildKit defines in the global scope; their values depend on the build.
constexpr std::string_view kPlatformArgs[] = {
    "BUILDPLATFORM",  "BUILDOS",  "BUILDARCH",  "BUILDVARIANT",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Bytes that make expand_word() do more than copy a word: quotes, '$', and the file's escape
// character (a directive makes it '`' rather than '\\'; the other one is plain).
constexpr std::array<bool, 256> kSpecialBackslash = bytes_of("'\"$\\");
constexpr std::array<bool, 256> kSpecialBacktick = bytes_of("'\"$`");

bool valid_stage_name(std::string_view name) {  // ^[a-z][a-z0-9-_\.]*$ after lowercasing
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

class Resolver {
 public:
  Resolver(Dockerfile& file, DiagnosticSink& sink) : file_(file), sink_(sink) {}

  void run() {
    for (std::size_t idx = 0; idx < file_.instructions.size(); ++idx) {
      Instruction& inst = file_.instructions[idx];
      if (inst.keyword == Keyword::kFrom) {
        start_stage(idx, inst);
        continue;
      }
      if (file_.stages.empty()) {
        if (inst.keyword == Keyword::kArg) {
          file_.meta_args.push_back(idx);
          declare(inst, meta(), nullptr);
        } else if (inst.keyword != Keyword::kUnknown) {
          sink_.error(inst.pos, "missing-from",
                      std::string(keyword_name(inst.keyword)) +
                          " before the first FROM: only ARG may come before FROM");
        }
        continue;
      }
      inst.stage = file_.stages.size() - 1;
      file_.stages.back().last_instruction = idx;
      in_stage(idx, inst);
    }
    if (file_.stages.empty()) {
      sink_.error(file_.instructions.empty() ? Position{1, 1} : file_.instructions.front().pos,
                  file_.instructions.empty() ? "no-instructions" : "missing-from",
                  file_.instructions.empty() ? "the Dockerfile has no instructions"
                                             : "the Dockerfile has no FROM instruction");
    }
  }

 private:
  // The global scope: the platform arguments, then the ARGs before the first FROM. Filled on
  // first use: most files expand nothing in it (no '$' in their FROM lines).
  Env& meta() {
    if (!meta_ready_) {
      meta_.reserve(std::size(kPlatformArgs) + 4);
      for (const auto name : kPlatformArgs) meta_.insert_or_assign(name, std::nullopt);
      meta_ready_ = true;
    }
    return meta_;
  }

  // A word without quote, escape or '$' expands to itself (expand_word's own shortcut), and
  // most words already hold that value: nothing to copy. True when `word` was such a word.
  bool expand_plain(Word& word) const {
    const std::array<bool, 256>& special =
        file_.escape == '`' ? kSpecialBacktick : kSpecialBackslash;
    for (const char c : word.raw) {
      if (special[static_cast<unsigned char>(c)]) return false;  // one table test per byte
    }
    word.same_value();
    word.complete = true;
    return true;
  }

  // expand() in the global scope.
  void expand_meta(Word& word) {
    if (!expand_plain(word)) expand(word, meta());
  }

  // `dst` was copied from `src` before `src` was expanded: brings it up to date, copying only
  // what changed (for most words nothing).
  static void sync(Word& dst, const Word& src) {
    if (dst.raw != src.raw) dst.raw = src.raw;
    if (dst.value() != src.value()) dst.set_value(src.value());
    dst.pos = src.pos;
    dst.complete = src.complete;
  }

  // Expands `word` in `env`; reports malformed words.
  void expand(Word& word, const Env& env) {
    if (expand_plain(word)) return;
    Expanded result = expand_word(word.raw, env, file_.escape);
    if (!result.error.empty()) {
      sink_.error(word.pos, "bad-word", result.error + " in '" + word.raw + "'");
      word.same_value();
      word.complete = false;
      return;
    }
    word.set_value(std::move(result.value));
    word.complete = result.complete;
  }

  // ARG: in the global scope (stage_env == nullptr) or in a stage.
  void declare(Instruction& inst, Env& env, const Env* meta) {
    auto* decls = std::get_if<std::vector<ArgDecl>>(&inst.typed);
    if (decls == nullptr) return;
    for (auto& decl : *decls) {
      expand(decl.name, env);
      Env::Value value;
      if (decl.default_value) {
        expand(*decl.default_value, env);
        if (decl.default_value->complete) value = decl.default_value->value();
      } else if (meta != nullptr) {  // ARG NAME in a stage takes the global value
        if (const Env::Value* found = meta->find(decl.name.value())) value = *found;
      } else {
        if (const Env::Value* found = env.find(decl.name.value())) value = *found;
      }
      env.insert_or_assign(decl.name.value(), std::move(value));
    }
  }

  void start_stage(std::size_t idx, Instruction& inst) {
    Stage stage;
    stage.index = file_.stages.size();
    stage.from_instruction = idx;
    stage.last_instruction = idx;
    inst.stage = stage.index;
    for (auto& flag : inst.flags) {
      if (flag.value) expand_meta(flag.expanded);
    }
    auto* from = std::get_if<FromArgs>(&inst.typed);
    if (from != nullptr && !inst.args.empty()) {
      expand_meta(from->image);
      sync(inst.args[0], from->image);
      stage.base = from->image.value();
      stage.base_complete = from->image.complete;
      if (const auto base = find_earlier(stage.base)) {
        from->base_stage = base;
        stage.base_stage = base;
        file_.stage_refs.push_back({idx, stage.base, from->image.pos, base});
      }
      if (from->stage_name) {
        const std::string_view name = from->stage_name->value();
        if (!valid_stage_name(name)) {
          sink_.error(from->stage_name->pos, "bad-stage-name",
                      "invalid name for build stage: '" + from->stage_name->raw +
                          "', name can't start with a number or contain symbols");
        } else if (find_earlier(name)) {
          sink_.error(from->stage_name->pos, "duplicate-stage-name",
                      "duplicate stage name '" + std::string(name) + "'");
        }
        stage.name = name;
      }
    }
    // ENV values live in the image, so a stage built FROM an earlier one inherits them; ARGs
    // do not outlive their stage.
    if (!file_.stages.empty()) stage_env_vars_.push_back(std::move(env_vars_));
    env_vars_.clear();  // moved from: valid, emptied for the new stage
    if (stage.base_stage && *stage.base_stage < stage_env_vars_.size()) {
      env_vars_ = stage_env_vars_[*stage.base_stage];
    }
    env_ = env_vars_;
    file_.stages.push_back(std::move(stage));
  }

  std::optional<std::size_t> find_earlier(std::string_view name) const {
    for (const auto& stage : file_.stages) {  // names are lowercased: no lowered copy of `name`
      if (!stage.name.empty() && iequals(name, stage.name)) return stage.index;
    }
    return std::nullopt;
  }

  void reference(std::size_t idx, const Instruction& inst, const Word& word) {
    StageRef ref{idx, std::string(word.value()), word.pos, std::nullopt};
    if (word.complete) ref.stage = file_.find_stage(word.value());
    const std::size_t current = *inst.stage;
    const bool numeric =
        !word.value().empty() && std::all_of(word.value().begin(), word.value().end(),
                                             [](char c) { return c >= '0' && c <= '9'; });
    if (ref.stage && *ref.stage == current) {
      sink_.error(word.pos, "self-reference",
                  "--from refers to its own stage '" + std::string(word.value()) +
                      "' (circular dependency)");
    } else if (!ref.stage && numeric && word.complete) {
      sink_.error(word.pos, "bad-stage-index",
                  "--from=" + std::string(word.value()) + ": there is no stage with this index (" +
                      std::to_string(file_.stages.size()) + " so far)");
    } else if (!ref.stage && find_later(word.value(), idx)) {
      ref.stage = find_later(word.value(), idx);  // resolved once the later FROM is read
    }
    file_.stage_refs.push_back(std::move(ref));
  }

  // A stage named after the current instruction (BuildKit builds a graph, so --from may name
  // a stage defined further down).
  std::optional<std::size_t> find_later(std::string_view name, std::size_t idx) const {
    std::size_t stage_index = file_.stages.size();
    for (std::size_t k = idx + 1; k < file_.instructions.size(); ++k) {
      const Instruction& other = file_.instructions[k];
      if (other.keyword != Keyword::kFrom) continue;
      const auto* from = std::get_if<FromArgs>(&other.typed);
      if (from != nullptr && from->stage_name && iequals(from->stage_name->raw, name)) {
        return stage_index;
      }
      ++stage_index;
    }
    return std::nullopt;
  }

  void in_stage(std::size_t idx, Instruction& inst) {
    switch (inst.keyword) {
      case Keyword::kArg:
        declare(inst, env_, &meta());
        return;
      case Keyword::kEnv: {
        auto* pairs = std::get_if<std::vector<KeyValue>>(&inst.typed);
        if (pairs == nullptr) return;
        for (auto& pair : *pairs) {  // all expanded with the scope before this ENV
          expand(pair.key, env_);
          expand(pair.value, env_);
        }
        for (const auto& pair : *pairs) {
          Env::Value value;
          if (pair.value.complete) value = pair.value.value();
          env_.insert_or_assign(pair.key.value(), value);
          env_vars_.insert_or_assign(pair.key.value(), std::move(value));
        }
        return;
      }
      case Keyword::kLabel:
        if (auto* pairs = std::get_if<std::vector<KeyValue>>(&inst.typed)) {
          for (auto& pair : *pairs) {
            expand(pair.key, env_);
            expand(pair.value, env_);
          }
        }
        return;
      case Keyword::kAdd:
      case Keyword::kCopy:
        copy_like(idx, inst);
        return;
      case Keyword::kRun:
        for (auto& flag : inst.flags) {
          if (flag.name != "mount" || !flag.value) continue;
          for (const auto& mount : inst.mounts) {
            const auto from = mount.option("from");
            if (from && !from->empty()) {
              Word word = make_word(inst, std::string(*from), 0);
              word.pos = flag.pos;
              expand(word, env_);
              reference(idx, inst, word);
            }
          }
          break;
        }
        return;
      case Keyword::kExpose:
        expose(inst);
        return;
      case Keyword::kUser:
        if (auto* user = std::get_if<UserArgs>(&inst.typed)) {
          expand(user->user, env_);
          sync(inst.args[0], user->user);
          const std::string_view value = user->user.value();
          const std::size_t colon = value.find(':');
          user->name = value.substr(0, colon);
          if (colon != std::string::npos) user->group = value.substr(colon + 1);
        }
        return;
      case Keyword::kWorkdir:
      case Keyword::kStopsignal:
      case Keyword::kVolume:
        for (auto& word : inst.args) expand(word, env_);
        return;
      default:
        return;
    }
  }

  void copy_like(std::size_t idx, Instruction& inst) {
    auto* copy = std::get_if<CopyArgs>(&inst.typed);
    for (auto& flag : inst.flags) {
      if (flag.value) expand(flag.expanded, env_);
      if (flag.name == "from" && flag.value && inst.keyword == Keyword::kCopy) {
        reference(idx, inst, flag.expanded);
      }
    }
    if (copy == nullptr) return;
    for (std::size_t k = 0; k < copy->sources.size(); ++k) {
      if (!copy->source_heredoc[k]) expand(copy->sources[k], env_);
    }
    if (copy->destination) expand(*copy->destination, env_);
    for (std::size_t k = 0; k < copy->sources.size() && k < inst.args.size(); ++k) {
      sync(inst.args[k], copy->sources[k]);
    }
    if (copy->destination && !inst.args.empty()) sync(inst.args.back(), *copy->destination);
  }

  void expose(Instruction& inst) {
    auto* ports = std::get_if<std::vector<PortSpec>>(&inst.typed);
    if (ports == nullptr) return;
    for (std::size_t k = 0; k < ports->size(); ++k) {
      PortSpec& port = (*ports)[k];
      expand(port.word, env_);
      sync(inst.args[k], port.word);
      if (!port.word.complete) continue;
      std::string_view spec = port.word.value();
      const std::size_t slash = spec.find('/');
      if (slash != std::string_view::npos) {
        port.protocol = lower(spec.substr(slash + 1));
        spec = spec.substr(0, slash);
      }
      std::string problem;
      if (spec.find(':') != std::string_view::npos) {
        problem = "port mappings are not allowed in EXPOSE";
      } else if (port.protocol != "tcp" && port.protocol != "udp" && port.protocol != "sctp") {
        problem = "protocol must be tcp, udp or sctp";
      } else {
        const std::size_t dash = spec.find('-');
        const auto number = [](std::string_view text, std::uint32_t& out) {
          if (text.empty() || text.size() > 5) return false;
          out = 0;
          for (const char c : text) {
            if (c < '0' || c > '9') return false;
            out = out * 10 + static_cast<std::uint32_t>(c - '0');
          }
          return out <= 65535;
        };
        const bool ok = dash == std::string_view::npos
                            ? number(spec, port.first)
                            : number(spec.substr(0, dash), port.first) &&
                                  number(spec.substr(dash + 1), port.last);
        if (dash == std::string_view::npos) port.last = port.first;
        if (!ok) {
          problem = "not a port number (0-65535) or range";
        } else if (port.last < port.first) {
          problem = "the range ends before it starts";
        }
      }
      if (!problem.empty()) {
        sink_.error(port.word.pos, "invalid-port",
                    "invalid port '" + std::string(port.word.value()) + "' in EXPOSE: " + problem);
        continue;
      }
      port.valid = true;
    }
  }

  Dockerfile& file_;
  DiagnosticSink& sink_;
  Env meta_;  // see meta()
  bool meta_ready_ = false;
  Env env_;                          // the current stage's scope (ARG and ENV)
  Env env_vars_;                     // its ENV variables alone
  std::vector<Env> stage_env_vars_;  // ENV variables of each finished stage
};

}  // namespace stage_detail

void resolve_stages(Dockerfile& file, DiagnosticSink& sink) {
  stage_detail::Resolver(file, sink).run();
}

}  // namespace hardock::dockerfile
