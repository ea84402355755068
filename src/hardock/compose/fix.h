// The hardened override of a Compose project (`hardock lint --fix` on a Compose file): the
// hardening `hardock harden` applies to a running container, planned from the declared
// configuration alone, written as an override file for
//
//   docker compose -f compose.yml -f compose.hardened.yml up -d
//
// Each service's container is planned by harden::harden_container from the same inspect
// document to_snapshot() decodes (compose/inspect.h), with nothing observed (no process list,
// no usage, no changes, the image's USER unknown): hardening stays conservative where it could
// not look (baseline keeps a root user and a writable root it cannot rule out needing, and lists
// each as an exception); limits take harden::HardenOptions' defaults. The file comes from
// harden::generate_compose_overrides, keyed on the com.docker.compose labels to_snapshot sets.
#pragma once

#include <string>

#include "hardock/compose/project.h"
#include "hardock/core/result.h"
#include "hardock/harden/compose_override.h"
#include "hardock/harden/container_hardening.h"
#include "hardock/harden/level.h"

namespace hardock::compose {

struct HardenedOverride {
  std::string path;              // compose.hardened.yml in the directory of the first -f file
  harden::ComposeOverride file;  // file.text: the YAML; file.base_edits: entries to remove by hand
  std::vector<harden::HardenedContainer> containers;  // the plan per service, with its reasons
};

// Fails (kInvalidArgument) for a project with no service, or when the generator refuses it
// (its message says why).
[[nodiscard]] core::Result<HardenedOverride> hardened_override(
    const ComposeProject& project, harden::Level level = harden::Level::kBaseline,
    const harden::HardenOptions& options = {},
    const harden::ComposeOverrideOptions& override_options = {});

}  // namespace hardock::compose
