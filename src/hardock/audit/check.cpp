#include "hardock/audit/check.h"

#include "hardock/docker/network_zones.h"
#include "hardock/docker/snapshot_index.h"
#include "hardock/dockerfile/subject.h"

namespace hardock::audit {

std::string_view to_string(Input input) {
  switch (input) {
    case Input::kEngine:
      return "engine";
    case Input::kHost:
      return "host";
    case Input::kEngineOrHost:
      return "engine or host";
    case Input::kImage:
      return "image";
    case Input::kImageFiles:
      return "image files";
    case Input::kVulnerabilities:
      return "vulnerability database";
    case Input::kDockerfile:
      return "Dockerfile";
    case Input::kPolicy:
      return "policy";
  }
  return "unknown";
}

const docker::SnapshotIndex& AuditContext::index() const {
  if (!built_index) built_index = std::make_shared<const docker::SnapshotIndex>(engine);
  return *built_index;
}

const docker::NetworkZones& AuditContext::zones() const {
  if (!built_zones) {
    built_zones = std::make_shared<const docker::NetworkZones>(index(), config.sensitivity_label,
                                                               config.sensitivity_levels);
  }
  return *built_zones;
}

core::Target container_target(const docker::Container& container) {
  return {core::TargetKind::kContainer, container.id, container.name};
}

core::Target network_target(const docker::Network& network) {
  return {core::TargetKind::kNetwork, network.id, network.name};
}

core::Target engine_target(const docker::EngineSnapshot& engine) {
  std::string name = engine.info.name.empty() ? engine.endpoint : engine.info.name;
  return {core::TargetKind::kEngine, engine.endpoint, name};
}

core::Target image_target(const image::ImageSubject& image) {
  return {core::TargetKind::kImage, image.id, image.name};
}

core::Target host_target(const host::HostSnapshot& host) {
  return {core::TargetKind::kHost, host.root, host.root};
}

core::Target dockerfile_target(const dockerfile::DockerfileSubject& subject) {
  return {core::TargetKind::kDockerfile, subject.path, subject.path};
}

namespace {

// Fills a default-constructed finding: assigned in place, the path copied three times and
// nothing else (a Target and a SourceLocation built and moved in cost as much again).
void fill_dockerfile_finding(core::Finding& finding, const core::CheckInfo& info,
                             const dockerfile::DockerfileSubject& subject,
                             const dockerfile::Position& pos, std::string&& evidence) {
  core::fill_from_check(finding, info);
  finding.target.kind = core::TargetKind::kDockerfile;
  finding.target.id = subject.path;
  finding.target.name = subject.path;
  finding.evidence = std::move(evidence);
  finding.location.file = subject.path;
  finding.location.line = pos.line;
  finding.location.column = pos.column;
}

}  // namespace

core::Finding dockerfile_finding(const core::CheckInfo& info,
                                 const dockerfile::DockerfileSubject& subject,
                                 const dockerfile::Position& pos, std::string evidence) {
  core::Finding finding;
  fill_dockerfile_finding(finding, info, subject, pos, std::move(evidence));
  return finding;
}

core::Finding& add_dockerfile_finding(std::vector<core::Finding>& out, const core::CheckInfo& info,
                                      const dockerfile::DockerfileSubject& subject,
                                      const dockerfile::Position& pos, std::string evidence) {
  core::Finding& finding = out.emplace_back();
  fill_dockerfile_finding(finding, info, subject, pos, std::move(evidence));
  return finding;
}

}  // namespace hardock::audit
