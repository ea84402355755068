// Runs a registered host check on a host-root fixture tree read by read_host_facts.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "../host/host_fixtures.h"
#include "hardock/audit/registry.h"

namespace hardock::audit::check_test {

inline std::vector<core::Finding> run_on_tree(std::string_view code, const std::string& root,
                                              std::vector<std::string> trusted = {}) {
  const Check* check = find_check(code);
  if (check == nullptr) {
    ADD_FAILURE() << code << ": no such check";
    return {};
  }
  host::ReadContext context;
  context.root = root;
  context.live = false;
  context.trusted_docker_users = std::move(trusted);
  auto facts = host::read_host_facts(
      context, host::read_daemon_config(context).value_or(host::DaemonConfig{}));
  if (!facts) {
    ADD_FAILURE() << root << ": " << facts.error().to_string();
    return {};
  }
  host::HostSnapshot host;
  host.root = root;
  host.facts = *facts;
  const docker::EngineSnapshot engine;
  const AuditConfig config;
  return check->run(*check, AuditContext{engine, config, &host, false});
}

inline std::vector<std::string> evidence_of(const std::vector<core::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& finding : findings) out.push_back(finding.evidence);
  return out;
}

}  // namespace hardock::audit::check_test
