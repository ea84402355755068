// compare(): two snapshots, indexed once by name (containers), id (images) and fingerprint
// (findings), then walked once. Each container field is rendered to text (a scalar) or to a
// sorted list of texts (a set) by one entry of kContainerFields, so a set compares by a merge.
#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/drift/drift.h"
#include "hardock/host/host_snapshot.h"

namespace hardock::drift {
namespace {

using docker::Container;
using docker::EngineSnapshot;
using Texts = std::vector<std::string>;

std::string yes_no(bool value) { return value ? "true" : "false"; }

std::string number(int64_t value) { return value == 0 ? std::string() : std::to_string(value); }

Texts sorted(Texts texts) {
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  return texts;
}

Texts pairs(const std::map<std::string, std::string>& map) {
  Texts out;
  out.reserve(map.size());
  for (const auto& [key, value] : map) out.push_back(key + "=" + value);
  return out;  // a std::map is sorted already
}

std::string mount_text(const docker::Mount& mount) {
  std::string text = mount.type + " " +
                     (mount.type == "volume" && !mount.name.empty() ? mount.name : mount.source);
  text += " -> " + mount.destination + (mount.rw ? " (rw" : " (ro");
  if (!mount.propagation.empty()) text += ", " + mount.propagation;
  return text + ")";
}

void add_ports(Texts& out, const std::vector<docker::PortMapping>& mappings) {
  for (const auto& mapping : mappings) {
    for (const auto& binding : mapping.bindings) {
      const std::string ip = binding.host_ip.empty() ? "0.0.0.0" : binding.host_ip;
      out.push_back(ip + ":" + (binding.host_port.empty() ? "*" : binding.host_port) + "->" +
                    mapping.container_port);
    }
  }
}

// The image's digest when the snapshot holds the image, else its id.
std::string image_digest(const Container& container,
                         const std::unordered_map<std::string_view, const docker::Image*>& images) {
  if (auto image = images.find(container.image_id); image != images.end()) {
    if (!image->second->repo_digests.empty()) {
      return sorted(image->second->repo_digests).front();
    }
  }
  return container.image_id;
}

struct Context {
  const std::unordered_map<std::string_view, const docker::Image*>* images = nullptr;
};

struct ScalarField {
  const char* name;
  bool security;
  std::function<std::string(const Container&, const Context&)> text;
};
struct SetField {
  const char* name;
  std::function<Texts(const Container&)> texts;
};

const std::vector<ScalarField>& scalar_fields() {
  static const std::vector<ScalarField> kFields = {
      {"image", true, [](const Container& c, const Context&) { return c.image_ref; }},
      {"image_id", true, [](const Container& c, const Context&) { return c.image_id; }},
      {"image_digest", true,
       [](const Container& c, const Context& context) { return image_digest(c, *context.images); }},
      {"user", true, [](const Container& c, const Context&) { return c.user; }},
      {"privileged", true, [](const Container& c, const Context&) { return yes_no(c.privileged); }},
      {"readonly_rootfs", true,
       [](const Container& c, const Context&) { return yes_no(c.readonly_rootfs); }},
      {"network_mode", true, [](const Container& c, const Context&) { return c.network_mode; }},
      {"pid_mode", true, [](const Container& c, const Context&) { return c.pid_mode; }},
      {"ipc_mode", true, [](const Container& c, const Context&) { return c.ipc_mode; }},
      {"uts_mode", true, [](const Container& c, const Context&) { return c.uts_mode; }},
      {"userns_mode", true, [](const Container& c, const Context&) { return c.userns_mode; }},
      {"cgroupns_mode", true, [](const Container& c, const Context&) { return c.cgroupns_mode; }},
      {"runtime", true, [](const Container& c, const Context&) { return c.runtime; }},
      {"apparmor_profile", true,
       [](const Container& c, const Context&) { return c.apparmor_profile; }},
      {"publish_all_ports", true,
       [](const Container& c, const Context&) { return yes_no(c.publish_all_ports); }},
      {"memory", true, [](const Container& c, const Context&) { return number(c.memory); }},
      {"memory_swap", true,
       [](const Container& c, const Context&) { return number(c.memory_swap); }},
      {"nano_cpus", true, [](const Container& c, const Context&) { return number(c.nano_cpus); }},
      {"cpu_shares", true, [](const Container& c, const Context&) { return number(c.cpu_shares); }},
      {"cpu_quota", true, [](const Container& c, const Context&) { return number(c.cpu_quota); }},
      {"pids_limit", true,
       [](const Container& c, const Context&) {
         // null, 0 and -1 all mean unlimited.
         return c.pids_limit && *c.pids_limit > 0 ? std::to_string(*c.pids_limit) : std::string();
       }},
      {"status", false, [](const Container& c, const Context&) { return c.status; }},
  };
  return kFields;
}

const std::vector<SetField>& set_fields() {
  static const std::vector<SetField> kFields = {
      {"cap_add", [](const Container& c) { return sorted(c.cap_add); }},
      {"cap_drop", [](const Container& c) { return sorted(c.cap_drop); }},
      {"mounts",
       [](const Container& c) {
         Texts out;
         for (const auto& mount : c.mounts) out.push_back(mount_text(mount));
         return sorted(std::move(out));
       }},
      {"binds", [](const Container& c) { return sorted(c.binds); }},
      {"devices",
       [](const Container& c) {
         Texts out;
         for (const auto& device : c.devices) {
           out.push_back(device.path_on_host + ":" + device.path_in_container + ":" +
                         device.cgroup_permissions);
         }
         return sorted(std::move(out));
       }},
      {"ports",
       [](const Container& c) {
         // Requested and effective bindings: a stopped container has no effective ones.
         Texts out;
         add_ports(out, c.port_bindings);
         add_ports(out, c.ports);
         return sorted(std::move(out));
       }},
      {"networks",
       [](const Container& c) {
         Texts out;
         for (const auto& network : c.networks) out.push_back(network.name);
         return sorted(std::move(out));
       }},
      {"security_opt", [](const Container& c) { return sorted(c.security_opt); }},
      {"sysctls", [](const Container& c) { return pairs(c.sysctls); }},
      {"group_add", [](const Container& c) { return sorted(c.group_add); }},
      {"labels", [](const Container& c) { return pairs(c.labels); }},
  };
  return kFields;
}

// Elements of `after` not in `before` (added) and the reverse (removed); both sorted.
void set_difference(const Texts& before, const Texts& after, FieldChange& change) {
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(change.added));
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(change.removed));
}

std::vector<FieldChange> container_fields(const Container& before, const Context& before_context,
                                          const Container& after, const Context& after_context) {
  std::vector<FieldChange> changes;
  for (const auto& field : scalar_fields()) {
    std::string old_text = field.text(before, before_context);
    std::string new_text = field.text(after, after_context);
    if (old_text != new_text) {
      changes.push_back(
          {field.name, std::move(old_text), std::move(new_text), {}, {}, field.security});
    }
  }
  for (const auto& field : set_fields()) {
    const Texts old_texts = field.texts(before);
    const Texts new_texts = field.texts(after);
    if (old_texts == new_texts) continue;
    FieldChange change{field.name, {}, {}, {}, {}, true};
    set_difference(old_texts, new_texts, change);
    changes.push_back(std::move(change));
  }
  return changes;
}

// ---- daemon

void compare_scalar(std::vector<FieldChange>& out, const char* field, std::string before,
                    std::string after) {
  if (before != after) out.push_back({field, std::move(before), std::move(after), {}, {}, true});
}

void compare_set(std::vector<FieldChange>& out, const std::string& field, const Texts& before,
                 const Texts& after) {
  Texts old_texts = sorted(before);
  Texts new_texts = sorted(after);
  if (old_texts == new_texts) return;
  FieldChange change{field, {}, {}, {}, {}, true};
  set_difference(old_texts, new_texts, change);
  out.push_back(std::move(change));
}

Texts security_options(const docker::EngineInfo& info) {
  Texts out;
  for (const auto& option : info.security_options) {
    std::string text = "name=" + option.name;
    for (const auto& [key, value] : option.params) text += "," + key + "=" + value;
    out.push_back(std::move(text));
  }
  return out;
}

std::map<std::string, std::string> daemon_settings(const host::DaemonConfig& config) {
  std::map<std::string, std::string> out;
  for (const auto& setting : config.settings) {
    if (setting.origin == host::SettingOrigin::kSocket) continue;
    std::string joined;
    for (const auto& value : config.values(setting.key)) {
      if (!joined.empty()) joined += ", ";
      joined += value;
    }
    out[setting.key] = std::move(joined);
  }
  return out;
}

std::vector<FieldChange> compare_daemon(const DriftSide& before, const DriftSide& after) {
  std::vector<FieldChange> out;
  const auto& a = before.engine.info;
  const auto& b = after.engine.info;
  compare_scalar(out, "daemon.server_version", a.server_version, b.server_version);
  compare_scalar(out, "daemon.kernel_version", a.kernel_version, b.kernel_version);
  compare_scalar(out, "daemon.storage_driver", a.storage_driver, b.storage_driver);
  compare_scalar(out, "daemon.logging_driver", a.logging_driver, b.logging_driver);
  compare_scalar(out, "daemon.cgroup_driver", a.cgroup_driver, b.cgroup_driver);
  compare_scalar(out, "daemon.cgroup_version", a.cgroup_version, b.cgroup_version);
  compare_scalar(out, "daemon.default_runtime", a.default_runtime, b.default_runtime);
  compare_scalar(out, "daemon.docker_root_dir", a.docker_root_dir, b.docker_root_dir);
  compare_scalar(out, "daemon.live_restore", yes_no(a.live_restore_enabled),
                 yes_no(b.live_restore_enabled));
  compare_scalar(out, "daemon.experimental", yes_no(a.experimental_build),
                 yes_no(b.experimental_build));
  compare_scalar(out, "daemon.debug", yes_no(a.debug), yes_no(b.debug));
  compare_scalar(out, "daemon.swarm_state", a.swarm_state, b.swarm_state);
  compare_set(out, "daemon.security_options", security_options(a), security_options(b));
  compare_set(out, "daemon.authorization_plugins", a.authorization_plugins,
              b.authorization_plugins);
  compare_set(out, "daemon.log_plugins", a.log_plugins, b.log_plugins);
  compare_set(out, "daemon.insecure_registries", a.insecure_registries, b.insecure_registries);
  compare_set(out, "daemon.insecure_registry_cidrs", a.insecure_registry_cidrs,
              b.insecure_registry_cidrs);
  compare_set(out, "daemon.registry_mirrors", a.registry_mirrors, b.registry_mirrors);
  // The dockerd configuration (daemon.json and flags) when both runs read the host; one side
  // without it is not a change of every setting.
  if (before.daemon && after.daemon) {
    const auto old_settings = daemon_settings(*before.daemon);
    const auto new_settings = daemon_settings(*after.daemon);
    auto old_it = old_settings.begin();
    auto new_it = new_settings.begin();
    while (old_it != old_settings.end() || new_it != new_settings.end()) {
      if (new_it == new_settings.end() ||
          (old_it != old_settings.end() && old_it->first < new_it->first)) {
        out.push_back({"daemon.config." + old_it->first, old_it->second, "", {}, {}, true});
        ++old_it;
      } else if (old_it == old_settings.end() || new_it->first < old_it->first) {
        out.push_back({"daemon.config." + new_it->first, "", new_it->second, {}, {}, true});
        ++new_it;
      } else {
        if (old_it->second != new_it->second) {
          out.push_back(
              {"daemon.config." + old_it->first, old_it->second, new_it->second, {}, {}, true});
        }
        ++old_it;
        ++new_it;
      }
    }
  }
  return out;
}

// ---- networks

std::vector<FieldChange> network_fields(const docker::Network& before,
                                        const docker::Network& after) {
  std::vector<FieldChange> out;
  // Docker tests the key alone: --opt encrypted stores it with the value "".
  auto encrypted = [](const docker::Network& network) {
    return network.options.contains("encrypted");
  };
  auto options = [](const docker::Network& network) {
    Texts texts;
    for (const auto& [key, value] : network.options) {
      if (key != "encrypted") texts.push_back(key + "=" + value);
    }
    return texts;
  };
  compare_scalar(out, "driver", before.driver, after.driver);
  compare_scalar(out, "scope", before.scope, after.scope);
  compare_scalar(out, "internal", yes_no(before.internal), yes_no(after.internal));
  compare_scalar(out, "attachable", yes_no(before.attachable), yes_no(after.attachable));
  compare_scalar(out, "ingress", yes_no(before.ingress), yes_no(after.ingress));
  compare_scalar(out, "enable_ipv6", yes_no(before.enable_ipv6), yes_no(after.enable_ipv6));
  compare_scalar(out, "encrypted", yes_no(encrypted(before)), yes_no(encrypted(after)));
  compare_set(out, "subnets", before.subnets, after.subnets);
  compare_set(out, "labels", pairs(before.labels), pairs(after.labels));
  compare_set(out, "options", options(before), options(after));
  return out;
}

std::vector<NetworkDrift> compare_networks(const EngineSnapshot& before,
                                           const EngineSnapshot& after) {
  std::vector<NetworkDrift> out;
  std::unordered_map<std::string_view, const docker::Network*> old_by_name;
  old_by_name.reserve(before.networks.size());
  for (const auto& network : before.networks) old_by_name.emplace(network.name, &network);
  std::unordered_map<std::string_view, const docker::Network*> new_by_name;
  new_by_name.reserve(after.networks.size());
  for (const auto& network : after.networks) {
    new_by_name.emplace(network.name, &network);
    NetworkDrift drift;
    drift.name = network.name;
    drift.after_id = network.id;
    drift.driver = network.driver;
    const auto found = old_by_name.find(network.name);
    if (found == old_by_name.end()) {
      drift.change = NetworkChange::kAdded;
      out.push_back(std::move(drift));
      continue;
    }
    const docker::Network& old = *found->second;
    drift.before_id = old.id;
    drift.change = old.id == network.id ? NetworkChange::kChanged : NetworkChange::kRecreated;
    drift.fields = network_fields(old, network);
    if (drift.change == NetworkChange::kChanged && drift.fields.empty()) continue;
    out.push_back(std::move(drift));
  }
  for (const auto& network : before.networks) {
    if (new_by_name.contains(network.name)) continue;
    NetworkDrift drift;
    drift.change = NetworkChange::kRemoved;
    drift.name = network.name;
    drift.before_id = network.id;
    drift.driver = network.driver;
    out.push_back(std::move(drift));
  }
  std::sort(out.begin(), out.end(), [](const NetworkDrift& a, const NetworkDrift& b) {
    return std::tie(a.name, a.change, a.before_id, a.after_id) <
           std::tie(b.name, b.change, b.before_id, b.after_id);
  });
  return out;
}

// ---- disk use

std::string bytes_text(int64_t bytes, bool known) {
  return known ? std::to_string(bytes) : std::string("unknown");
}

void compare_category(std::vector<FieldChange>& out, const char* name,
                      const docker::DiskUsageCategory& a, const docker::DiskUsageCategory& b) {
  auto text = [](const docker::DiskUsageCategory& category) {
    return std::to_string(category.count) + " objects, " + std::to_string(category.active) +
           " active, " + bytes_text(category.size, category.size_known) + " bytes, " +
           std::to_string(category.reclaimable) + " reclaimable";
  };
  std::string old_text = text(a);
  std::string new_text = text(b);
  if (old_text != new_text) {
    out.push_back(
        {std::string("disk.") + name, std::move(old_text), std::move(new_text), {}, {}, false});
  }
}

std::vector<FieldChange> compare_disk(const docker::DiskUsage& a, const docker::DiskUsage& b) {
  std::vector<FieldChange> out;
  compare_category(out, "images", a.images, b.images);
  compare_category(out, "containers", a.containers, b.containers);
  compare_category(out, "volumes", a.volumes, b.volumes);
  compare_category(out, "build_cache", a.build_cache, b.build_cache);
  auto names = [](const std::vector<docker::ReclaimableItem>& items, bool by_name) {
    Texts out_texts;
    out_texts.reserve(items.size());
    for (const auto& item : items) out_texts.push_back(by_name ? item.name : item.id);
    return out_texts;
  };
  auto set_change = [&](const char* field, Texts old_texts, Texts new_texts) {
    old_texts = sorted(std::move(old_texts));
    new_texts = sorted(std::move(new_texts));
    if (old_texts == new_texts) return;
    FieldChange change{field, {}, {}, {}, {}, false};
    set_difference(old_texts, new_texts, change);
    out.push_back(std::move(change));
  };
  set_change("disk.stopped_containers", names(a.stopped_containers, true),
             names(b.stopped_containers, true));
  set_change("disk.dangling_images", names(a.dangling_images, false),
             names(b.dangling_images, false));
  return out;
}

// ---- findings

FindingDrift finding_drift(const store::StoredFinding& finding) {
  return {finding.fingerprint,
          finding.check_code,
          finding.title,
          finding.severity,
          std::string(core::to_string(finding.status)),
          finding.target_name.empty() ? finding.target_id : finding.target_name,
          finding.evidence};
}

void sort_findings(std::vector<FindingDrift>& findings) {
  std::sort(findings.begin(), findings.end(), [](const FindingDrift& a, const FindingDrift& b) {
    return std::tie(b.severity, a.check, a.target, a.fingerprint) <
           std::tie(a.severity, b.check, b.target, b.fingerprint);
  });
}

std::string image_reference(const docker::Image& image) {
  if (!image.repo_tags.empty()) return image.repo_tags.front();
  if (!image.repo_digests.empty()) return image.repo_digests.front();
  return {};
}

std::unordered_map<std::string_view, const docker::Image*> index_images(
    const EngineSnapshot& snapshot) {
  std::unordered_map<std::string_view, const docker::Image*> out;
  out.reserve(snapshot.images.size());
  for (const auto& image : snapshot.images) out.emplace(image.id, &image);
  return out;
}

}  // namespace

std::string_view to_string(ContainerChange change) {
  switch (change) {
    case ContainerChange::kAdded:
      return "added";
    case ContainerChange::kRemoved:
      return "removed";
    case ContainerChange::kRecreated:
      return "recreated";
    case ContainerChange::kRenamed:
      return "renamed";
    case ContainerChange::kChanged:
      return "changed";
  }
  return "changed";
}

std::string_view to_string(NetworkChange change) {
  switch (change) {
    case NetworkChange::kAdded:
      return "added";
    case NetworkChange::kRemoved:
      return "removed";
    case NetworkChange::kRecreated:
      return "recreated";
    case NetworkChange::kChanged:
      return "changed";
  }
  return "changed";
}

bool ContainerDrift::security_relevant() const {
  if (change == ContainerChange::kAdded || change == ContainerChange::kRemoved ||
      change == ContainerChange::kRenamed) {
    return true;
  }
  return std::any_of(fields.begin(), fields.end(),
                     [](const FieldChange& field) { return field.security; });
}

bool DriftReport::security_relevant() const {
  return !new_findings.empty() || !images.empty() || !networks.empty() ||
         std::any_of(containers.begin(), containers.end(),
                     [](const ContainerDrift& c) { return c.security_relevant(); }) ||
         std::any_of(daemon.begin(), daemon.end(),
                     [](const FieldChange& field) { return field.security; });
}

bool DriftReport::empty() const {
  return containers.empty() && networks.empty() && daemon.empty() && images.empty() &&
         new_findings.empty() && fixed_findings.empty() && disk.empty() &&
         disk_before_collected == disk_after_collected;
}

DriftReport compare(const DriftSide& before, const DriftSide& after) {
  DriftReport report;
  report.before_run = before.run;
  report.after_run = after.run;
  report.before_at =
      before.engine.collected_at.empty() ? before.started_at : before.engine.collected_at;
  report.after_at =
      after.engine.collected_at.empty() ? after.started_at : after.engine.collected_at;
  report.host = after.host.empty() ? before.host : after.host;
  report.containers_before = before.engine.containers.size();
  report.containers_after = after.engine.containers.size();

  const auto before_images = index_images(before.engine);
  const auto after_images = index_images(after.engine);
  const Context before_context{&before_images};
  const Context after_context{&after_images};

  std::unordered_map<std::string_view, const Container*> old_by_name;
  std::unordered_map<std::string_view, const Container*> old_by_id;
  old_by_name.reserve(before.engine.containers.size());
  old_by_id.reserve(before.engine.containers.size());
  for (const auto& container : before.engine.containers) {
    old_by_name.emplace(container.name, &container);
    old_by_id.emplace(container.id, &container);
  }
  std::unordered_map<std::string_view, const Container*> new_by_name;
  std::unordered_map<std::string_view, const Container*> new_by_id;
  new_by_name.reserve(after.engine.containers.size());
  new_by_id.reserve(after.engine.containers.size());
  for (const auto& container : after.engine.containers) {
    new_by_name.emplace(container.name, &container);
    new_by_id.emplace(container.id, &container);
  }

  for (const auto& container : after.engine.containers) {
    ContainerDrift drift;
    drift.name = container.name;
    drift.after_id = container.id;
    drift.image = container.image_ref;
    const Container* old = nullptr;
    if (auto found = old_by_name.find(container.name); found != old_by_name.end()) {
      old = found->second;
      drift.change =
          old->id == container.id ? ContainerChange::kChanged : ContainerChange::kRecreated;
    } else if (auto same_id = old_by_id.find(container.id);
               same_id != old_by_id.end() && !new_by_name.contains(same_id->second->name)) {
      old = same_id->second;
      drift.change = ContainerChange::kRenamed;
      drift.before_name = old->name;
    } else {
      drift.change = ContainerChange::kAdded;
      report.containers.push_back(std::move(drift));
      continue;
    }
    drift.before_id = old->id;
    drift.fields = container_fields(*old, before_context, container, after_context);
    if (drift.change == ContainerChange::kChanged && drift.fields.empty()) continue;
    report.containers.push_back(std::move(drift));
  }
  for (const auto& container : before.engine.containers) {
    if (new_by_name.contains(container.name)) continue;
    // Renamed: found above by its id.
    if (auto same_id = new_by_id.find(container.id);
        same_id != new_by_id.end() && !old_by_name.contains(same_id->second->name)) {
      continue;
    }
    ContainerDrift drift;
    drift.change = ContainerChange::kRemoved;
    drift.name = container.name;
    drift.before_id = container.id;
    drift.image = container.image_ref;
    report.containers.push_back(std::move(drift));
  }
  std::sort(report.containers.begin(), report.containers.end(),
            [](const ContainerDrift& a, const ContainerDrift& b) {
              return std::tie(a.name, a.change, a.before_id, a.after_id) <
                     std::tie(b.name, b.change, b.before_id, b.after_id);
            });

  report.networks_before = before.engine.networks.size();
  report.networks_after = after.engine.networks.size();
  report.networks = compare_networks(before.engine, after.engine);

  report.daemon = compare_daemon(before, after);

  for (const auto& image : after.engine.images) {
    if (!before_images.contains(image.id)) {
      report.images.push_back({true, image.id, image_reference(image)});
    }
  }
  for (const auto& image : before.engine.images) {
    if (!after_images.contains(image.id)) {
      report.images.push_back({false, image.id, image_reference(image)});
    }
  }
  std::sort(report.images.begin(), report.images.end(),
            [](const ImageDrift& a, const ImageDrift& b) {
              return std::tie(a.id, a.added) < std::tie(b.id, b.added);
            });

  std::unordered_map<std::string_view, const store::StoredFinding*> old_findings;
  old_findings.reserve(before.findings.size());
  for (const auto& finding : before.findings) old_findings.emplace(finding.fingerprint, &finding);
  std::unordered_map<std::string_view, const store::StoredFinding*> new_findings;
  new_findings.reserve(after.findings.size());
  for (const auto& finding : after.findings) {
    new_findings.emplace(finding.fingerprint, &finding);
    if (old_findings.contains(finding.fingerprint)) {
      ++report.persisting_findings;
    } else {
      report.new_findings.push_back(finding_drift(finding));
    }
  }
  for (const auto& finding : before.findings) {
    if (!new_findings.contains(finding.fingerprint)) {
      report.fixed_findings.push_back(finding_drift(finding));
    }
  }
  sort_findings(report.new_findings);
  sort_findings(report.fixed_findings);

  report.disk_before_collected = before.engine.disk_usage.has_value();
  report.disk_after_collected = after.engine.disk_usage.has_value();
  if (before.engine.disk_usage && after.engine.disk_usage) {
    report.disk = compare_disk(*before.engine.disk_usage, *after.engine.disk_usage);
  }
  return report;
}

std::vector<FieldChange> compare_container(const docker::Container& before,
                                           const docker::Image* before_image,
                                           const docker::Container& after,
                                           const docker::Image* after_image) {
  std::unordered_map<std::string_view, const docker::Image*> before_images;
  std::unordered_map<std::string_view, const docker::Image*> after_images;
  if (before_image != nullptr) before_images.emplace(before_image->id, before_image);
  if (after_image != nullptr) after_images.emplace(after_image->id, after_image);
  return container_fields(before, Context{&before_images}, after, Context{&after_images});
}

core::Result<void> decode_side_snapshot(std::string_view snapshot_text, DriftSide& side) {
  if (snapshot_text.empty()) {
    return core::fail(core::ErrorCode::kNotFound, "the run holds no snapshot");
  }
  nlohmann::json rest;
  auto engine = docker::decode_snapshot_text(snapshot_text, &rest);
  if (!engine) return core::fail(engine.error());
  if (engine->endpoint.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      "the run's snapshot holds no engine part (collected with --host-root)");
  }
  side.engine = std::move(*engine);
  side.daemon.reset();
  if (auto part = rest.find("host"); part != rest.end()) {
    auto host = host::decode_host_snapshot(*part);
    if (!host) return core::fail(host.error().with_context("the snapshot's host part"));
    side.daemon = std::move(host->daemon);
  }
  return {};
}

core::Result<void> decode_side_snapshots(std::string_view before_text, DriftSide& before,
                                         std::string_view after_text, DriftSide& after) {
  auto label = [](const DriftSide& side, const char* fallback) {
    return side.run > 0 ? "run " + std::to_string(side.run) : std::string(fallback);
  };
  core::Result<void> older;
  std::thread worker([&] {
    try {
      older = decode_side_snapshot(before_text, before);
    } catch (const std::exception& error) {  // the allocator: never across the thread
      older = core::fail(core::ErrorCode::kInternal, error.what());
    }
  });
  core::Result<void> newer = decode_side_snapshot(after_text, after);
  worker.join();
  if (!older) return core::fail(older.error().with_context(label(before, "older run")));
  if (!newer) return core::fail(newer.error().with_context(label(after, "newer run")));
  return {};
}

}  // namespace hardock::drift
