// Compose override generator: for containers created by Compose (labels com.docker.compose.*),
// one compose.hardened.yml per project that applies the same hardening per service:
//
//   docker compose -f compose.yml -f compose.hardened.yml up -d        (v2)
//   docker-compose -f compose.yml -f compose.hardened.yml up -d        (v1)
//
// Fields written per service: cap_drop, cap_add, security_opt, read_only, tmpfs, user,
// mem_limit, cpus, pids_limit, ports, restart, healthcheck (and privileged: false when the
// container was privileged).
//
// Compose merges an override's sequences into the base file's instead of replacing them: v1
// (measured with docker-compose 1.29.2) appends ports (unique by address, host port, target and
// protocol), cap_add, cap_drop, security_opt and tmpfs; v2 does the same without tags. An
// override can therefore add "127.0.0.1:8080:8080/tcp" but never remove the base file's
// "80:8080". Each entry of the base file that the hardening does not keep is returned as a
// BaseEdit and listed in the file's header, in the portable dialect (the default).
// The kOverrideTags dialect marks those sequences `!override` (Compose v2.24.4 and later replace
// them); docker-compose v1 rejects the file ("could not determine a constructor for the tag
// '!override'"), so it is opt-in.
#pragma once

#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/harden/container_hardening.h"

namespace hardock::harden {

// An entry of the base compose file that an override cannot remove.
struct BaseEdit {
  std::string service;
  std::string field;   // "ports", "cap_add", "security_opt", "tmpfs"
  std::string value;   // normalised: "0.0.0.0:80:8080/tcp", "NET_ADMIN", "label=disable", "/tmp"
  std::string advice;  // one line for the header
};

struct ComposeService {
  std::string name;
  std::vector<std::string> containers;  // names; more than one when scaled
  std::vector<std::string> notes;
};

struct ComposeOverride {
  std::string project;
  std::string working_dir;                // com.docker.compose.project.working_dir
  std::vector<std::string> config_files;  // com.docker.compose.project.config_files, split
  std::string file_name = "compose.hardened.yml";
  std::vector<ComposeService> services;
  std::vector<BaseEdit> base_edits;  // empty with kOverrideTags, or when nothing must change
  std::string text;                  // the YAML file, header comment first
  // Why no file is written for this project (its labels break Compose's naming rules, or a
  // container has no service label): then text is empty. Compose never makes such labels.
  std::string refused;
};

enum class ComposeDialect {
  kPortable,      // valid for v1 and v2; entries to remove are listed as base edits
  kOverrideTags,  // v2.24.4+ only: `!override` on sequences the base file holds more of
};

struct ComposeOverrideOptions {
  ComposeDialect dialect = ComposeDialect::kPortable;
};

// One override per Compose project among `containers` (others are ignored), projects and services
// in name order. Every string from the engine is written with io::yaml_quote (keys too). A
// project whose labels Compose could not have made is returned with `refused` set and no text.
[[nodiscard]] core::Result<std::vector<ComposeOverride>> generate_compose_overrides(
    const std::vector<HardenedContainer>& containers, const ComposeOverrideOptions& options = {});

}  // namespace hardock::harden
