// CIS 4.10 for files: a private key, .env, .npmrc or cloud credential COPY'd or ADD'ed into the
// image goes wherever the image goes. Stage-aware: a secret file copied into a build stage
// that the image is not built FROM stays out of the image (the usual way to use one at build
// time without BuildKit secrets), unless a later COPY --from brings it into the image.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_secret_file_copied {

namespace rules = dockerfile_rules;

// A secret file some stage holds: where it is in that stage, and the COPY that put it there.
struct Held {
  std::string path;
  std::string rule;
  std::uint32_t line = 0;
};
constexpr std::size_t kMaxHeldPerStage = 64;

// The rule a source's name matches; "key-material-file" (*.pem, *.key ...) is left out, since
// a certificate alone is no secret and the Dockerfile does not show the content.
std::optional<std::string> secret_rule(std::string_view source) {
  auto rule = secrets::file_rule(source);
  if (!rule || *rule == "key-material-file") return std::nullopt;
  return rule;
}

std::string basename(std::string_view path) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Where `source` lands: into the directory `dest` when it ends with '/' or there are several
// sources, else at `dest` itself; relative destinations are under the stage's WORKDIR.
std::string landing(const std::string& workdir, std::string_view dest, std::string_view source,
                    bool several) {
  const std::string target = rules::join_path(workdir, dest);
  if (dest.ends_with('/') || rules::equals(dest, ".") || several) {
    return rules::join_path(target, basename(source));
  }
  return target;
}

// The part of a COPY --from source before any wildcard, as a path in the other stage (whose
// root, not WORKDIR, relative sources are taken from).
std::string from_prefix(std::string_view source) {
  const auto wild = source.find_first_of("*?[");
  std::string_view fixed = source.substr(0, wild);
  if (wild != std::string_view::npos) {
    const auto slash = fixed.rfind('/');
    fixed = slash == std::string_view::npos ? std::string_view{} : fixed.substr(0, slash);
  }
  return rules::normalize_path(fixed);
}

bool covers(const std::string& prefix, const std::string& path) {
  return rules::equals(prefix, "/") || path == prefix ||
         (path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '/');
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const auto& file = subject.file;
    const auto& in_image = rules::image_stages(subject);
    std::vector<std::vector<Held>> held(file.stages.size());
    std::vector<std::string> workdir(file.stages.size(), "/");
    auto hold = [&](std::size_t stage, Held entry) {
      if (held[stage].size() < kMaxHeldPerStage) held[stage].push_back(std::move(entry));
    };
    for (const auto& inst : file.instructions) {
      if (!inst.stage || *inst.stage >= file.stages.size()) continue;
      const std::size_t stage = *inst.stage;
      const bool image = in_image[stage];
      if (inst.keyword == rules::Keyword::kFrom) {
        if (const auto base = file.stages[stage].base_stage; base && *base < stage) {
          held[stage] = held[*base];
          workdir[stage] = workdir[*base];
        }
        continue;
      }
      if (inst.keyword == rules::Keyword::kWorkdir) {
        if (!inst.args.empty() && inst.args[0].complete) {
          workdir[stage] = rules::join_path(workdir[stage], inst.args[0].value());
        }
        continue;
      }
      if (inst.keyword != rules::Keyword::kCopy && inst.keyword != rules::Keyword::kAdd) continue;
      const auto* copy = inst.as<dockerfile::CopyArgs>();
      if (copy == nullptr || !copy->destination) continue;
      const std::string dest(copy->destination->complete ? copy->destination->value()
                                                         : std::string_view());
      const bool several = copy->sources.size() > 1;
      // COPY --from=<stage>: the sources are in that stage's file system.
      std::optional<std::size_t> from_stage;
      std::string from_name;
      if (const auto* from = inst.flag("from");
          from != nullptr && inst.keyword == rules::Keyword::kCopy) {
        from_name = from->expanded.value();
        if (from->expanded.complete) {
          if (const auto found = file.find_stage(from->expanded.value()); found && *found < stage) {
            from_stage = found;
          }
        }
      }
      for (std::size_t k = 0; k < copy->sources.size(); ++k) {
        if (k < copy->source_heredoc.size() && copy->source_heredoc[k]) continue;
        const auto& source = copy->sources[k];
        if (!source.complete) continue;
        if (const auto rule = secret_rule(source.value())) {
          if (!dest.empty()) {
            hold(stage,
                 {landing(workdir[stage], dest, source.value(), several), *rule, inst.pos.line});
          }
          if (image) {
            audit::add_dockerfile_finding(
                findings, self.info, subject, source.pos,
                rules::evidence_text("secret file ", rules::Bounded{source.value(), 80}, " (",
                                     *rule, ") copied into the image: ", rules::EvidenceOf{inst}));
          }
          continue;
        }
        if (!from_stage) continue;
        const std::string prefix = from_prefix(source.value());
        for (const Held& entry : held[*from_stage]) {
          if (!covers(prefix, entry.path)) continue;
          if (!dest.empty()) {
            const std::string suffix =
                entry.path.substr(rules::equals(prefix, "/") ? 0 : prefix.size());
            const std::string target =
                prefix == entry.path ? landing(workdir[stage], dest, entry.path, several)
                                     : rules::join_path(rules::join_path(workdir[stage], dest),
                                                        suffix.empty() ? "." : suffix.substr(1));
            hold(stage, {target, entry.rule, entry.line});
          }
          if (image) {
            audit::add_dockerfile_finding(
                findings, self.info, subject, source.pos,
                rules::evidence_text("COPY --from=", rules::Bounded{from_name, 60}, " ",
                                     rules::Bounded{source.value(), 80}, " brings ",
                                     rules::Bounded{entry.path, 80}, " (", entry.rule,
                                     ", copied into that stage at line ",
                                     std::to_string(entry.line), ") into the image"));
          }
        }
      }
    }
  }
}

}  // namespace dockerfile_secret_file_copied

extern const Check kDockerfileSecretFileCopied;  // listed in checks/list.h
const Check kDockerfileSecretFileCopied{
    .info =
        {
            .code = "HDK-B-011",
            .slug = "dockerfile-secret-file-copied",
            .title = "Secret file copied into the image",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.10",
            .cobit = "DSS05.04",
            .description =
                "Fails for a COPY or ADD source whose name is a secret file (id_rsa and the "
                "other SSH keys, .env, .npmrc, .netrc, .pgpass, .git-credentials, "
                ".aws/credentials, .docker/config.json) in the final stage or a stage it is "
                "built FROM, and for a COPY --from=<stage> there that brings such a file, "
                "copied into the other stage, into the image (by path, WORKDIR taken into "
                "account). Passes when the file only goes into a stage the image is not built "
                "from and nothing copies it out. Sources are judged by name; COPY . of a "
                "directory holding such a file cannot be seen here (see .dockerignore).",
            .remediation = "Use build secrets (RUN --mount=type=secret,id=npmrc,target="
                           "/root/.npmrc) or copy the file only into a build stage whose output "
                           "you copy selectively; list secret files in .dockerignore; rotate "
                           "what an image already shipped.",
            .equivalents = "DS-0031",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM node:22\nCOPY .npmrc /root/.npmrc\nRUN npm ci\n",
    .good =
        "FROM node:22 AS build\nCOPY .npmrc /root/.npmrc\nRUN npm ci\n"
        "FROM node:22\nCOPY --from=build /app/dist /app\n",
    .run = collect<dockerfile_secret_file_copied::run>,
    .append = dockerfile_secret_file_copied::run,
};

}  // namespace hardock::audit::checks
