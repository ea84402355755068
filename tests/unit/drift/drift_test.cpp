// Drift on snapshots built here: every field kind changed once, recreation told apart from
// removal plus addition, findings by fingerprint, disk use, and hostile names escaped in every
// format.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "hardock/drift/disk_usage.h"
#include "hardock/drift/drift.h"

namespace hardock::drift {
namespace {

using docker::Container;

Container container(const std::string& name, const std::string& id) {
  Container c;
  c.name = name;
  c.id = id;
  c.image_ref = "nginx:1.25";
  c.image_id = "sha256:img1";
  c.status = "running";
  c.running = true;
  return c;
}

DriftSide side(std::int64_t run, std::vector<Container> containers) {
  DriftSide out;
  out.run = run;
  out.host = "node1";
  out.engine.endpoint = "unix:///var/run/docker.sock";
  out.engine.collected_at = "2026-01-0" + std::to_string(run) + "T00:00:00Z";
  out.engine.containers = std::move(containers);
  docker::Image image;
  image.id = "sha256:img1";
  image.repo_tags = {"nginx:1.25"};
  image.repo_digests = {"nginx@sha256:aaaa"};
  out.engine.images.push_back(image);
  return out;
}

store::StoredFinding finding(const std::string& fingerprint, const std::string& check,
                             core::Severity severity, const std::string& target) {
  store::StoredFinding f;
  f.fingerprint = fingerprint;
  f.check_code = check;
  f.title = "title of " + check;
  f.severity = severity;
  f.target_name = target;
  return f;
}

const ContainerDrift* find(const DriftReport& report, const std::string& name) {
  for (const auto& c : report.containers) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const FieldChange* field(const std::vector<FieldChange>& fields, const std::string& name) {
  for (const auto& f : fields) {
    if (f.field == name) return &f;
  }
  return nullptr;
}

TEST(Drift, IdenticalSnapshotsHaveNoDrift) {
  auto before = side(1, {container("web", "a1"), container("db", "b1")});
  auto after = side(2, {container("db", "b1"), container("web", "a1")});
  before.findings = {finding("f1", "HDK-C-001", core::Severity::kLow, "web")};
  after.findings = before.findings;
  const DriftReport report = compare(before, after);
  EXPECT_TRUE(report.containers.empty());
  EXPECT_TRUE(report.daemon.empty());
  EXPECT_TRUE(report.images.empty());
  EXPECT_EQ(report.persisting_findings, 1u);
  EXPECT_FALSE(report.security_relevant());
  EXPECT_TRUE(report.empty());
}

// Each container field, changed once on its own container: each is reported, with its name.
TEST(Drift, EveryContainerFieldKindIsReported) {
  struct Case {
    const char* field;
    void (*change)(Container&);
  };
  const Case cases[] = {
      {"image", [](Container& c) { c.image_ref = "nginx:1.26"; }},
      {"image_id", [](Container& c) { c.image_id = "sha256:img2"; }},
      {"user", [](Container& c) { c.user = "root"; }},
      {"privileged", [](Container& c) { c.privileged = true; }},
      {"readonly_rootfs", [](Container& c) { c.readonly_rootfs = true; }},
      {"network_mode", [](Container& c) { c.network_mode = "host"; }},
      {"pid_mode", [](Container& c) { c.pid_mode = "host"; }},
      {"ipc_mode", [](Container& c) { c.ipc_mode = "host"; }},
      {"uts_mode", [](Container& c) { c.uts_mode = "host"; }},
      {"userns_mode", [](Container& c) { c.userns_mode = "host"; }},
      {"memory", [](Container& c) { c.memory = 1 << 20; }},
      {"nano_cpus", [](Container& c) { c.nano_cpus = 500000000; }},
      {"pids_limit", [](Container& c) { c.pids_limit = 100; }},
      {"cap_add", [](Container& c) { c.cap_add = {"SYS_ADMIN"}; }},
      {"cap_drop", [](Container& c) { c.cap_drop = {"ALL"}; }},
      {"mounts",
       [](Container& c) {
         c.mounts.push_back({"bind", "", "/var/run/docker.sock", "/sock", "", true, "rprivate"});
       }},
      {"binds", [](Container& c) { c.binds = {"/:/host"}; }},
      {"ports",
       [](Container& c) {
         c.port_bindings.push_back({"80/tcp", {{"0.0.0.0", "8080"}}});
       }},
      {"networks",
       [](Container& c) {
         c.networks.push_back({"front", "n1", "10.0.0.2"});
       }},
      {"security_opt", [](Container& c) { c.security_opt = {"seccomp=unconfined"}; }},
      {"labels", [](Container& c) { c.labels["hardock.sensitivity"] = "restricted"; }},
      {"devices",
       [](Container& c) {
         c.devices.push_back({"/dev/kvm", "/dev/kvm", "rwm"});
       }},
  };
  std::vector<Container> old_list;
  std::vector<Container> new_list;
  for (const auto& item : cases) {
    Container c = container(std::string("c-") + item.field, std::string("id-") + item.field);
    old_list.push_back(c);
    item.change(c);
    new_list.push_back(c);
  }
  const DriftReport report = compare(side(1, old_list), side(2, new_list));
  ASSERT_EQ(report.containers.size(), std::size(cases));
  for (const auto& item : cases) {
    const ContainerDrift* drift = find(report, std::string("c-") + item.field);
    ASSERT_NE(drift, nullptr) << item.field;
    EXPECT_EQ(drift->change, ContainerChange::kChanged) << item.field;
    EXPECT_NE(field(drift->fields, item.field), nullptr) << item.field;
    EXPECT_TRUE(drift->security_relevant()) << item.field;
  }
  // Sets report what was added, not the whole set.
  const FieldChange* caps = field(find(report, "c-cap_add")->fields, "cap_add");
  EXPECT_EQ(caps->added, std::vector<std::string>{"SYS_ADMIN"});
  EXPECT_TRUE(caps->removed.empty());
  const FieldChange* privileged = field(find(report, "c-privileged")->fields, "privileged");
  EXPECT_EQ(privileged->before, "false");
  EXPECT_EQ(privileged->after, "true");
  EXPECT_TRUE(report.security_relevant());
}

TEST(Drift, RecreatedIsNotRemovedPlusAdded) {
  Container old_web = container("web", "id-old");
  Container new_web = container("web", "id-new");
  new_web.privileged = true;
  const DriftReport report = compare(side(1, {old_web, container("gone", "g1")}),
                                     side(2, {new_web, container("new", "n1")}));
  ASSERT_EQ(report.containers.size(), 3u);
  const ContainerDrift* web = find(report, "web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->change, ContainerChange::kRecreated);
  EXPECT_EQ(web->before_id, "id-old");
  EXPECT_EQ(web->after_id, "id-new");
  ASSERT_EQ(web->fields.size(), 1u);
  EXPECT_EQ(web->fields[0].field, "privileged");
  EXPECT_EQ(find(report, "gone")->change, ContainerChange::kRemoved);
  EXPECT_EQ(find(report, "new")->change, ContainerChange::kAdded);
}

TEST(Drift, RecreatedWithTheSameConfigurationIsNotSecurityRelevant) {
  const DriftReport report =
      compare(side(1, {container("web", "id-old")}), side(2, {container("web", "id-new")}));
  ASSERT_EQ(report.containers.size(), 1u);
  EXPECT_EQ(report.containers[0].change, ContainerChange::kRecreated);
  EXPECT_FALSE(report.security_relevant());
}

TEST(Drift, RenamedKeepsItsId) {
  const DriftReport report =
      compare(side(1, {container("old-name", "same")}), side(2, {container("new-name", "same")}));
  ASSERT_EQ(report.containers.size(), 1u);
  EXPECT_EQ(report.containers[0].change, ContainerChange::kRenamed);
  EXPECT_EQ(report.containers[0].before_name, "old-name");
}

TEST(Drift, StateAloneIsInformational) {
  Container stopped = container("web", "a1");
  stopped.status = "exited";
  const DriftReport report = compare(side(1, {container("web", "a1")}), side(2, {stopped}));
  ASSERT_EQ(report.containers.size(), 1u);
  EXPECT_FALSE(report.containers[0].fields[0].security);
  EXPECT_FALSE(report.security_relevant());
}

TEST(Drift, DaemonSettingsImagesAndDaemonConfig) {
  auto before = side(1, {});
  auto after = side(2, {});
  after.engine.info.live_restore_enabled = true;
  after.engine.info.insecure_registries = {"registry.local:5000"};
  after.engine.info.security_options.push_back({"seccomp", {{"profile", "default"}}});
  docker::Image extra;
  extra.id = "sha256:img2";
  extra.repo_tags = {"redis:7"};
  after.engine.images.push_back(extra);
  before.daemon.emplace();
  after.daemon.emplace();
  before.daemon->settings.push_back({"icc", {"true"}, host::SettingOrigin::kFile, "", "d.json:2"});
  after.daemon->settings.push_back({"icc", {"false"}, host::SettingOrigin::kFile, "", "d.json:2"});
  const DriftReport report = compare(before, after);
  EXPECT_NE(field(report.daemon, "daemon.live_restore"), nullptr);
  const FieldChange* insecure = field(report.daemon, "daemon.insecure_registries");
  ASSERT_NE(insecure, nullptr);
  EXPECT_EQ(insecure->added, std::vector<std::string>{"registry.local:5000"});
  EXPECT_NE(field(report.daemon, "daemon.security_options"), nullptr);
  const FieldChange* icc = field(report.daemon, "daemon.config.icc");
  ASSERT_NE(icc, nullptr);
  EXPECT_EQ(icc->before, "true");
  EXPECT_EQ(icc->after, "false");
  ASSERT_EQ(report.images.size(), 1u);
  EXPECT_TRUE(report.images[0].added);
  EXPECT_EQ(report.images[0].reference, "redis:7");
  EXPECT_TRUE(report.security_relevant());
}

TEST(Drift, FindingsNewFixedAndPersistingByFingerprint) {
  auto before = side(1, {});
  auto after = side(2, {});
  before.findings = {finding("keep", "HDK-C-001", core::Severity::kLow, "web"),
                     finding("gone", "HDK-C-002", core::Severity::kHigh, "web")};
  after.findings = {finding("keep", "HDK-C-001", core::Severity::kLow, "web"),
                    finding("new1", "HDK-C-003", core::Severity::kMedium, "db"),
                    finding("new2", "HDK-C-004", core::Severity::kCritical, "db")};
  // New wording, same fingerprint: still the same finding.
  after.findings[0].title = "reworded";
  const DriftReport report = compare(before, after);
  EXPECT_EQ(report.persisting_findings, 1u);
  ASSERT_EQ(report.new_findings.size(), 2u);
  EXPECT_EQ(report.new_findings[0].check, "HDK-C-004");  // the most severe first
  ASSERT_EQ(report.fixed_findings.size(), 1u);
  EXPECT_EQ(report.fixed_findings[0].fingerprint, "gone");
  EXPECT_TRUE(report.security_relevant());

  // Fixed findings alone are good news, not drift to stop a pipeline for.
  auto fixed_only = compare(before, side(3, {}));
  EXPECT_FALSE(fixed_only.security_relevant());
}

TEST(Drift, DiskUseNotCollectedIsNeverZero) {
  auto before = side(1, {});
  auto after = side(2, {});
  after.engine.disk_usage.emplace();
  DriftReport report = compare(before, after);
  EXPECT_FALSE(report.disk_before_collected);
  EXPECT_TRUE(report.disk_after_collected);
  EXPECT_NE(render_table(report).find("Disk use: not compared (not collected in the older run)"),
            std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(render_json(report))["before"]["disk_usage_collected"], false);

  before.engine.disk_usage.emplace();
  after.engine.disk_usage->volumes = {2, 1, 5000, 3000, true};
  after.engine.disk_usage->stopped_containers.push_back({"c9", "old-job", 300});
  report = compare(before, after);
  EXPECT_NE(field(report.disk, "disk.volumes"), nullptr);
  const FieldChange* stopped = field(report.disk, "disk.stopped_containers");
  ASSERT_NE(stopped, nullptr);
  EXPECT_EQ(stopped->added, std::vector<std::string>{"old-job"});
  EXPECT_FALSE(report.security_relevant());
}

TEST(Drift, DecodeRefusesARunWithoutSnapshot) {
  DriftSide out;
  auto decoded = decode_side_snapshot("", out);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(decode_side_snapshot("{not json", out).has_value());
  EXPECT_FALSE(
      decode_side_snapshot(R"({"schema":"hardock.engine-snapshot/9","info":{}})", out).has_value());
  auto engine_less = decode_side_snapshot(R"({"schema":"hardock.engine-snapshot/1"})", out);
  ASSERT_FALSE(engine_less.has_value());
  EXPECT_NE(engine_less.error().message.find("no engine part"), std::string::npos);
  ASSERT_TRUE(decode_side_snapshot(
                  R"({"schema":"hardock.engine-snapshot/1","endpoint":"unix:///x","info":{},
                      "containers":[{"inspect":{"Id":"a","Name":"/web"}}],
                      "system_df":{"LayersSize":10,"Images":[],"Containers":[],"Volumes":[]}})",
                  out)
                  .has_value());
  ASSERT_EQ(out.engine.containers.size(), 1u);
  ASSERT_TRUE(out.engine.disk_usage.has_value());
  EXPECT_EQ(out.engine.disk_usage->layers_size, 10);
}

// A name made to attack each format: terminal escapes, HTML, Markdown table syntax, newlines,
// invalid UTF-8 and bidi controls.
TEST(Drift, HostileNamesAreEscapedInEveryFormat) {
  const std::string hostile =
      "evil\x1b]0;pwned\x07\x1b[31m<script>alert(1)</script>|cell|\n# heading\xff\xfe"
      "\xe2\x80\xae`code`";
  Container old_c = container(hostile, "id1");
  Container new_c = container(hostile, "id2");
  new_c.labels[hostile] = hostile;
  new_c.user = hostile;
  auto before = side(1, {old_c});
  auto after = side(2, {new_c, container(hostile + "2", "id3")});
  after.findings = {finding("f", "HDK-C-004", core::Severity::kHigh, hostile)};
  after.findings[0].title = hostile;
  const DriftReport report = compare(before, after);

  const std::string table = render_table(report);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_EQ(table.find('\x07'), std::string::npos);
  EXPECT_EQ(table.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_EQ(table.find("\n# heading"), std::string::npos);

  const std::string json_text = render_json(report);
  const auto document = nlohmann::json::parse(json_text);  // valid JSON despite invalid UTF-8
  EXPECT_EQ(document["schema"], "hardock.drift/1");
  EXPECT_EQ(json_text.find('\x1b'), std::string::npos);

  const std::string markdown = render_markdown(report);
  EXPECT_EQ(markdown.find('\x1b'), std::string::npos);
  // Raw "<script>" only inside code spans (rendered literally); elsewhere escaped.
  EXPECT_NE(markdown.find("\\<script\\>"), std::string::npos);
  for (size_t at = markdown.find("<script>"); at != std::string::npos;
       at = markdown.find("<script>", at + 1)) {
    const size_t cell = markdown.rfind('|', at);
    ASSERT_NE(cell, std::string::npos);
    EXPECT_NE(markdown.substr(cell, at - cell).find('`'), std::string::npos) << markdown;
  }
  EXPECT_EQ(markdown.find("\n# heading"), std::string::npos);
  // Every table row keeps its four cells: no '|' from the name ends one early.
  for (size_t start = 0; start < markdown.size();) {
    size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    const std::string line = markdown.substr(start, end - start);
    if (line.starts_with("| ") && line.find("evil") != std::string::npos) {
      size_t unescaped = 0;
      for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++unescaped;
      }
      EXPECT_TRUE(unescaped == 5 || unescaped == 6) << line;
    }
    start = end + 1;
  }

  const std::string html = render_html_section(report);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_TRUE(html.starts_with("<section class=\"hardock-drift\">"));
}

docker::Network network(const std::string& name, const std::string& id) {
  docker::Network n;
  n.name = name;
  n.id = id;
  n.driver = "bridge";
  n.scope = "local";
  n.subnets = {"10.0.1.0/24"};
  n.labels = {{"hardock.sensitivity", "internal"}};
  n.options = {{"com.docker.network.bridge.enable_icc", "false"}};
  return n;
}

const NetworkDrift* find_network(const DriftReport& report, const std::string& name) {
  for (const auto& n : report.networks) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

// The networks themselves: added, removed, recreated (same name, new id) and changed, each
// setting compared; members joining or leaving are the containers' "networks" field, not this.
TEST(Drift, NetworksAreComparedSettingBySetting) {
  auto before = side(1, {container("web", "a1")});
  auto after = side(2, {container("web", "a1")});
  docker::Network same = network("same", "n0");
  same.containers.push_back({"a1", "web", "10.0.1.2"});
  before.engine.networks = {same, network("front", "n1"), network("gone", "n2"),
                            network("overlay", "n3"), network("again", "n4")};
  docker::Network front = network("front", "n1");
  front.internal = true;
  front.attachable = true;
  front.subnets = {"10.0.1.0/24", "fd00::/64"};
  front.labels["hardock.sensitivity"] = "restricted";
  front.labels["team"] = "ops";
  front.options["com.docker.network.bridge.enable_icc"] = "true";
  docker::Network overlay = network("overlay", "n3");
  overlay.driver = "overlay";
  overlay.scope = "swarm";
  overlay.options["encrypted"] = "";
  docker::Network again = network("again", "n9");
  again.driver = "macvlan";
  docker::Network moved = same;  // only its members differ: no network drift
  moved.containers.clear();
  after.engine.networks = {moved, front, overlay, again, network("new", "n5")};

  const DriftReport report = compare(before, after);
  EXPECT_EQ(report.networks_before, 5u);
  EXPECT_EQ(report.networks_after, 5u);
  ASSERT_EQ(report.networks.size(), 5u);
  EXPECT_EQ(find_network(report, "same"), nullptr);
  EXPECT_EQ(find_network(report, "new")->change, NetworkChange::kAdded);
  EXPECT_EQ(find_network(report, "new")->driver, "bridge");
  EXPECT_EQ(find_network(report, "gone")->change, NetworkChange::kRemoved);
  EXPECT_EQ(find_network(report, "gone")->before_id, "n2");

  const NetworkDrift* changed = find_network(report, "front");
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(changed->change, NetworkChange::kChanged);
  const FieldChange* internal = field(changed->fields, "internal");
  ASSERT_NE(internal, nullptr);
  EXPECT_EQ(internal->before, "false");
  EXPECT_EQ(internal->after, "true");
  ASSERT_NE(field(changed->fields, "attachable"), nullptr);
  const FieldChange* subnets = field(changed->fields, "subnets");
  ASSERT_NE(subnets, nullptr);
  EXPECT_EQ(subnets->added, std::vector<std::string>{"fd00::/64"});
  EXPECT_TRUE(subnets->removed.empty());
  const FieldChange* labels = field(changed->fields, "labels");
  ASSERT_NE(labels, nullptr);
  EXPECT_EQ(labels->added,
            (std::vector<std::string>{"hardock.sensitivity=restricted", "team=ops"}));
  EXPECT_EQ(labels->removed, std::vector<std::string>{"hardock.sensitivity=internal"});
  const FieldChange* options = field(changed->fields, "options");
  ASSERT_NE(options, nullptr);
  EXPECT_EQ(options->added, std::vector<std::string>{"com.docker.network.bridge.enable_icc=true"});
  EXPECT_EQ(field(changed->fields, "encrypted"), nullptr);
  EXPECT_EQ(field(changed->fields, "driver"), nullptr);

  const NetworkDrift* encrypted = find_network(report, "overlay");
  ASSERT_NE(encrypted, nullptr);
  const FieldChange* on = field(encrypted->fields, "encrypted");
  ASSERT_NE(on, nullptr);
  EXPECT_EQ(on->before, "false");
  EXPECT_EQ(on->after, "true");
  EXPECT_EQ(field(encrypted->fields, "driver")->after, "overlay");
  EXPECT_EQ(field(encrypted->fields, "scope")->after, "swarm");
  EXPECT_EQ(field(encrypted->fields, "options"), nullptr);  // "encrypted" is its own field

  const NetworkDrift* recreated = find_network(report, "again");
  ASSERT_NE(recreated, nullptr);
  EXPECT_EQ(recreated->change, NetworkChange::kRecreated);
  EXPECT_EQ(recreated->before_id, "n4");
  EXPECT_EQ(recreated->after_id, "n9");
  EXPECT_EQ(field(recreated->fields, "driver")->after, "macvlan");

  EXPECT_TRUE(report.containers.empty());
  EXPECT_TRUE(report.security_relevant());
  EXPECT_FALSE(report.empty());

  // Every format carries them.
  const auto document = nlohmann::json::parse(render_json(report));
  EXPECT_EQ(document["summary"]["networks"]["added"], 1);
  EXPECT_EQ(document["summary"]["networks"]["removed"], 1);
  EXPECT_EQ(document["summary"]["networks"]["recreated"], 1);
  EXPECT_EQ(document["summary"]["networks"]["changed"], 2);
  EXPECT_EQ(document["before"]["networks"], 5);
  ASSERT_EQ(document["networks"].size(), 5u);
  EXPECT_EQ(document["networks"][0]["name"], "again");
  EXPECT_EQ(document["networks"][0]["change"], "recreated");
  const std::string table = render_table(report);
  EXPECT_NE(table.find("Networks: 5 -> 5 (1 added, 1 removed, 1 recreated, 2 changed)"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("~ changed front"), std::string::npos) << table;
  EXPECT_NE(table.find("encrypted: false -> true"), std::string::npos) << table;
  EXPECT_NE(render_markdown(report).find("| front | changed | internal |"), std::string::npos);
  EXPECT_NE(render_html_section(report).find("<h3>Networks</h3>"), std::string::npos);

  // The same networks: no drift.
  auto later = after;
  later.run = 3;
  EXPECT_TRUE(compare(after, later).networks.empty());
}

// A hostile network name and label are escaped in every format.
TEST(Drift, HostileNetworkNamesAreEscaped) {
  const std::string hostile = "net\x1b[31m<script>x</script>|cell|\n# h";
  auto before = side(1, {});
  auto after = side(2, {});
  docker::Network evil = network(hostile, "n1");
  evil.labels[hostile] = hostile;
  after.engine.networks = {evil};
  const DriftReport report = compare(before, after);
  ASSERT_EQ(report.networks.size(), 1u);
  EXPECT_EQ(render_table(report).find('\x1b'), std::string::npos);
  EXPECT_EQ(render_markdown(report).find("\n# h"), std::string::npos);
  const std::string html = render_html_section(report);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(render_json(report))["networks"][0]["name"], hostile);
}

TEST(Drift, LongNamesAreCutInTextFormatsAndKeptInJson) {
  const std::string long_name(100000, 'x');
  const DriftReport report = compare(side(1, {}), side(2, {container(long_name, "id")}));
  EXPECT_LT(render_table(report).size(), 5000u);
  EXPECT_LT(render_markdown(report).size(), 5000u);
  EXPECT_LT(render_html_section(report).size(), 8000u);
  EXPECT_EQ(nlohmann::json::parse(render_json(report))["containers"][0]["name"], long_name);
}

TEST(Drift, RenderRejectsAnUnknownFormat) {
  const DriftReport report;
  EXPECT_FALSE(render(report, "yaml").has_value());
  for (const char* format : {"table", "json", "markdown", "md", "html"}) {
    EXPECT_TRUE(render(report, format).has_value()) << format;
  }
}

TEST(DiskUsageView, NotCollectedAndHostileNames) {
  EXPECT_NE(render_disk_usage_table(std::nullopt).find("not collected"), std::string::npos);
  EXPECT_NE(render_disk_usage_html(std::nullopt).find("Not collected"), std::string::npos);
  docker::DiskUsage usage;
  usage.containers = {3, 1, 1300, 1200, true};
  for (int index = 0; index < 25; ++index) {
    usage.stopped_containers.push_back(
        {"id" + std::to_string(index), "<b>\x1b[2J" + std::to_string(index), index * 10});
  }
  const std::string table = render_disk_usage_table(usage);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_NE(table.find("and 5 more"), std::string::npos);
  EXPECT_NE(table.find("1.2 kB"), std::string::npos);
  const std::string html = render_disk_usage_html(usage);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(human_bytes(999), "999 B");
  EXPECT_EQ(human_bytes(1500000000), "1.5 GB");
}

}  // namespace
}  // namespace hardock::drift
