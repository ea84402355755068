#include "hardock/host/host_facts.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "hardock/host/facts_readers.h"

namespace hardock::host {
namespace {

using nlohmann::json;

// Decoding walks untrusted JSON with nlohmann's typed getters; their type
// errors become kMalformedInput at decode_host_facts' boundary.
struct DecodeError {
  std::string message;
};

template <class T>
void get_to(const json& object, const char* key, T& into) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  into = it->get<T>();
}

template <class T>
void get_opt(const json& object, const char* key, std::optional<T>& into) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  into = it->get<T>();
}

const json& require_object(const json& value, const char* what) {
  if (!value.is_object()) throw DecodeError{std::string(what) + ": expected an object"};
  return value;
}

unsigned decode_mode(const json& value) {
  if (value.is_number_unsigned()) return value.get<unsigned>();
  auto mode = parse_mode(value.get<std::string>());
  if (!mode) throw DecodeError{"mode: expected an octal string such as \"0644\""};
  return *mode;
}

FileFact decode_file(const json& value) {
  const json& object = require_object(value, "files[]");
  FileFact fact;
  get_to(object, "role", fact.role);
  get_to(object, "path", fact.path);
  get_to(object, "exists", fact.exists);
  get_to(object, "is_dir", fact.is_dir);
  if (auto it = object.find("mode"); it != object.end()) fact.mode = decode_mode(*it);
  get_to(object, "uid", fact.uid);
  get_to(object, "gid", fact.gid);
  get_to(object, "owner", fact.owner);
  get_to(object, "group", fact.group);
  get_to(object, "error", fact.error);
  return fact;
}

json encode_file(const FileFact& fact) {
  json out = {{"role", fact.role}, {"path", fact.path}, {"exists", fact.exists}};
  if (fact.exists) {
    out["is_dir"] = fact.is_dir;
    out["mode"] = format_mode(fact.mode);
    out["uid"] = fact.uid;
    out["gid"] = fact.gid;
    out["owner"] = fact.owner;
    out["group"] = fact.group;
  }
  if (!fact.error.empty()) out["error"] = fact.error;
  return out;
}

HostFacts decode(const json& document) {
  require_object(document, "facts");
  HostFacts facts;
  if (auto it = document.find("files"); it != document.end()) {
    if (!it->is_array()) throw DecodeError{"files: expected an array"};
    for (const auto& file : *it) facts.files.push_back(decode_file(file));
  }
  get_to(document, "data_root", facts.data_root);
  get_to(document, "data_root_source", facts.data_root_source);
  if (auto it = document.find("mounts"); it != document.end()) {
    const json& object = require_object(*it, "mounts");
    Mounts mounts;
    get_to(object, "source", mounts.source);
    get_to(object, "error", mounts.error);
    if (auto entries = object.find("entries"); entries != object.end()) {
      for (const auto& entry : *entries) {
        MountEntry mount;
        get_to(require_object(entry, "mounts.entries[]"), "mount_point", mount.mount_point);
        get_to(entry, "fstype", mount.fstype);
        get_to(entry, "source", mount.source);
        mounts.entries.push_back(std::move(mount));
      }
    }
    facts.mounts = std::move(mounts);
  }
  if (auto it = document.find("audit"); it != document.end()) {
    const json& object = require_object(*it, "audit");
    AuditRules audit;
    get_to(object, "sources", audit.sources);
    get_to(object, "error", audit.error);
    if (auto rules = object.find("rules"); rules != object.end()) {
      for (const auto& rule : *rules) {
        AuditRule decoded;
        get_to(require_object(rule, "audit.rules[]"), "path", decoded.path);
        get_to(rule, "kind", decoded.kind);
        get_to(rule, "origin", decoded.origin);
        audit.rules.push_back(std::move(decoded));
      }
    }
    if (auto targets = object.find("targets"); targets != object.end()) {
      for (const auto& target : *targets) {
        AuditTarget decoded;
        get_to(require_object(target, "audit.targets[]"), "cis", decoded.cis);
        get_to(target, "path", decoded.path);
        get_to(target, "exists", decoded.exists);
        get_to(target, "error", decoded.error);
        audit.targets.push_back(std::move(decoded));
      }
    }
    facts.audit = std::move(audit);
  }
  if (auto it = document.find("docker_group"); it != document.end()) {
    const json& object = require_object(*it, "docker_group");
    DockerGroup group;
    get_to(object, "exists", group.exists);
    get_to(object, "gid", group.gid);
    get_to(object, "members", group.members);
    get_to(object, "trusted", group.trusted);
    get_to(object, "error", group.error);
    facts.docker_group = std::move(group);
  }
  if (auto it = document.find("kernel"); it != document.end()) {
    const json& object = require_object(*it, "kernel");
    Kernel kernel;
    get_to(object, "release", kernel.release);
    get_to(object, "source", kernel.source);
    get_to(object, "error", kernel.error);
    facts.kernel = std::move(kernel);
  }
  if (auto it = document.find("apparmor"); it != document.end()) {
    const json& object = require_object(*it, "apparmor");
    AppArmorState state;
    get_to(object, "enabled", state.enabled);
    get_to(object, "profiles_read", state.profiles_read);
    get_to(object, "error", state.error);
    if (auto profiles = object.find("profiles"); profiles != object.end()) {
      for (const auto& profile : *profiles) {
        AppArmorProfile decoded;
        get_to(require_object(profile, "apparmor.profiles[]"), "name", decoded.name);
        get_to(profile, "mode", decoded.mode);
        state.profiles.push_back(std::move(decoded));
      }
    }
    facts.apparmor = std::move(state);
  }
  if (auto it = document.find("selinux"); it != document.end()) {
    const json& object = require_object(*it, "selinux");
    SelinuxState state;
    get_to(object, "present", state.present);
    get_opt(object, "enforcing", state.enforcing);
    get_to(object, "configured", state.configured);
    get_to(object, "error", state.error);
    facts.selinux = std::move(state);
  }
  if (auto it = document.find("seccomp"); it != document.end()) {
    const json& object = require_object(*it, "seccomp");
    SeccompState state;
    get_opt(object, "supported", state.supported);
    get_to(object, "source", state.source);
    get_to(object, "error", state.error);
    facts.seccomp = std::move(state);
  }
  return facts;
}

}  // namespace

std::string format_mode(unsigned mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", mode & 07777U);
  return buffer;
}

std::optional<unsigned> parse_mode(const std::string& text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned mode = 0;
  for (char digit : text) {
    if (digit < '0' || digit > '7') return std::nullopt;
    mode = mode * 8 + static_cast<unsigned>(digit - '0');
  }
  if (mode > 07777U) return std::nullopt;
  return mode;
}

core::Result<HostFacts> read_host_facts(const ReadContext& context, const DaemonConfig& config) {
  auto opened = io::RootDir::open(context.root);
  if (!opened) {
    // The root must be a directory hardock can look into: a usage error, not a host fact.
    return core::fail(core::ErrorCode::kInvalidArgument, opened.error().message);
  }
  const io::RootDir& root = *opened;
  HostFacts facts;
  const facts::Accounts accounts = facts::read_accounts(root);
  const facts::DaemonFiles daemon = facts::daemon_files(config);
  facts.data_root = daemon.data_root;
  facts.data_root_source = daemon.data_root_source;
  facts.files = facts::read_file_facts(context, root, daemon, accounts);
  facts.mounts = facts::read_mounts(root);
  facts.audit = facts::read_audit_rules(root, facts.files, facts.data_root);
  facts.docker_group = facts::read_docker_group(context, root);
  facts.kernel = facts::read_kernel(context, root);
  facts.apparmor = facts::read_apparmor(root);
  facts.selinux = facts::read_selinux(root);
  facts.seccomp = facts::read_seccomp(root, *facts.kernel);
  return facts;
}

core::Result<HostFacts> decode_host_facts(const nlohmann::json& document) {
  try {
    return decode(document);
  } catch (const DecodeError& error) {
    return core::fail(core::ErrorCode::kMalformedInput, "facts: " + error.message);
  } catch (const json::exception& error) {
    return core::fail(core::ErrorCode::kMalformedInput, std::string("facts: ") + error.what());
  }
}

nlohmann::json encode_host_facts(const HostFacts& value) {
  json out = json::object();
  json files = json::array();
  for (const auto& fact : value.files) files.push_back(encode_file(fact));
  out["files"] = std::move(files);
  out["data_root"] = value.data_root;
  out["data_root_source"] = value.data_root_source;
  if (value.mounts) {
    json entries = json::array();
    for (const auto& entry : value.mounts->entries) {
      entries.push_back(
          {{"mount_point", entry.mount_point}, {"fstype", entry.fstype}, {"source", entry.source}});
    }
    out["mounts"] = {{"source", value.mounts->source},
                     {"entries", std::move(entries)},
                     {"error", value.mounts->error}};
  }
  if (value.audit) {
    json rules = json::array();
    for (const auto& rule : value.audit->rules) {
      rules.push_back({{"path", rule.path}, {"kind", rule.kind}, {"origin", rule.origin}});
    }
    json targets = json::array();
    for (const auto& target : value.audit->targets) {
      json item = {{"cis", target.cis}, {"path", target.path}, {"exists", target.exists}};
      if (!target.error.empty()) item["error"] = target.error;
      targets.push_back(std::move(item));
    }
    out["audit"] = {{"sources", value.audit->sources},
                    {"rules", std::move(rules)},
                    {"targets", std::move(targets)},
                    {"error", value.audit->error}};
  }
  if (value.docker_group) {
    const auto& group = *value.docker_group;
    out["docker_group"] = {{"exists", group.exists},
                           {"gid", group.gid},
                           {"members", group.members},
                           {"trusted", group.trusted},
                           {"error", group.error}};
  }
  if (value.kernel) {
    out["kernel"] = {{"release", value.kernel->release},
                     {"source", value.kernel->source},
                     {"error", value.kernel->error}};
  }
  if (value.apparmor) {
    json profiles = json::array();
    for (const auto& profile : value.apparmor->profiles) {
      profiles.push_back({{"name", profile.name}, {"mode", profile.mode}});
    }
    out["apparmor"] = {{"enabled", value.apparmor->enabled},
                       {"profiles_read", value.apparmor->profiles_read},
                       {"profiles", std::move(profiles)},
                       {"error", value.apparmor->error}};
  }
  if (value.selinux) {
    out["selinux"] = {
        {"present", value.selinux->present},
        {"enforcing", value.selinux->enforcing ? json(*value.selinux->enforcing) : json(nullptr)},
        {"configured", value.selinux->configured},
        {"error", value.selinux->error}};
  }
  if (value.seccomp) {
    out["seccomp"] = {
        {"supported", value.seccomp->supported ? json(*value.seccomp->supported) : json(nullptr)},
        {"source", value.seccomp->source},
        {"error", value.seccomp->error}};
  }
  return out;
}

}  // namespace hardock::host
