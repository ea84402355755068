// The hardening plan: every generator run over one snapshot (plan_make.cpp), rendered
// (plan_render.cpp) into the plan directory (plan_write.cpp):
//
//   hardening/                       created 0700, or empty (or --force)
//     README.md                      what is in the plan, per artefact the findings it fixes
//     plan.json                      the same, machine-readable (schema hardock.harden-plan/1)
//     daemon.json                    the merged file (and daemon.json.md: changes, conflicts)
//     containers/DIR/recreate.sh     `docker run` that recreates the container as it is
//     containers/DIR/hardened.sh     the hardened one, header: fixes, reasoning, exceptions
//     containers/DIR/seccomp.json    its seccomp profile (referenced by hardened.sh)
//     containers/DIR/apparmor.profile, selinux.txt
//     compose/DIR/compose.hardened.yml
//     networks/segmentation.sh
//
// DIR is the container's (or Compose project's) name when that is a portable file name, else a
// safe one made from it (FileNames); plan.json maps each name to its DIR. Nothing is written
// outside the plan directory, never through a link (io::Directory). plan.json, recreate.sh and
// hardened.sh carry the containers' environment (secrets included: a recreate needs them), so
// every file is 0600 (scripts 0700) in a 0700 directory; what is shown to a human (README.md,
// the terminal) redacts secret-looking values (redact.h).
//
// Every string from the engine is escaped for the language it lands in (io/escape.h): shell
// words and comments, YAML, JSON, Markdown. A container whose configuration holds a value a
// shell word cannot carry (a NUL byte), or whose inspect does not read, is refused by name
// (HardeningPlan::refused) instead of being rendered differently.
//
// Which findings a container artefact fixes is not asserted by hand: the audit's own checks run
// over the container as it is and over the hardened spec (simulated_inspect), and the codes that
// disappear are the ones listed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/audit/config.h"
#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"
#include "hardock/harden/compose_override.h"
#include "hardock/harden/container_hardening.h"
#include "hardock/harden/daemon_json.h"
#include "hardock/harden/level.h"
#include "hardock/harden/network_plan.h"
#include "hardock/harden/seccomp_profile.h"
#include "hardock/host/host_snapshot.h"
#include "hardock/io/file_write.h"

namespace hardock::harden {

inline constexpr std::string_view kPlanSchema = "hardock.harden-plan/1";

struct PlanRequest {
  const docker::EngineSnapshot* engine = nullptr;  // required
  const nlohmann::json* document = nullptr;        // the snapshot document: containers[].inspect
  const host::HostSnapshot* host = nullptr;        // the daemon part needs it
  audit::AuditConfig config;
  Level level = Level::kBaseline;
  std::map<std::string, Observations> observations;  // by container id
  HardenOptions options;
  std::string output_dir;  // absolute: hardened.sh refers to its profiles by path
  // Where a container labelled public (config.sensitivity_label = the lowest level) publishes its
  // ports (--publish-address); empty: loopback like every other container, with an exception.
  std::string publish_address;
  // daemon.json: where it is and what it holds now (nullopt: absent). Empty path: no daemon part.
  std::string daemon_json_path;
  std::optional<std::string> daemon_json_text;
};

struct ContainerPlan {
  HardenedContainer hardened;
  std::vector<std::string> findings_before;  // check codes on this container now
  std::vector<std::string> fixes;            // codes the hardened spec no longer raises
  std::vector<std::string> remaining;        // codes it still raises (need a decision)
  SeccompProfile seccomp;
  std::string seccomp_path;
  std::string apparmor_name;
  std::string apparmor_text;
  std::vector<std::string> selinux_options;
  std::vector<std::string> selinux_notes;
  std::vector<std::string> observation_errors;  // what observe_container could not read
  std::string dir_name;                         // DIR: containers/DIR in the plan directory
  std::string dir;                              // output_dir/containers/DIR
};

// A container the plan leaves out, and why (one line, naming it).
struct RefusedContainer {
  std::string name;
  std::string id;
  std::string reason;
};

struct HardeningPlan {
  Level level = Level::kBaseline;
  std::optional<DaemonJsonPlan> daemon;
  std::optional<std::string> daemon_current;  // the text the plan was made from
  std::string daemon_refusal;  // why no daemon.json was planned (malformed, conflicting)
  std::vector<ContainerPlan> containers;
  std::optional<NetworkPlan> networks;
  std::vector<ComposeOverride> compose;             // `refused` set: no file for that project
  std::map<std::string, std::string> compose_dirs;  // project -> DIR (compose/DIR)
  std::vector<RefusedContainer> refused;
  std::vector<std::string> notes;

  [[nodiscard]] const ContainerPlan* find(std::string_view name) const;
};

[[nodiscard]] core::Result<HardeningPlan> make_plan(const PlanRequest& request);

// Writes the plan into `dir` (io::Directory::create_fresh made it). Returns the files written,
// relative to it. Fails on the first file that cannot be written, naming it.
[[nodiscard]] core::Result<std::vector<std::string>> write_plan(const HardeningPlan& plan,
                                                                const io::Directory& dir);

// The RunSpec --apply creates: the hardened spec with seccomp=PATH replaced by the profile's JSON
// (the engine wants the profile itself; the docker CLI reads the file for the user).
[[nodiscard]] RunSpec spec_for_engine(const ContainerPlan& container);

}  // namespace hardock::harden
