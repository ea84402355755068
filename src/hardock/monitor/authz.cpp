#include "hardock/monitor/authz.h"
#include "hardock/monitor/judge.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "hardock/audit/checks/image/reference.h"
#include "hardock/audit/registry.h"
#include "hardock/audit/run.h"
#include "hardock/io/base64.h"
#include "hardock/io/escape.h"
#include "hardock/io/json_guard.h"

namespace hardock::monitor {
namespace authz_detail {

using nlohmann::json;

// The engine sends bodies under 1 MiB; base64 makes them 4/3 of that, and the envelope adds
// headers.
constexpr std::size_t kMaxRequestBytes = 4U << 20;
constexpr std::size_t kMaxBodyText = (1U << 20) / 3 * 4 + 8;

// "/v1.43/containers/create?name=web" -> path "/containers/create", query "name=web".
struct Uri {
  std::string path;
  std::string query;
};

Uri split_uri(std::string_view uri) {
  Uri out;
  const auto question = uri.find('?');
  std::string_view path = uri.substr(0, question);
  if (question != std::string_view::npos) out.query = std::string(uri.substr(question + 1));
  // An API version prefix: /v1.43/...
  if (path.size() > 2 && path[0] == '/' && path[1] == 'v') {
    const auto next = path.find('/', 1);
    const std::string_view version =
        path.substr(2, next == std::string_view::npos ? path.npos : next - 2);
    if (!version.empty() && std::all_of(version.begin(), version.end(), [](char c) {
          return (c >= '0' && c <= '9') || c == '.';
        })) {
      path = next == std::string_view::npos ? std::string_view("/") : path.substr(next);
    }
  }
  // Collapse repeated slashes: the engine's router treats "//containers" as "/containers".
  for (char c : path) {
    if (c == '/' && !out.path.empty() && out.path.back() == '/') continue;
    out.path += c;
  }
  while (out.path.size() > 1 && out.path.back() == '/') out.path.pop_back();
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The value of `key` in a query string, decoded; the first one wins (as Go's Get does).
std::string query_value(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) == key) {
      return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

// "/containers/{id}/exec" -> {"containers", id, "exec"}.
std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    out.push_back(percent_decode(path.substr(0, slash)));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

core::Result<json> parse_body(const AuthzRequest& request, std::string_view what) {
  if (request.body.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      std::string(what) + ": the engine sent no request body to judge");
  }
  if (auto nesting = io::json_nesting_error(request.body); !nesting.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput, std::string(what) + ": " + nesting);
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      std::string(what) + ": the request body is not a JSON object");
  }
  return body;
}

// "src:dst[:options]" of HostConfig.Binds as the mount the engine will make.
json bind_mount(const std::string& bind) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto colon = bind.find(':', start);
    parts.push_back(bind.substr(start, colon == std::string::npos ? colon : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  json mount = json::object();
  if (parts.size() == 1) {  // an anonymous volume
    mount = {{"Type", "volume"}, {"Destination", parts[0]}, {"RW", true}};
    return mount;
  }
  const std::string& source = parts[0];
  const bool host_path = !source.empty() && source.front() == '/';
  // Options are comma-separated words ("ro,rslave", "z", "nocopy"): compared whole, never as
  // substrings.
  const std::string options = parts.size() > 2 ? parts[2] : "";
  bool read_only = false;
  std::string propagation;
  for (std::size_t from = 0; from <= options.size();) {
    const auto comma = options.find(',', from);
    const std::string word =
        options.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    if (word == "ro") read_only = true;
    if (word == "rw") read_only = false;
    for (const char* known : {"rshared", "shared", "rslave", "slave", "rprivate", "private"}) {
      if (word == known) propagation = known;
    }
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  mount = {{"Type", host_path ? "bind" : "volume"},
           {"Source", host_path ? source : ""},
           {"Name", host_path ? "" : source},
           {"Destination", parts[1]},
           {"Mode", options},
           {"RW", !read_only},
           {"Propagation", propagation}};
  return mount;
}

// HostConfig.Mounts (the --mount form) as the mounts the engine will make.
json api_mount(const json& entry) {
  if (!entry.is_object()) return json::object();
  auto text = [&](const char* key) {
    const auto it = entry.find(key);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string type = text("Type");
  const auto read_only = entry.find("ReadOnly");
  std::string propagation;
  if (const auto options = entry.find("BindOptions");
      options != entry.end() && options->is_object()) {
    if (const auto p = options->find("Propagation"); p != options->end() && p->is_string())
      propagation = p->get<std::string>();
  }
  return {{"Type", type},
          {"Source", type == "bind" ? text("Source") : ""},
          {"Name", type == "volume" ? text("Source") : ""},
          {"Destination", text("Target")},
          {"Mode", ""},
          {"RW", !(read_only != entry.end() && read_only->is_boolean() && read_only->get<bool>())},
          {"Propagation", propagation}};
}

// A container create body ({Config fields..., HostConfig, NetworkingConfig}) as the inspect
// the engine will answer once it is created, so that the audit's decoder and checks read it.
core::Result<docker::Container> container_from_create(const json& body, const std::string& name) {
  json config = body;
  config.erase("HostConfig");
  config.erase("NetworkingConfig");
  json host = json::object();
  if (const auto it = body.find("HostConfig"); it != body.end() && !it->is_null()) host = *it;
  if (!host.is_object()) {
    return core::fail(core::ErrorCode::kMalformedInput, "HostConfig: expected an object");
  }
  json mounts = json::array();
  if (const auto binds = host.find("Binds"); binds != host.end() && binds->is_array()) {
    for (const auto& bind : *binds) {
      if (bind.is_string()) mounts.push_back(bind_mount(bind.get<std::string>()));
    }
  }
  if (const auto list = host.find("Mounts"); list != host.end() && list->is_array()) {
    for (const auto& entry : *list) mounts.push_back(api_mount(entry));
  }
  json networks = json::object();
  if (const auto networking = body.find("NetworkingConfig");
      networking != body.end() && networking->is_object()) {
    if (const auto endpoints = networking->find("EndpointsConfig");
        endpoints != networking->end() && endpoints->is_object()) {
      for (const auto& [network, settings] : endpoints->items()) networks[network] = json::object();
    }
  }
  std::string mode = host.value("NetworkMode", json("")).is_string()
                         ? host.value("NetworkMode", std::string())
                         : std::string();
  if (networks.empty()) {
    // No network named: the engine attaches the container to its NetworkMode, or the default
    // bridge.
    if (mode.empty() || mode == "default") mode = "bridge";
    if (!mode.starts_with("container:") && mode != "none") networks[mode] = json::object();
  }
  const json inspect = {{"Id", ""},
                        {"Name", "/" + name},
                        {"Config", config},
                        {"HostConfig", host},
                        {"State", {{"Status", "created"}, {"Running", false}}},
                        {"Mounts", mounts},
                        {"NetworkSettings", {{"Networks", networks}}}};
  return docker::decode_container(inspect);
}

bool matches_exception(const AuthzException& exception, const docker::Container* container,
                       std::string_view code) {
  if (!exception.checks.empty() &&
      std::find(exception.checks.begin(), exception.checks.end(), code) == exception.checks.end()) {
    return false;
  }
  if (exception.name.empty() && exception.label.empty()) return true;
  if (container == nullptr) return false;
  if (!exception.name.empty()) {
    const std::string_view name = exception.name;
    const bool ok =
        name.ends_with('*')
            ? std::string_view(container->name).starts_with(name.substr(0, name.size() - 1))
            : container->name == name;
    if (!ok) return false;
  }
  if (!exception.label.empty()) {
    const auto eq = exception.label.find('=');
    const std::string key = exception.label.substr(0, eq);
    const auto it = container->labels.find(key);
    if (it == container->labels.end()) return false;
    if (eq != std::string::npos && it->second != exception.label.substr(eq + 1)) return false;
  }
  return true;
}

// Turns the findings into the decision: a failing finding whose action is deny refuses the
// request; so does a check whose action is deny that could not look.
void conclude(AuthzDecision& decision, const AuthzPolicy& policy,
              const docker::Container* container) {
  std::vector<std::string> reasons;
  std::shared_ptr<const AuthzWaivers> waivers;
  bool waivers_read = false;
  for (const auto& finding : decision.findings) {
    if (policy.action_for(finding) != AuthzAction::kDeny) continue;
    const std::string code(finding.check_code);
    const bool excepted =
        std::any_of(policy.exceptions.begin(), policy.exceptions.end(),
                    [&](const AuthzException& e) { return matches_exception(e, container, code); });
    if (excepted) {
      if (std::find(decision.excepted.begin(), decision.excepted.end(), code) ==
          decision.excepted.end())
        decision.excepted.push_back(code);
      continue;
    }
    if (finding.status == core::FindingStatus::kFail && policy.waivers) {
      if (!waivers_read) {
        waivers = policy.waivers();
        waivers_read = true;
      }
      if (waivers) {
        const audit::WaiverSubject subject{finding.check_code, finding.target, finding.severity};
        const auto match = audit::match_waiver(waivers->list, subject, waivers->today);
        if (match.state == audit::WaiverState::kInForce) {
          decision.waived.push_back(code + " (" + match.waiver->source + ", " +
                                    match.waiver->owner + ", until " + match.waiver->until + ")");
          continue;
        }
      }
    }
    if (std::find(decision.denied_by.begin(), decision.denied_by.end(), code) ==
        decision.denied_by.end())
      decision.denied_by.push_back(code);
    std::string reason = code + " " + std::string(finding.slug);
    if (!finding.cis.empty()) reason += " (CIS " + finding.cis + ")";
    reason += finding.status == core::FindingStatus::kFail ? ": " : ": could not judge: ";
    reason += finding.evidence;
    if (finding.status == core::FindingStatus::kFail && !finding.remediation.empty())
      reason += ". Fix: " + std::string(finding.remediation);
    reasons.push_back(std::move(reason));
  }
  if (reasons.empty()) return;
  decision.allow = false;
  std::string message = "hardock refused " + decision.kind;
  if (!decision.object.empty()) message += " of " + decision.object;
  message += ": ";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) message += "; ";
    message += reasons[i];
  }
  // The docker CLI prints the message as is: one line, no control characters.
  decision.message = io::one_line(io::terminal_safe(message));
}

// A finding made by the plugin itself when it cannot judge a request it must (no body, an
// unreadable one): the check that would have judged it could not look.
core::Finding could_not_judge(std::string_view code, std::string_view object, std::string reason) {
  const audit::Check* check = audit::find_check(code);
  if (check == nullptr) std::abort();  // the codes passed in are this binary's own
  core::Target target{core::TargetKind::kContainer, std::string(object), std::string(object)};
  return core::make_unchecked(check->info, std::move(target), core::FindingStatus::kError,
                              std::move(reason));
}

// Whether `ref` (a name, an ID or an ID's prefix of 12 or more) names `network`.
bool names(const docker::Network& network, std::string_view ref) {
  return network.id == ref || network.name == ref ||
         (ref.size() >= 12 && std::string_view(network.id).starts_with(ref));
}

bool lists(const std::vector<docker::Network>& networks, std::string_view ref) {
  return std::any_of(networks.begin(), networks.end(),
                     [&](const docker::Network& n) { return names(n, ref); });
}

// Whether every user-defined network the container joins is in `networks`.
bool lists_every_network(const std::vector<docker::Network>& networks,
                         const docker::Container& container) {
  return std::all_of(container.networks.begin(), container.networks.end(),
                     [&](const docker::ContainerNetwork& joined) {
                       const std::string_view name = joined.name;
                       return name == "bridge" || name == "host" || name == "none" ||
                              lists(networks, name);
                     });
}

void decide_create(AuthzDecision& decision, const AuthzRequest& request, const Uri& uri,
                   const AuthzPolicy& policy, const EngineLookup& engine) {
  decision.kind = "container.create";
  const std::string name = query_value(uri.query, "name");
  decision.object = name.empty() ? "(unnamed container)" : name;
  auto body = parse_body(request, "container create");
  if (!body) {
    decision.findings.push_back(
        could_not_judge("HDK-C-004", decision.object, body.error().message));
    return conclude(decision, policy, nullptr);
  }
  auto container = container_from_create(*body, name);
  if (!container) {
    decision.findings.push_back(
        could_not_judge("HDK-C-004", decision.object, container.error().message));
    return conclude(decision, policy, nullptr);
  }
  std::vector<docker::Network> networks;
  if (engine.networks) {
    if (auto read = engine.networks()) networks = std::move(*read);
    if (!lists_every_network(networks, *container) && engine.forget_networks) {
      engine.forget_networks();  // a network made since the list was kept
      if (auto read = engine.networks()) networks = std::move(*read);
    }
  }
  decision.findings = judge_container(*container, networks, policy.audit, container_checks(false));
  conclude(decision, policy, &*container);
}

void decide_exec(AuthzDecision& decision, const AuthzRequest& request, const std::string& id,
                 const AuthzPolicy& policy, const EngineLookup& engine) {
  decision.kind = "exec.create";
  decision.object = id;
  auto body = parse_body(request, "exec create");
  if (!body) {
    decision.findings.push_back(could_not_judge("HDK-C-017", id, body.error().message));
    return conclude(decision, policy, nullptr);
  }
  docker::Container container;
  container.id = id;
  container.name = id;
  std::optional<docker::Container> known;
  if (engine.container) known = engine.container(id);
  if (known) {
    container.id = known->id;
    container.name = known->name;
    container.user = known->user;
    container.labels = known->labels;
    decision.object = known->name;
  }
  docker::ExecSession exec;
  exec.id = "(new exec)";
  exec.running = true;
  const auto privileged = body->find("Privileged");
  exec.privileged =
      privileged != body->end() && privileged->is_boolean() && privileged->get<bool>();
  if (const auto user = body->find("User"); user != body->end() && user->is_string())
    exec.user = user->get<std::string>();
  if (const auto cmd = body->find("Cmd"); cmd != body->end() && cmd->is_array()) {
    for (const auto& part : *cmd) {
      if (!part.is_string()) continue;
      if (!exec.command.empty()) exec.command += ' ';
      exec.command += part.get<std::string>();
    }
  }
  if (!known && exec.user.empty()) {
    // The exec runs as the container's user, which could not be read.
    decision.findings.push_back(could_not_judge(
        "HDK-C-017", id, "the container " + id + " could not be read to learn its user"));
  }
  container.exec_ids = {exec.id};
  container.execs_read = true;
  container.execs = {exec};
  auto findings = judge_container(container, {}, policy.audit, {"HDK-C-017"});
  decision.findings.insert(decision.findings.end(), std::make_move_iterator(findings.begin()),
                           std::make_move_iterator(findings.end()));
  conclude(decision, policy, known ? &*known : nullptr);
}

// What `docker update` can change, applied to the container read from the engine. Fails on a
// field of the wrong type, naming it.
core::Result<void> apply_update(const json& body, docker::Container& container) {
  const std::pair<const char*, int64_t*> numbers[] = {
      {"Memory", &container.memory},
      {"MemorySwap", &container.memory_swap},
      {"MemoryReservation", &container.memory_reservation},
      {"NanoCpus", &container.nano_cpus},
      {"CpuShares", &container.cpu_shares},
      {"CpuQuota", &container.cpu_quota},
      {"CpuPeriod", &container.cpu_period}};
  auto bad = [](std::string_view key) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      "container update: " + std::string(key) + " is not what the API takes");
  };
  for (const auto& [key, field] : numbers) {
    const auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    if (!it->is_number_integer()) return bad(key);
    *field = it->get<int64_t>();
  }
  if (const auto it = body.find("PidsLimit"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) return bad("PidsLimit");
    container.pids_limit = it->get<int64_t>();
  }
  if (const auto it = body.find("CpusetCpus"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return bad("CpusetCpus");
    container.cpuset_cpus = it->get<std::string>();
  }
  if (const auto it = body.find("RestartPolicy"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) return bad("RestartPolicy");
    const auto name = it->find("Name");
    const auto retries = it->find("MaximumRetryCount");
    if (name != it->end() && !name->is_string()) return bad("RestartPolicy.Name");
    if (retries != it->end() && !retries->is_number_integer())
      return bad("RestartPolicy.MaximumRetryCount");
    if (name != it->end()) container.restart_policy.name = name->get<std::string>();
    if (retries != it->end())
      container.restart_policy.maximum_retry_count = retries->get<int64_t>();
  }
  return {};
}

// POST /containers/{id}/update: the container as it would be after the update, from its
// inspect. Only what the update makes worse acts: a finding the container already had is not
// the update's doing (a privileged container may still be given a memory limit).
void decide_update(AuthzDecision& decision, const AuthzRequest& request, const std::string& id,
                   const AuthzPolicy& policy, const EngineLookup& engine) {
  decision.kind = "container.update";
  decision.object = id;
  auto body = parse_body(request, "container update");
  std::optional<docker::Container> before;
  if (body && engine.container) before = engine.container(id);
  if (!body || !before) {
    const std::string reason = !body
                                   ? body.error().message
                                   : "the container '" + id + "' could not be read from the engine";
    decision.findings.push_back(could_not_judge("HDK-C-007", id, reason));
    return conclude(decision, policy, nullptr);
  }
  decision.object = before->name;
  docker::Container after = *before;
  if (auto applied = apply_update(*body, after); !applied) {
    decision.findings.push_back(could_not_judge("HDK-C-007", id, applied.error().message));
    return conclude(decision, policy, &*before);
  }
  std::vector<std::string> codes;
  for (const char* code : {"HDK-C-007", "HDK-C-008", "HDK-C-010", "HDK-C-021"})
    codes.emplace_back(code);
  const auto had = judge_container(*before, {}, policy.audit, codes);
  for (auto& finding : judge_container(after, {}, policy.audit, codes)) {
    const bool old = std::any_of(had.begin(), had.end(), [&](const core::Finding& f) {
      return f.check_code == finding.check_code && f.status == finding.status &&
             f.key == finding.key;
    });
    if (!old) decision.findings.push_back(std::move(finding));
  }
  conclude(decision, policy, &after);
}

void decide_connect(AuthzDecision& decision, const AuthzRequest& request,
                    const std::string& network_id, const AuthzPolicy& policy,
                    const EngineLookup& engine) {
  decision.kind = "network.connect";
  decision.object = network_id;
  auto body = parse_body(request, "network connect");
  std::string container_ref;
  if (body) {
    if (const auto c = body->find("Container"); c != body->end() && c->is_string())
      container_ref = c->get<std::string>();
  }
  std::optional<docker::Container> container;
  std::optional<std::vector<docker::Network>> networks;
  if (!container_ref.empty() && engine.container) container = engine.container(container_ref);
  if (engine.networks) networks = engine.networks();
  if (networks && !lists(*networks, network_id) && engine.forget_networks) {
    engine.forget_networks();  // a network made since the list was kept
    networks = engine.networks();
  }
  if (!container || !networks) {
    const std::string reason =
        !body        ? body.error().message
        : !container ? "the container '" + container_ref + "' could not be read from the engine"
                     : "the engine's networks could not be read";
    decision.findings.push_back(could_not_judge("HDK-N-009", container_ref, reason));
    return conclude(decision, policy, container ? &*container : nullptr);
  }
  const auto joined = std::find_if(networks->begin(), networks->end(),
                                   [&](const auto& n) { return names(n, network_id); });
  if (joined == networks->end()) {
    decision.findings.push_back(could_not_judge("HDK-N-009", container->name,
                                                "the network '" + network_id + "' is not known"));
    return conclude(decision, policy, &*container);
  }
  decision.object = container->name + " -> " + joined->name;
  container->running = false;  // judged on what it asks for, as a stopped container
  if (std::none_of(container->networks.begin(), container->networks.end(),
                   [&](const docker::ContainerNetwork& n) { return n.name == joined->name; })) {
    container->networks.push_back({joined->name, joined->id, ""});
  }
  decision.findings = judge_container(*container, *networks, policy.audit, {"HDK-N-009"});
  conclude(decision, policy, &*container);
}

void decide_pull(AuthzDecision& decision, const Uri& uri, const AuthzPolicy& policy) {
  const std::string from = query_value(uri.query, "fromImage");
  if (from.empty()) {  // an import (fromSrc), not a pull
    decision.kind = "image.import";
    return;
  }
  decision.kind = "image.pull";
  const std::string tag = query_value(uri.query, "tag");
  decision.object = tag.empty() || from.find('@') != std::string::npos || tag.starts_with("sha256:")
                        ? from
                        : from + ":" + tag;
  if (policy.trusted_registries.empty()) return;
  const std::string registry = audit::checks::untrusted_source::registry_of(from);
  const auto& trusted = policy.trusted_registries;
  if (std::find(trusted.begin(), trusted.end(), registry) != trusted.end()) return;
  const audit::Check* check = audit::find_check("image-untrusted-source");
  if (check == nullptr) return;
  core::Target target{core::TargetKind::kImage, decision.object, decision.object};
  decision.findings.push_back(core::make_finding(check->info, std::move(target),
                                                 "image " + decision.object +
                                                     " comes from registry " + registry +
                                                     ", which is not in the trusted registries"));
  conclude(decision, policy, nullptr);
}

void decide_plugin(AuthzDecision& decision, const Uri& uri, const AuthzPolicy& policy) {
  decision.kind = "plugin.install";
  decision.object = query_value(uri.query, "remote");
  if (policy.allow_plugin_install) return;
  decision.allow = false;
  decision.denied_by.push_back("plugin-install");
  decision.message = io::one_line(io::terminal_safe(
      "hardock refused plugin.install of " + decision.object +
      ": engine plugins run as root outside any container confinement; allow them in the "
      "authz policy (allow_plugin_install: true) after review"));
}

}  // namespace authz_detail

std::string_view to_string(AuthzAction action) {
  switch (action) {
    case AuthzAction::kAllow:
      return "allow";
    case AuthzAction::kLog:
      return "log";
    case AuthzAction::kDeny:
      return "deny";
  }
  return "log";
}

AuthzAction AuthzPolicy::action_for(const core::Finding& finding) const {
  for (const auto& [key, action] : per_check) {
    if (key == finding.check_code || key == finding.slug ||
        (!finding.cis.empty() && key == "CIS " + finding.cis)) {
      return action;
    }
  }
  switch (finding.severity) {
    case core::Severity::kCritical:
      return critical;
    case core::Severity::kHigh:
      return high;
    case core::Severity::kMedium:
      return medium;
    case core::Severity::kLow:
      return low;
    case core::Severity::kInfo:
      return info;
  }
  return medium;
}

AuthzPolicy default_policy() {
  AuthzPolicy policy;
  // Exec with --privileged (CIS 5.23) is medium in an audit, where the session is past; here it
  // is about to happen. A pull from outside the allow list is refused when a list is set.
  policy.per_check = {{"CIS 5.23", AuthzAction::kDeny},
                      {"image-untrusted-source", AuthzAction::kDeny}};
  return policy;
}

core::Result<AuthzRequest> parse_request(std::string_view json_text) {
  using nlohmann::json;
  auto bad = [](std::string what) {
    return core::fail(core::ErrorCode::kMalformedInput, "authorization request: " + what);
  };
  if (json_text.size() > authz_detail::kMaxRequestBytes) return bad("larger than 4 MiB");
  if (auto nesting = io::json_nesting_error(json_text); !nesting.empty()) return bad(nesting);
  const json document = json::parse(json_text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return bad("not a JSON object");
  AuthzRequest request;
  auto text = [&](const char* key, std::string& out) -> bool {
    const auto it = document.find(key);
    if (it == document.end() || it->is_null()) return true;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  std::string body64;
  struct Field {
    const char* key;
    std::string* out;
  };
  const Field fields[] = {{"User", &request.user},
                          {"UserAuthNMethod", &request.auth_method},
                          {"RequestMethod", &request.method},
                          {"RequestUri", &request.uri},
                          {"RequestBody", &body64}};
  for (const Field& field : fields) {
    if (!text(field.key, *field.out)) return bad(std::string(field.key) + ": expected a string");
  }
  if (!body64.empty()) {
    auto body = io::base64_decode(body64, authz_detail::kMaxBodyText);
    if (!body) return bad("RequestBody: not base64, or over 1 MiB");
    request.body = std::move(*body);
  }
  return request;
}

AuthzDecision decide(const AuthzRequest& request, const AuthzPolicy& policy,
                     const EngineLookup& engine) {
  using namespace authz_detail;
  const auto started = std::chrono::steady_clock::now();
  AuthzDecision decision;
  decision.kind = "other";
  const Uri uri = split_uri(request.uri);
  const auto parts = segments(uri.path);
  const bool post = request.method == "POST";
  if (post && parts.size() == 2 && parts[0] == "containers" && parts[1] == "create") {
    decide_create(decision, request, uri, policy, engine);
  } else if (post && parts.size() == 3 && parts[0] == "containers" && parts[2] == "update") {
    decide_update(decision, request, parts[1], policy, engine);
  } else if (post && parts.size() == 3 && parts[0] == "containers" && parts[2] == "exec") {
    decide_exec(decision, request, parts[1], policy, engine);
  } else if (post && parts.size() == 3 && parts[0] == "networks" && parts[2] == "connect") {
    decide_connect(decision, request, parts[1], policy, engine);
  } else if (post && parts.size() == 2 && parts[0] == "images" && parts[1] == "create") {
    decide_pull(decision, uri, policy);
  } else if (post && parts.size() == 2 && parts[0] == "plugins" &&
             (parts[1] == "pull" || parts[1] == "create")) {
    decide_plugin(decision, uri, policy);
  }
  if (!policy.enforce && !decision.allow) {
    decision.allow = true;  // audit mode: the decision is logged, the request goes on
  }
  decision.decide_us = std::chrono::duration_cast<std::chrono::microseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
  return decision;
}

std::string decision_log_line(const AuthzRequest& request, const AuthzDecision& decision,
                              bool enforce, std::string_view time) {
  using nlohmann::json;
  json checks = json::array();
  for (const auto& finding : decision.findings) {
    checks.push_back({{"code", finding.check_code},
                      {"severity", core::to_string(finding.severity)},
                      {"status", core::to_string(finding.status)},
                      {"cis", finding.cis},
                      {"evidence", finding.evidence}});
  }
  const bool would_deny = !decision.denied_by.empty();
  json line = {{"time", time},
               {"method", request.method},
               {"uri", request.uri},
               {"user", request.user},
               {"kind", decision.kind},
               {"object", decision.object},
               {"decision", decision.allow ? "allow" : "deny"},
               {"mode", enforce ? "enforce" : "audit"},
               {"would_deny", would_deny},
               {"denied_by", decision.denied_by},
               {"excepted", decision.excepted},
               {"waived", decision.waived},
               {"reason", decision.message},
               {"decide_us", decision.decide_us},
               {"checks", checks}};
  return line.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace hardock::monitor
