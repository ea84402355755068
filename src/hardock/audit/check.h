// The check: static metadata, a bad and a good example, and a pure function.
//
// A check lives in one file under checks/<area>/ and is listed once in
// registry.cpp. The examples are snapshot fragments in the on-disk snapshot
// format (see docker/snapshot.h); the registry test decodes them and asserts
// that `bad` fires and `good` does not.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/core/finding.h"
#include "hardock/docker/snapshot.h"
#include "hardock/host/host_snapshot.h"
#include "hardock/image/subject.h"

namespace hardock::dockerfile {
struct DockerfileSubject;  // dockerfile/subject.h
struct Position;           // dockerfile/diagnostic.h
}  // namespace hardock::dockerfile

namespace hardock::docker {
class SnapshotIndex;  // docker/snapshot_index.h
class NetworkZones;   // docker/network_zones.h
}  // namespace hardock::docker

namespace hardock::audit {

struct AuditContext {
  const docker::EngineSnapshot& engine;
  const AuditConfig& config;
  // The host the engine runs on; nullptr when the host was not read (e.g. a remote engine, or a
  // snapshot without a "host" part). The runner does not run kHost checks then.
  const host::HostSnapshot* host = nullptr;
  // False when no engine was read (`audit --host-root DIR` alone): the runner does not run
  // kEngine checks, and kEngineOrHost checks judge the host alone.
  bool engine_present = true;
  // The images judged by the image checks; nullptr when none was read. Each subject's tree and
  // inventory are set only when its layers were walked.
  const std::vector<image::ImageSubject>* images = nullptr;
  // The Dockerfiles judged by the Dockerfile checks (`hardock lint`); nullptr when none.
  const std::vector<dockerfile::DockerfileSubject>* dockerfiles = nullptr;

  // The engine snapshot's lookups by id and name, and its network membership and sensitivity
  // zones under `config`: built on first use, then shared by every check of the audit. Checks
  // use these, never a scan of all containers inside a per-container loop (O(n^2) at 100,000
  // containers). Not thread-safe: one context per thread.
  [[nodiscard]] const docker::SnapshotIndex& index() const;
  [[nodiscard]] const docker::NetworkZones& zones() const;

  // What index() and zones() built; not an input.
  mutable std::shared_ptr<const docker::SnapshotIndex> built_index = nullptr;
  mutable std::shared_ptr<const docker::NetworkZones> built_zones = nullptr;
};

// What a check reads. The runner, not the check, decides that a check cannot run: when its
// input is absent from this audit (no engine with --host-root alone, no host part in a
// snapshot, a remote engine's host), the check is reported as not run, with the reason, and
// never counts as passed.
enum class Input {
  kEngine,        // the engine's answers (containers, networks, images, /info, /version)
  kHost,          // the host tree (files, daemon configuration, LSM, exposure)
  kEngineOrHost,  // the daemon, judged from whichever of the two was read (both when both)
  kImage,         // images' configurations (the images containers use, or `hardock image`)
  kImageFiles,    // images' file trees and package inventories (layers walked)
  // Images' inventories matched against the vulnerability database (layers walked and a
  // database given: `hardock db import`).
  kVulnerabilities,
  kDockerfile,  // Dockerfiles (`hardock lint`)
  // The run's own policy (its waivers, AuditConfig::waivers): always there. Its examples are
  // audit config documents (parse_audit_config), judged on 2026-06-01.
  kPolicy,
};
std::string_view to_string(Input input);

struct Check;
using CheckFn = std::vector<core::Finding> (*)(const Check& self, const AuditContext& context);
// A check that appends its findings to `out`, which may already hold other checks' findings:
// the runner gives every such check one vector, so that a finding is made in place and moved
// only once more, into the sorted result (a vector per check moved each one three times).
using CheckAppendFn = void (*)(const Check& self, const AuditContext& context,
                               std::vector<core::Finding>& out);

struct Check {
  core::CheckInfo info;
  Input needs = Input::kEngine;
  // Snapshot fragments (a Dockerfile's text for kDockerfile checks): `bad` must produce at least
  // one finding, `good` none.
  std::string_view bad;
  std::string_view good;
  CheckFn run = nullptr;  // every check has it; collect<append> for one that has `append`
  // Set by checks that can append (the runner then calls it instead of `run`).
  CheckAppendFn append = nullptr;
  // The check matches waivers to its findings itself (match_waiver with more than check and
  // target: HDK-I-014's advisory ids); the runner's own pass leaves its findings alone.
  bool applies_waivers = false;
};

// `run` of a check written as `append`.
template <CheckAppendFn Append>
std::vector<core::Finding> collect(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> out;
  Append(self, context, out);
  return out;
}

// Helpers shared by checks.
core::Target container_target(const docker::Container& container);
core::Target network_target(const docker::Network& network);
core::Target engine_target(const docker::EngineSnapshot& engine);
core::Target host_target(const host::HostSnapshot& host);
core::Target image_target(const image::ImageSubject& image);
core::Target dockerfile_target(const dockerfile::DockerfileSubject& subject);
// A failing finding about `subject`, located at `pos` (to the end of that line).
core::Finding dockerfile_finding(const core::CheckInfo& info,
                                 const dockerfile::DockerfileSubject& subject,
                                 const dockerfile::Position& pos, std::string evidence);
// The same finding made in place at the end of `out`.
core::Finding& add_dockerfile_finding(std::vector<core::Finding>& out, const core::CheckInfo& info,
                                      const dockerfile::DockerfileSubject& subject,
                                      const dockerfile::Position& pos, std::string evidence);

}  // namespace hardock::audit
