// Network segmentation plan: one network per sensitivity level, and the moves that put each
// labelled container on the network of its own level.
//
//   auto plan = plan_networks(snapshot, audit_config, {});
//   std::string script = render_network_script(*plan);   // docker network create/connect/...
//
// Rules:
//   - one bridge network per level in use, "<prefix><level>", labelled with the level, icc off
//     (com.docker.network.bridge.enable_icc=false) and --internal for every level above the
//     lowest (no gateway: nothing in it reaches or is reached from outside);
//   - a labelled container leaves every network that does not fit its level (the default
//     bridge, a network holding other or unlabelled containers, a non-internal network for a
//     sensitive level, a network with icc on) for the network of its level; networks that
//     already fit are kept;
//   - left in place and listed for a decision: containers without a level (or with an unknown
//     one), containers that bridge levels (moving them would cut what they route), and
//     containers in network mode host, none or container:<id> (they have no network of their
//     own to move).
// The findings the plan fixes come from running the network checks (HDK-N-*) on the snapshot
// and on the snapshot as the plan leaves it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"

namespace hardock::harden {

struct PlannedNetwork {
  std::string name;  // "hardock-restricted"
  std::string level;
  bool internal = false;
  std::map<std::string, std::string> options;  // driver options (-o)
  std::map<std::string, std::string> labels;
  bool exists = false;  // already in the snapshot with these properties: not created again
};

struct NetworkMove {
  std::string container;  // name
  std::string level;
  std::vector<std::string> from_networks;  // disconnected (after the connect)
  std::string to_network;                  // connected first, so the container is never cut off
  std::vector<std::string> notes;          // e.g. published ports an internal network ends
  std::string compose_project;             // label com.docker.compose.project, "" if none
  std::string compose_service;
};

enum class DecisionKind { kUnlabelled, kUnknownLevel, kBridgesLevels, kNetworkMode };

struct NetworkDecision {
  std::string container;
  DecisionKind kind = DecisionKind::kUnlabelled;
  std::string reason;  // what hardock saw and why it did not move the container
};

// A finding the plan removes: "HDK-N-008 app".
struct FixedFinding {
  std::string code;
  std::string slug;
  std::string target;
};

struct NetworkPlan {
  std::string sensitivity_label;
  std::vector<std::string> levels;  // low -> high
  std::vector<PlannedNetwork> networks;
  std::vector<NetworkMove> moves;
  std::vector<NetworkDecision> decisions;
  std::vector<FixedFinding> fixes;
  std::vector<std::string> notes;
};

struct NetworkPlanOptions {
  std::string name_prefix = "hardock-";
};

// Fails with kInvalidArgument when a level cannot be part of a network name, or when a network
// of the planned name exists with other properties (not internal, icc on, another level): the
// plan would otherwise put sensitive containers on it.
[[nodiscard]] core::Result<NetworkPlan> plan_networks(const docker::EngineSnapshot& snapshot,
                                                      const audit::AuditConfig& config,
                                                      const NetworkPlanOptions& options = {});

// The snapshot as the plan leaves it (planned networks added, moves applied): what the checks
// judge to know what the plan fixes.
[[nodiscard]] docker::EngineSnapshot apply_network_plan(const docker::EngineSnapshot& snapshot,
                                                        const NetworkPlan& plan);

// A POSIX sh script: a header comment (levels, findings fixed, decisions left), then
// `docker network create`, `docker network connect` and `docker network disconnect` commands,
// and for Compose-managed containers the networks stanza that keeps the move across `up`.
[[nodiscard]] std::string render_network_script(const NetworkPlan& plan);

}  // namespace hardock::harden
