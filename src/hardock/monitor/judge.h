// One object judged by the audit's checks, alone: what the authorization plugin does with a
// request and the watcher with an object that just changed.
#pragma once

#include <string>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/core/finding.h"
#include "hardock/docker/snapshot.h"

namespace hardock::monitor {

// The container checks that read a container's configuration. Not sshd-running (it reads
// processes, which a container about to be created has none of), nor exec-sessions unless
// `with_execs`.
[[nodiscard]] std::vector<std::string> container_checks(bool with_execs);

// Runs `codes` on a snapshot holding `container` and `networks`; the container's own findings.
[[nodiscard]] std::vector<core::Finding> judge_container(
    const docker::Container& container, const std::vector<docker::Network>& networks,
    const audit::AuditConfig& config, std::vector<std::string> codes);

// The checks that judge one kind of engine object (an image, a network, the daemon) from the
// engine's answers alone: its own configuration (an image's with its history), no host files,
// no image layers.
[[nodiscard]] std::vector<std::string> object_checks(core::TargetKind kind);

// Runs `codes` on `snapshot` (its images as the image checks see an engine's: configuration and
// history); the findings about objects of `kind`.
[[nodiscard]] std::vector<core::Finding> judge_snapshot(const docker::EngineSnapshot& snapshot,
                                                        const audit::AuditConfig& config,
                                                        std::vector<std::string> codes,
                                                        core::TargetKind kind);

}  // namespace hardock::monitor
