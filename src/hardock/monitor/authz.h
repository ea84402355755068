// hardock as a Docker authorization plugin: each request the engine is about to carry out is
// judged by the audit's own checks, applied to what the request asks for, before it happens.
//
// The engine sends the plugin every API request (method, URI, the JSON body when it is JSON and
// under 1 MiB, the user when it authenticates one). decide() reads the request as untrusted input
// (bounded, validated), builds from it the object the audit would see after the request (a
// container from a create body, an exec session, a network membership), runs the checks that
// apply, and turns their findings into a decision under the policy. A request hardock does not
// judge is allowed; a request it must judge but cannot read is refused ("could not look" is
// never a pass).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/audit/waiver.h"
#include "hardock/core/finding.h"
#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"

namespace hardock::monitor {

// What a check's finding does to a request.
enum class AuthzAction { kAllow, kLog, kDeny };
std::string_view to_string(AuthzAction action);

// Findings of these checks on the matching containers are not acted on (they are still logged).
struct AuthzException {
  std::string name;                 // a container name, or a prefix ending in '*'; empty: any
  std::string label;                // "key" or "key=value" the container carries; empty: any
  std::vector<std::string> checks;  // codes; empty: every check
  std::string reason;
};

// Accepted risks (audit/waiver.h: `hardock accept`, `waivers:` of the policy file) as of `today`.
struct AuthzWaivers {
  std::vector<audit::Waiver> list;
  std::string today;  // YYYY-MM-DD, UTC
};

struct AuthzPolicy {
  bool enforce = true;  // false: audit mode, every request allowed, decisions logged
  // The action for a severity, and per check code (which wins).
  AuthzAction critical = AuthzAction::kDeny;
  AuthzAction high = AuthzAction::kDeny;
  AuthzAction medium = AuthzAction::kLog;
  AuthzAction low = AuthzAction::kLog;
  AuthzAction info = AuthzAction::kAllow;
  std::vector<std::pair<std::string, AuthzAction>> per_check;
  std::vector<AuthzException> exceptions;
  // Images may be pulled only from these registries (empty: not judged); plugins may be
  // installed only when allow_plugin_install.
  std::vector<std::string> trusted_registries;
  bool allow_plugin_install = false;
  audit::AuditConfig audit;  // sensitivity levels and label, accepted secret keys
  // The waivers in force now: a failing finding one covers is logged as waived, not acted on
  // (an expired one no longer covers it). Called only when a finding would deny; may be empty.
  std::function<std::shared_ptr<const AuthzWaivers>()> waivers;

  [[nodiscard]] AuthzAction action_for(const core::Finding& finding) const;
};

// The default: refuse critical and high findings and privileged exec sessions (CIS 5.23), log
// the rest.
[[nodiscard]] AuthzPolicy default_policy();

// Reads the `authz:` section of a policy file (YAML: .hardock.yaml), over default_policy().
// Unknown keys, bad actions and bad types are errors naming the key. `name` names the file.
[[nodiscard]] core::Result<AuthzPolicy> parse_policy(std::string_view yaml, std::string_view name);

// One request from the engine (AuthZPlugin.AuthZReq's body).
struct AuthzRequest {
  std::string user;  // set when the engine authenticated the client (TLS)
  std::string auth_method;
  std::string method;  // "POST"
  std::string uri;     // "/v1.43/containers/create?name=web"
  std::string body;    // decoded; empty when the engine sent none
};

// Fails with kMalformedInput (one line) when the plugin request itself is not what the
// protocol says: not JSON, wrong types, a body that is not base64. Bounded.
[[nodiscard]] core::Result<AuthzRequest> parse_request(std::string_view json_text);

// What the plugin needs from the engine to judge some requests (a network connect needs the
// container's networks and the networks' labels). Empty optional: could not be read.
struct EngineLookup {
  std::function<std::optional<docker::Container>(std::string_view id_or_name)> container;
  std::function<std::optional<std::vector<docker::Network>>()> networks;
  // Drops what networks() may have kept, so that its next answer is fresh (a request named a
  // network it did not list). May be empty.
  std::function<void()> forget_networks;
  // The engine's ID (/info), the host identity its records are stored under.
  std::function<std::optional<std::string>()> engine_id;
};

struct AuthzDecision {
  bool allow = true;
  std::string message;  // shown by the docker CLI on a denial: check, field and fix
  std::string kind;     // what was judged: "container.create", "exec.create", ... or "other"
  std::string object;   // the container, image or network concerned
  std::vector<core::Finding> findings;  // every finding, acted on or not
  std::vector<std::string> denied_by;   // codes whose action denied
  std::vector<std::string> excepted;    // codes an exception covered
  std::vector<std::string> waived;      // "CODE (store #12, owner, until 2026-12-31)"
  std::int64_t decide_us = 0;           // how long decide() took, in microseconds
};

[[nodiscard]] AuthzDecision decide(const AuthzRequest& request, const AuthzPolicy& policy,
                                   const EngineLookup& engine);

// The decision as one JSON line (time, request, user, decision, checks, reason): the plugin's
// log. `time` is RFC 3339 UTC.
[[nodiscard]] std::string decision_log_line(const AuthzRequest& request,
                                            const AuthzDecision& decision, bool enforce,
                                            std::string_view time);

}  // namespace hardock::monitor
