#include "hardock/monitor/authz.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "hardock/io/base64.h"
#include "hardock/monitor/authz_server.h"

namespace hardock::monitor {
namespace {

AuthzRequest create(std::string body, std::string name = "web") {
  AuthzRequest request;
  request.method = "POST";
  request.uri = "/v1.43/containers/create?name=" + name;
  request.body = std::move(body);
  return request;
}

docker::Network labelled_network(std::string id, std::string name, std::string level) {
  docker::Network network;
  network.id = std::move(id);
  network.name = std::move(name);
  network.labels["hardock.sensitivity"] = std::move(level);
  return network;
}

bool denied_by(const AuthzDecision& decision, std::string_view code) {
  return std::find(decision.denied_by.begin(), decision.denied_by.end(), code) !=
         decision.denied_by.end();
}

TEST(AuthzDecide, PrivilegedAndSocketBindAreRefusedWithCheckFieldAndFix) {
  const auto decision = decide(create(R"({"Image":"busybox","HostConfig":{"Privileged":true,
                 "Binds":["/var/run/docker.sock:/var/run/docker.sock:ro"]}})"),
                               default_policy(), {});
  EXPECT_FALSE(decision.allow);
  EXPECT_EQ(decision.kind, "container.create");
  EXPECT_TRUE(denied_by(decision, "HDK-C-004"));
  EXPECT_TRUE(denied_by(decision, "HDK-C-023"));
  EXPECT_NE(decision.message.find("HostConfig.Privileged=true"), std::string::npos);
  EXPECT_NE(decision.message.find("Fix: "), std::string::npos);
  EXPECT_EQ(decision.message.find('\n'), std::string::npos);
}

TEST(AuthzDecide, MountFormAndNamespacesAreRead) {
  const auto decision = decide(create(R"({"Image":"b","HostConfig":{"PidMode":"host",
      "Mounts":[{"Type":"bind","Source":"/","Target":"/host"}]}})"),
                               default_policy(), {});
  EXPECT_FALSE(decision.allow);
  EXPECT_TRUE(denied_by(decision, "HDK-C-011"));  // host PID namespace
  EXPECT_TRUE(denied_by(decision, "HDK-C-005"));  // the host's root mounted
}

TEST(AuthzDecide, BindOptionsAreWholeWords) {
  auto evidence_of = [](const AuthzDecision& decision, std::string_view code) {
    for (const auto& finding : decision.findings)
      if (finding.check_code == code) return finding.evidence;
    return std::string();
  };
  // "rprivate" is a propagation, not a read-only flag: the mount stays read-write.
  const auto rw = decide(create(R"({"HostConfig":{"Binds":["/etc:/host-etc:rprivate"]}})"),
                         default_policy(), {});
  const auto ro = decide(create(R"({"HostConfig":{"Binds":["/etc:/host-etc:ro,rprivate"]}})"),
                         default_policy(), {});
  EXPECT_NE(evidence_of(rw, "HDK-C-005").find("bind, rw"), std::string::npos)
      << evidence_of(rw, "HDK-C-005");
  EXPECT_NE(evidence_of(ro, "HDK-C-005").find("bind, ro"), std::string::npos)
      << evidence_of(ro, "HDK-C-005");
}

TEST(AuthzDecide, HardenedCreateIsAllowedAndMediumFindingsOnlyLogged) {
  const auto decision = decide(create(R"({"Image":"busybox","User":"1000",
      "HostConfig":{"ReadonlyRootfs":true,"CapDrop":["ALL"],"Memory":67108864}})"),
                               default_policy(), {});
  EXPECT_TRUE(decision.allow) << decision.message;
  EXPECT_TRUE(decision.denied_by.empty());
  EXPECT_FALSE(decision.findings.empty());  // e.g. no pids limit: logged, not refused
}

TEST(AuthzDecide, AuditModeAllowsButRecordsWhatWouldBeRefused) {
  AuthzPolicy policy = default_policy();
  policy.enforce = false;
  const auto decision = decide(create(R"({"HostConfig":{"Privileged":true}})"), policy, {});
  EXPECT_TRUE(decision.allow);
  EXPECT_TRUE(denied_by(decision, "HDK-C-004"));
  const std::string line = decision_log_line(create("{}"), decision, false, "2026-11-30T00:00:00Z");
  EXPECT_NE(line.find(R"("would_deny":true)"), std::string::npos);
  EXPECT_NE(line.find(R"("mode":"audit")"), std::string::npos);
  EXPECT_NE(line.find(R"("decide_us":)" + std::to_string(decision.decide_us)), std::string::npos)
      << line;
}

TEST(AuthzDecide, ExceptionsByNameAndLabel) {
  AuthzPolicy policy = default_policy();
  policy.exceptions.push_back({"ci-*", "", {"HDK-C-004"}, "build runners"});
  policy.exceptions.push_back({"", "team=infra", {}, "infra tools"});
  const std::string privileged = R"({"HostConfig":{"Privileged":true}})";
  EXPECT_TRUE(decide(create(privileged, "ci-runner-1"), policy, {}).allow);
  EXPECT_FALSE(decide(create(privileged, "web"), policy, {}).allow);
  EXPECT_TRUE(
      decide(create(R"({"Labels":{"team":"infra"},"HostConfig":{"Privileged":true}})"), policy, {})
          .allow);
  EXPECT_FALSE(
      decide(create(R"({"Labels":{"team":"web"},"HostConfig":{"Privileged":true}})"), policy, {})
          .allow);
}

// A waiver in force (hardock accept) lets the request through, logged as waived; an expired
// one, or one for another container, does not.
TEST(AuthzDecide, WaiversInForceAreRespectedAndExpiredOnesAreNot) {
  auto waivers = std::make_shared<AuthzWaivers>();
  waivers->today = "2026-11-30";
  audit::Waiver waiver;
  waiver.check = "HDK-C-004";
  waiver.target = "legacy-agent";
  waiver.reason = "vendor agent";
  waiver.owner = "ops";
  waiver.until = "2026-12-31";
  waiver.allow_critical = true;
  waiver.source = "store #7";
  waivers->list.push_back(waiver);
  int reads = 0;
  AuthzPolicy policy = default_policy();
  policy.waivers = [&] {
    ++reads;
    return std::shared_ptr<const AuthzWaivers>(waivers);
  };
  const std::string privileged = R"({"HostConfig":{"Privileged":true}})";
  const auto waived = decide(create(privileged, "legacy-agent"), policy, {});
  EXPECT_TRUE(waived.allow) << waived.message;
  ASSERT_EQ(waived.waived.size(), 1U);
  EXPECT_NE(waived.waived[0].find("store #7"), std::string::npos) << waived.waived[0];
  const std::string line =
      decision_log_line(create(privileged, "legacy-agent"), waived, true, "2026-11-30T00:00:00Z");
  EXPECT_NE(line.find(R"x("waived":["HDK-C-004 (store #7, ops, until 2026-12-31)"])x"),
            std::string::npos)
      << line;
  EXPECT_FALSE(decide(create(privileged, "web"), policy, {}).allow);
  waivers->today = "2027-01-01";
  EXPECT_FALSE(decide(create(privileged, "legacy-agent"), policy, {}).allow);
  // Read only when a finding would deny: a harmless request never asks for them.
  const int before = reads;
  EXPECT_TRUE(decide(create(R"({"Image":"busybox","User":"1000","HostConfig":{"ReadonlyRootfs":true,
      "CapDrop":["ALL"],"Memory":67108864}})"),
                     policy, {})
                  .allow);
  EXPECT_EQ(reads, before);
}

TEST(AuthzDecide, ExecPrivilegedRefusedAndUnknownUserIsNotAPass) {
  AuthzRequest exec;
  exec.method = "POST";
  exec.uri = "/v1.41/containers/abc/exec";
  exec.body = R"({"Privileged":true,"Cmd":["sh"]})";
  EXPECT_FALSE(decide(exec, default_policy(), {}).allow);

  // Without --user the exec runs as the container's user; with no engine to ask, CIS 5.24
  // cannot be decided: recorded as an error, acted on only where the policy denies the check.
  exec.body = R"({"Cmd":["sh"]})";
  AuthzPolicy strict = default_policy();
  strict.per_check = {{"HDK-C-017", AuthzAction::kDeny}};
  const auto unknown = decide(exec, strict, {});
  EXPECT_FALSE(unknown.allow);
  EXPECT_NE(unknown.message.find("could not judge"), std::string::npos);

  EngineLookup engine;
  engine.container = [](std::string_view) -> std::optional<docker::Container> {
    docker::Container c;
    c.id = "abc";
    c.name = "web";
    c.user = "1000";
    return c;
  };
  EXPECT_TRUE(decide(exec, strict, engine).allow);
}

// docker update: judged as the container after it; only what the update makes worse acts.
TEST(AuthzDecide, UpdateIsJudgedOnWhatItMakesWorse) {
  EngineLookup engine;
  engine.container = [](std::string_view) -> std::optional<docker::Container> {
    docker::Container c;
    c.id = "c1";
    c.name = "web";
    c.running = true;
    c.privileged = true;  // already there: not the update's doing
    c.memory = 67108864;
    c.pids_limit = 100;
    return c;
  };
  AuthzPolicy strict = default_policy();
  strict.per_check = {{"HDK-C-021", AuthzAction::kDeny}, {"HDK-C-007", AuthzAction::kDeny}};
  AuthzRequest update;
  update.method = "POST";
  update.uri = "/v1.43/containers/web/update";
  update.body = R"({"PidsLimit":-1})";
  const auto unlimited = decide(update, strict, engine);
  EXPECT_EQ(unlimited.kind, "container.update");
  EXPECT_FALSE(unlimited.allow);
  EXPECT_TRUE(denied_by(unlimited, "HDK-C-021")) << unlimited.message;
  EXPECT_FALSE(denied_by(unlimited, "HDK-C-004"));  // privileged before and after

  update.body =
      R"({"Memory":134217728,"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}})";
  EXPECT_TRUE(decide(update, strict, engine).allow);
  update.body = R"({"Memory":0})";
  EXPECT_TRUE(denied_by(decide(update, strict, engine), "HDK-C-007"));

  // A field of the wrong type, or a container the engine cannot give: could not judge.
  update.body = R"({"PidsLimit":"lots"})";
  const auto bad = decide(update, strict, engine);
  EXPECT_FALSE(bad.allow);
  EXPECT_NE(bad.message.find("PidsLimit"), std::string::npos) << bad.message;
  update.body = R"({"Memory":0})";
  EXPECT_FALSE(decide(update, strict, {}).allow);
  EXPECT_TRUE(decide(update, default_policy(), {}).allow);  // medium: logged, not acted on
}

// The networks may be kept between requests; a create naming one the kept list lacks (made
// since) asks again, so a new network's level is not missed.
TEST(AuthzDecide, CreateOnANetworkNotInTheKeptListAsksAgain) {
  const docker::Network pub = labelled_network("n1", "front", "public");
  const docker::Network restricted = labelled_network("n2", "vault", "restricted");
  bool forgotten = false;
  EngineLookup engine;
  engine.networks = [&]() -> std::optional<std::vector<docker::Network>> {
    if (!forgotten) return std::vector<docker::Network>{pub};  // kept before "vault" was made
    return std::vector<docker::Network>{pub, restricted};
  };
  engine.forget_networks = [&] { forgotten = true; };
  const auto decision = decide(create(R"({"Image":"b","User":"1000",
      "NetworkingConfig":{"EndpointsConfig":{"front":{},"vault":{}}}})"),
                               default_policy(), engine);
  EXPECT_TRUE(forgotten);
  EXPECT_TRUE(denied_by(decision, "HDK-N-009")) << decision.message;
}

TEST(AuthzDecide, NetworkConnectAcrossLevelsIsRefused) {
  const docker::Network pub = labelled_network("n1", "front", "public");
  const docker::Network restricted = labelled_network("n2", "vault", "restricted");
  EngineLookup engine;
  engine.container = [](std::string_view) -> std::optional<docker::Container> {
    docker::Container c;
    c.id = "c1";
    c.name = "web";
    c.networks.push_back({"front", "n1", "10.0.0.2"});
    return c;
  };
  engine.networks = [&]() -> std::optional<std::vector<docker::Network>> {
    return std::vector<docker::Network>{pub, restricted};
  };
  AuthzRequest connect;
  connect.method = "POST";
  connect.uri = "/v1.43/networks/vault/connect";
  connect.body = R"({"Container":"web"})";
  const auto decision = decide(connect, default_policy(), engine);
  EXPECT_FALSE(decision.allow);
  EXPECT_TRUE(denied_by(decision, "HDK-N-009"));

  connect.uri = "/v1.43/networks/front/connect";
  EXPECT_TRUE(decide(connect, default_policy(), engine).allow);

  // The engine cannot be read: could not judge, refused.
  EXPECT_FALSE(decide(connect, default_policy(), {}).allow);
}

TEST(AuthzDecide, PullsFromOutsideTheAllowListAndPluginInstalls) {
  AuthzPolicy policy = default_policy();
  AuthzRequest pull;
  pull.method = "POST";
  pull.uri = "/v1.43/images/create?fromImage=evil.example%2Fminer&tag=1";
  EXPECT_TRUE(decide(pull, policy, {}).allow);  // no list: not judged
  policy.trusted_registries = {"registry.example:5000"};
  const auto refused = decide(pull, policy, {});
  EXPECT_FALSE(refused.allow);
  EXPECT_NE(refused.message.find("evil.example"), std::string::npos);
  pull.uri = "/v1.43/images/create?fromImage=registry.example%3A5000%2Fapp&tag=2";
  EXPECT_TRUE(decide(pull, policy, {}).allow);

  AuthzRequest plugin;
  plugin.method = "POST";
  plugin.uri = "/v1.43/plugins/pull?remote=vieux/sshfs";
  EXPECT_FALSE(decide(plugin, policy, {}).allow);
  policy.allow_plugin_install = true;
  EXPECT_TRUE(decide(plugin, policy, {}).allow);
}

TEST(AuthzDecide, OtherRequestsPassAndPathTricksDoNot) {
  AuthzRequest get;
  get.method = "GET";
  get.uri = "/v1.43/containers/json";
  EXPECT_TRUE(decide(get, default_policy(), {}).allow);
  // No version, doubled slashes, trailing slash: still a create.
  auto sneaky = create(R"({"HostConfig":{"Privileged":true}})");
  sneaky.uri = "//containers//create/?name=x";
  EXPECT_FALSE(decide(sneaky, default_policy(), {}).allow);
  // A create without a body (or not JSON) cannot be judged: refused.
  EXPECT_FALSE(decide(create(""), default_policy(), {}).allow);
  EXPECT_FALSE(decide(create("[1,2"), default_policy(), {}).allow);
  EXPECT_FALSE(decide(create(R"({"HostConfig":"x"})"), default_policy(), {}).allow);
}

TEST(AuthzRequestParse, ReadsTheProtocolAndRejectsHostileInput) {
  const std::string body = io::base64_encode(R"({"Image":"x"})");
  auto request = parse_request(
      R"({"User":"alice","RequestMethod":"POST","RequestUri":"/v1.43/containers/create","RequestBody":")" +
      body + "\"}");
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->user, "alice");
  EXPECT_EQ(request->body, R"({"Image":"x"})");
  EXPECT_FALSE(parse_request("not json"));
  EXPECT_FALSE(parse_request(R"({"RequestUri":5})"));
  EXPECT_FALSE(parse_request(R"({"RequestBody":"!!!"})"));
  EXPECT_FALSE(parse_request(std::string(10000, '[') + std::string(10000, ']')));
}

TEST(AuthzPolicyParse, SectionsAndErrors) {
  auto policy = parse_policy(R"(lint: {ignore: [HDK-B-001]}
authz:
  mode: audit
  severity: {medium: deny}
  checks: {HDK-C-024: deny, "CIS 5.23": log}
  exceptions:
    - {name: "ci-*", checks: [privileged-container], reason: runners}
  trusted_registries: [r.example]
  allow_plugin_install: true
)",
                             "p.yaml");
  ASSERT_TRUE(policy) << policy.error().message;
  EXPECT_FALSE(policy->enforce);
  EXPECT_EQ(policy->medium, AuthzAction::kDeny);
  ASSERT_EQ(policy->exceptions.size(), 1U);
  EXPECT_EQ(policy->exceptions[0].checks[0], "HDK-C-004");
  EXPECT_TRUE(policy->allow_plugin_install);
  EXPECT_EQ(policy->per_check.front().first, "CIS 5.23");
  EXPECT_EQ(policy->per_check.front().second, AuthzAction::kLog);

  for (const char* bad : {"authz: {mode: maybe}", "authz: {checks: {HDK-Z-999: deny}}",
                          "authz: {severity: {urgent: deny}}", "authz: {nope: 1}",
                          "authz: {exceptions: [{name: x}]}", "authz: [1]", "authz: {mode: [}"}) {
    auto parsed = parse_policy(bad, "bad.yaml");
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().message.find('\n'), std::string::npos);
    EXPECT_EQ(parsed.error().message.rfind("bad.yaml", 0), 0U) << parsed.error().message;
  }
  EXPECT_FALSE(parse_policy(std::string(100, '[') + std::string(100, ']'), "deep.yaml"));
}

TEST(AuthzServer, AnswersTheProtocol) {
  ServeOptions options;
  options.policy = default_policy();
  std::vector<std::string> lines;
  options.log = [&](std::string_view line) { lines.emplace_back(line); };
  EXPECT_EQ(answer(options, "POST", "/Plugin.Activate", "").body, R"({"Implements":["authz"]})");
  EXPECT_EQ(answer(options, "POST", "/AuthZPlugin.AuthZRes", "{}").body, R"({"Allow":true})");
  EXPECT_EQ(answer(options, "GET", "/Plugin.Activate", "").status, 405);
  EXPECT_EQ(answer(options, "POST", "/x", "").status, 404);
  const auto bad = answer(options, "POST", "/AuthZPlugin.AuthZReq", "garbage");
  EXPECT_NE(bad.body.find(R"("Allow":false)"), std::string::npos);
  EXPECT_NE(bad.body.find("Err"), std::string::npos);
  const std::string body = io::base64_encode(R"({"HostConfig":{"Privileged":true}})");
  const auto refused =
      answer(options, "POST", "/AuthZPlugin.AuthZReq",
             R"({"RequestMethod":"POST","RequestUri":"/v1.43/containers/create","RequestBody":")" +
                 body + "\"}");
  EXPECT_NE(refused.body.find(R"("Allow":false)"), std::string::npos);
  EXPECT_NE(refused.body.find("HDK-C-004"), std::string::npos);
  EXPECT_EQ(lines.size(), 2U);  // the unreadable request and the refusal
}

}  // namespace
}  // namespace hardock::monitor
