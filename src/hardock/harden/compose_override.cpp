#include "hardock/harden/compose_override.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "hardock/harden/run_spec_rules.h"
#include "hardock/harden/text.h"
#include "hardock/io/escape.h"

namespace hardock::harden {
namespace {

constexpr std::string_view kProjectLabel = "com.docker.compose.project";
constexpr std::string_view kServiceLabel = "com.docker.compose.service";
constexpr std::string_view kWorkingDirLabel = "com.docker.compose.project.working_dir";
constexpr std::string_view kConfigFilesLabel = "com.docker.compose.project.config_files";

std::string label(const RunSpec& spec, std::string_view key) {
  auto found = spec.labels.find(std::string(key));
  return found == spec.labels.end() ? "" : found->second;
}

// "127.0.0.1:8080:8080/tcp": Compose's short syntax, which v1 and v2 both read. An empty host
// address is written as 0.0.0.0 so the entry says what it binds.
std::string port_text(const PublishSpec& port, bool explicit_any) {
  std::string host_ip = port.host_ip;
  if (host_ip.empty() && explicit_any) host_ip = "0.0.0.0";
  if (host_ip.find(':') != std::string::npos) host_ip = "[" + host_ip + "]";
  std::string out;
  if (!host_ip.empty())
    out = host_ip + ":" + port.host_port + ":";
  else if (!port.host_port.empty())
    out = port.host_port + ":";
  return out + port.container_port + "/" + (port.protocol.empty() ? "tcp" : port.protocol);
}

bool every_interface(const std::string& host_ip) {
  return host_ip.empty() || host_ip == "0.0.0.0" || host_ip == "::";
}

// The identity Compose merges ports by: address, host port, target, protocol.
bool same_port(const PublishSpec& a, const PublishSpec& b) {
  auto ip = [](const std::string& host_ip) {
    return every_interface(host_ip) ? std::string("0.0.0.0") : host_ip;
  };
  return ip(a.host_ip) == ip(b.host_ip) && a.host_port == b.host_port &&
         a.container_port == b.container_port &&
         (a.protocol.empty() ? "tcp" : a.protocol) == (b.protocol.empty() ? "tcp" : b.protocol);
}

std::vector<MountSpec> tmpfs_mounts(const RunSpec& spec) {
  std::vector<MountSpec> out;
  for (const auto& mount : spec.mounts) {
    if (mount.type == "tmpfs") out.push_back(mount);
  }
  return out;
}

// 30s, 500ms, 250us: the units both Compose versions parse.
std::string duration(int64_t nanoseconds) {
  if (nanoseconds % 1'000'000'000 == 0) return std::to_string(nanoseconds / 1'000'000'000) + "s";
  if (nanoseconds % 1'000'000 == 0) return std::to_string(nanoseconds / 1'000'000) + "ms";
  return std::to_string(std::max<int64_t>(nanoseconds / 1'000, 1)) + "us";
}

std::string memory_text(int64_t bytes) {
  if (bytes % (int64_t{1} << 30) == 0) return std::to_string(bytes >> 30) + "g";
  if (bytes % (int64_t{1} << 20) == 0) return std::to_string(bytes >> 20) + "m";
  if (bytes % (int64_t{1} << 10) == 0) return std::to_string(bytes >> 10) + "k";
  return std::to_string(bytes) + "b";
}

// Entries of the base (what the container runs with) that the hardened spec does not keep.
std::vector<BaseEdit> base_edits(const std::string& service, const RunSpec& original,
                                 const RunSpec& hardened) {
  std::vector<BaseEdit> edits;
  for (const auto& port : original.publish) {
    const bool kept = std::any_of(hardened.publish.begin(), hardened.publish.end(),
                                  [&](const PublishSpec& other) { return same_port(port, other); });
    if (kept) continue;
    const std::string where =
        every_interface(port.host_ip) ? "every interface" : "address " + port.host_ip;
    edits.push_back({service, "ports", port_text(port, true),
                     fmt::format("remove the mapping of {}/{} to host port {} on {} (\"{}\" or "
                                 "\"{}\")",
                                 port.container_port, port.protocol, port.host_port, where,
                                 port_text(port, false), port_text(port, true))});
  }
  auto missing = [&](const std::vector<std::string>& from, const std::vector<std::string>& kept,
                     const std::string& field) {
    for (const auto& item : from) {
      if (std::find(kept.begin(), kept.end(), item) != kept.end()) continue;
      edits.push_back({service, field, item, "remove \"" + item + "\""});
    }
  };
  missing(original.cap_add, hardened.cap_add, "cap_add");
  missing(original.security_opt, hardened.security_opt, "security_opt");
  // The same path twice with other options: the merged list holds both.
  for (const auto& mount : tmpfs_mounts(original)) {
    for (const auto& wanted : tmpfs_mounts(hardened)) {
      if (wanted.target == mount.target && wanted.tmpfs_options != mount.tmpfs_options) {
        edits.push_back({service, "tmpfs", mount.target,
                         "remove \"" + rules::tmpfs_entry(mount) + "\" (the override mounts \"" +
                             rules::tmpfs_entry(wanted) + "\" there)"});
      }
    }
  }
  return edits;
}

bool has_edit(const std::vector<BaseEdit>& edits, std::string_view field) {
  return std::any_of(edits.begin(), edits.end(),
                     [&](const BaseEdit& edit) { return edit.field == field; });
}

// Block-style YAML written by hand so that every string from the engine goes through
// io::yaml_quote (one escaping function per language): keys and values double-quoted, never a
// plain scalar that YAML could read as another type, a tag or more structure.
class YamlWriter {
 public:
  // A key of hardock's own ("services", "cap_drop") is written plain; a key from the engine (a
  // service or volume name) goes through io::yaml_quote like every value.
  struct Key {
    std::string_view text;
    bool from_engine = false;
  };
  static Key ours(std::string_view text) { return {text, false}; }
  static Key engine(std::string_view text) { return {text, true}; }

  // "key:" at `indent`, then the nested block.
  void open(int indent, Key key) { line(indent, key_text(key) + ":"); }
  void scalar(int indent, Key key, std::string_view value) {
    line(indent, key_text(key) + ": " + io::yaml_quote(value));
  }
  // Booleans and numbers hardock itself computed.
  void literal(int indent, Key key, const std::string& value) {
    line(indent, key_text(key) + ": " + value);
  }
  void strings(int indent, Key key, const std::vector<std::string>& items, bool override_tag) {
    const std::string tag = override_tag ? " !override" : "";
    if (items.empty()) {
      line(indent, key_text(key) + ":" + tag + " []");
      return;
    }
    line(indent, key_text(key) + ":" + tag);
    for (const auto& item : items) line(indent + 2, "- " + io::yaml_quote(item));
  }
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  static std::string key_text(Key key) {
    return key.from_engine ? io::yaml_quote(key.text) : std::string(key.text);
  }
  void line(int indent, const std::string& body) {
    text_.append(static_cast<size_t>(indent), ' ');
    text_ += body;
    text_ += '\n';
  }
  std::string text_;
};

// The named volumes hardening added at data paths (volume_for_data_path): the read-only root
// refuses writes there unless Compose mounts them too. Compose merges `volumes` by container
// path, in v1 as in v2, so these entries add to the base file's without clashing.
std::vector<const MountSpec*> data_volumes(const HardenedContainer& container) {
  std::vector<const MountSpec*> out;
  for (const auto& mount : container.spec.mounts) {
    if (mount.type != "volume" || mount.source.empty()) continue;
    const bool data_path = std::find(container.data_paths.begin(), container.data_paths.end(),
                                     mount.target) != container.data_paths.end();
    const bool had_one =
        std::any_of(container.original.mounts.begin(), container.original.mounts.end(),
                    [&](const MountSpec& before) { return before.target == mount.target; });
    if (data_path && !had_one) out.push_back(&mount);
  }
  return out;
}

// One service's mapping, at `indent`. `tagged`: sequences to mark !override (kOverrideTags
// only). `with_volumes`: false when only comparing replicas (their volume names differ by
// design).
void emit_service(YamlWriter& out, int indent, const HardenedContainer& container,
                  const std::set<std::string>& tagged, bool with_volumes = true) {
  const RunSpec& spec = container.spec;
  if (container.original.privileged && !spec.privileged)
    out.literal(indent, YamlWriter::ours("privileged"), "false");
  if (!spec.cap_drop.empty() || tagged.contains("cap_drop")) {
    out.strings(indent, YamlWriter::ours("cap_drop"), spec.cap_drop, tagged.contains("cap_drop"));
  }
  if (!spec.cap_add.empty() || tagged.contains("cap_add")) {
    out.strings(indent, YamlWriter::ours("cap_add"), spec.cap_add, tagged.contains("cap_add"));
  }
  if (!spec.security_opt.empty() || tagged.contains("security_opt")) {
    out.strings(indent, YamlWriter::ours("security_opt"), spec.security_opt,
                tagged.contains("security_opt"));
  }
  out.literal(indent, YamlWriter::ours("read_only"), spec.read_only ? "true" : "false");
  std::vector<std::string> tmpfs;
  for (const auto& mount : tmpfs_mounts(spec)) tmpfs.push_back(rules::tmpfs_entry(mount));
  if (!tmpfs.empty() || tagged.contains("tmpfs")) {
    out.strings(indent, YamlWriter::ours("tmpfs"), tmpfs, tagged.contains("tmpfs"));
  }
  std::vector<std::string> volumes;
  for (const MountSpec* mount : data_volumes(container)) {
    volumes.push_back(mount->source + ":" + mount->target);
  }
  if (with_volumes && !volumes.empty())
    out.strings(indent, YamlWriter::ours("volumes"), volumes, false);
  if (!spec.user.empty()) out.scalar(indent, YamlWriter::ours("user"), spec.user);
  if (spec.memory > 0) out.scalar(indent, YamlWriter::ours("mem_limit"), memory_text(spec.memory));
  if (spec.nano_cpus > 0) {
    out.literal(indent, YamlWriter::ours("cpus"),
                fmt::format("{:g}", static_cast<double>(spec.nano_cpus) / 1e9));
  }
  if (spec.pids_limit && *spec.pids_limit > 0) {
    out.literal(indent, YamlWriter::ours("pids_limit"), std::to_string(*spec.pids_limit));
  }
  std::vector<std::string> ports;
  for (const auto& port : spec.publish) ports.push_back(port_text(port, false));
  if (!ports.empty() || tagged.contains("ports")) {
    out.strings(indent, YamlWriter::ours("ports"), ports, tagged.contains("ports"));
  }
  if (!spec.restart_policy.empty())
    out.scalar(indent, YamlWriter::ours("restart"), rules::restart_value(spec));
  if (spec.healthcheck) {
    const HealthSpec& health = *spec.healthcheck;
    out.open(indent, YamlWriter::ours("healthcheck"));
    if (health.test.empty() || health.test.front() == "NONE") {
      out.literal(indent + 2, YamlWriter::ours("disable"), "true");
    } else {
      out.strings(indent + 2, YamlWriter::ours("test"), health.test, false);
      if (health.interval_ns > 0)
        out.scalar(indent + 2, YamlWriter::ours("interval"), duration(health.interval_ns));
      if (health.timeout_ns > 0)
        out.scalar(indent + 2, YamlWriter::ours("timeout"), duration(health.timeout_ns));
      if (health.start_period_ns > 0) {
        out.scalar(indent + 2, YamlWriter::ours("start_period"), duration(health.start_period_ns));
      }
      if (health.retries > 0)
        out.literal(indent + 2, YamlWriter::ours("retries"), std::to_string(health.retries));
    }
  }
}

// Compose's own rules for names (compose-spec): a project name is lower-case letters, digits,
// '_' and '-', starting with a letter or digit; a service name letters, digits, '.', '_', '-'.
// A label that breaks them did not come from Compose: no override is written for it.
bool valid_project_name(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  if (std::islower(static_cast<unsigned char>(name[0])) == 0 &&
      std::isdigit(static_cast<unsigned char>(name[0])) == 0) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return std::islower(static_cast<unsigned char>(ch)) != 0 ||
           std::isdigit(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '-';
  });
}

bool valid_service_name(std::string_view name) {
  return !name.empty() && name.size() <= 255 && std::all_of(name.begin(), name.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '.' || ch == '_' || ch == '-';
  });
}

std::string header(const ComposeOverride& file, ComposeDialect dialect) {
  // Every line is a comment: one_line() keeps a newline in a path or name from ending it.
  auto comment = [](const std::string& text) { return "# " + io::one_line(text) + "\n"; };
  std::string files;
  for (const auto& path : file.config_files) files += "-f " + shell_word(path) + " ";
  if (files.empty()) files = "-f compose.yml ";
  std::string out = comment(file.file_name + " for Compose project " + file.project +
                            " (generated by hardock harden)");
  if (!file.working_dir.empty()) out += comment("Place it in " + file.working_dir + " and run:");
  out += comment("  docker compose " + files + "-f " + file.file_name + " up -d");
  if (dialect == ComposeDialect::kOverrideTags) {
    out +=
        "# Needs Docker Compose v2.24.4 or later: `!override` replaces the base file's list.\n"
        "# docker-compose v1 rejects this file; generate the portable dialect for it.\n";
  } else {
    out +=
        "# Valid for docker-compose v1 and docker compose v2 (then also without `-f` if named\n"
        "# compose.override.yml). Compose appends list entries (ports, cap_add, security_opt,\n"
        "# tmpfs) to the base file's: this file cannot remove any. Volumes merge by path.\n";
    if (file.base_edits.empty()) {
      out += "# No edit of the base file is needed.\n";
    } else {
      out += "# Edit the base file first, or the merged service keeps these entries:\n";
      for (const auto& edit : file.base_edits) {
        out += comment("  services." + edit.service + "." + edit.field + ": " + edit.advice);
      }
    }
  }
  for (const auto& service : file.services) {
    for (const auto& note : service.notes) out += comment(service.name + ": " + note);
  }
  return out;
}

}  // namespace

core::Result<std::vector<ComposeOverride>> generate_compose_overrides(
    const std::vector<HardenedContainer>& containers, const ComposeOverrideOptions& options) {
  // project -> service -> its containers (in input order)
  std::map<std::string, std::map<std::string, std::vector<const HardenedContainer*>>> projects;
  std::map<std::string, std::string> refused;  // project -> why no override is written
  for (const auto& container : containers) {
    const std::string project = label(container.original, kProjectLabel);
    if (project.empty()) continue;
    const std::string service = label(container.original, kServiceLabel);
    if (!valid_project_name(project)) {
      refused.emplace(project, "the project label is not a Compose project name");
    } else if (service.empty()) {
      refused.emplace(project, "container " + container.original.name + " has no " +
                                   std::string(kServiceLabel) + " label");
    } else if (!valid_service_name(service)) {
      refused.emplace(project, "container " + container.original.name + "'s " +
                                   std::string(kServiceLabel) +
                                   " label is not a Compose service name");
    }
    projects[project][service].push_back(&container);
  }

  std::vector<ComposeOverride> out;
  for (const auto& [project, services] : projects) {
    ComposeOverride file;
    file.project = project;
    if (auto why = refused.find(project); why != refused.end()) {
      file.refused = why->second;
      out.push_back(std::move(file));
      continue;
    }
    const RunSpec& first = services.begin()->second.front()->original;
    file.working_dir = label(first, kWorkingDirLabel);
    file.config_files = split_non_empty(label(first, kConfigFilesLabel), ',');

    YamlWriter yaml;
    std::set<std::string> named_volumes;
    yaml.open(0, YamlWriter::ours("services"));
    for (const auto& [name, members] : services) {
      const HardenedContainer& chosen = *members.front();
      ComposeService service;
      service.name = name;
      for (const auto* member : members) service.containers.push_back(member->original.name);
      auto edits = base_edits(name, chosen.original, chosen.spec);
      std::set<std::string> tagged;
      if (options.dialect == ComposeDialect::kOverrideTags) {
        for (const char* field : {"ports", "cap_add", "security_opt", "tmpfs"}) {
          if (has_edit(edits, field)) tagged.insert(field);
        }
        edits.clear();
      }
      // Replicas share one service definition: say so when their hardening differs.
      YamlWriter first_yaml;
      emit_service(first_yaml, 0, chosen, tagged, false);
      for (const auto* member : members) {
        YamlWriter other;
        emit_service(other, 0, *member, tagged, false);
        if (other.text() != first_yaml.text()) {
          service.notes.push_back("replica " + member->original.name +
                                  " was hardened "
                                  "differently; the service uses " +
                                  chosen.original.name + "'s");
        }
      }
      const auto volumes = data_volumes(chosen);
      if (members.size() > 1 && !volumes.empty()) {
        service.notes.push_back("its replicas share the data volumes named after " +
                                chosen.original.name);
      }
      for (const MountSpec* mount : volumes) named_volumes.insert(mount->source);
      yaml.open(2, YamlWriter::engine(name));
      emit_service(yaml, 4, chosen, tagged);
      file.base_edits.insert(file.base_edits.end(), edits.begin(), edits.end());
      file.services.push_back(std::move(service));
    }
    if (!named_volumes.empty()) {
      // `name:` keeps the volume hardock --apply created (Compose would prefix the project).
      yaml.open(0, YamlWriter::ours("volumes"));
      for (const auto& volume : named_volumes) {
        yaml.open(2, YamlWriter::engine(volume));
        yaml.scalar(4, YamlWriter::ours("name"), volume);
      }
    }
    file.text = header(file, options.dialect) + yaml.text();
    out.push_back(std::move(file));
  }
  return out;
}

}  // namespace hardock::harden
