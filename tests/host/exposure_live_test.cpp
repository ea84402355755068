// Live exposure tests (label live-host): real dockerd and docker-registry
// processes on private loopback ports, started and killed (by pid) here.
// Skipped unless run as root with dockerd, docker-registry and openssl present.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hardock/audit/registry.h"
#include "hardock/host/exposure.h"

namespace hardock::host {
namespace {

namespace fs = std::filesystem;

// base64("ci-bot:Sup3rSecretPassw0rd")
constexpr const char* kAuth = "Y2ktYm90OlN1cDNyU2VjcmV0UGFzc3cwcmQ=";
constexpr const char* kSecret = "Sup3rSecretPassw0rd";

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

bool listening(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

bool run(const std::string& command) { return std::system(command.c_str()) == 0; }

class ExposureLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    for (const char* tool : {"/usr/sbin/dockerd", "/usr/bin/docker-registry", "/usr/bin/openssl"}) {
      if (!fs::exists(tool)) GTEST_SKIP() << tool << " missing";
    }
    char pattern[] = "/tmp/hx-XXXXXX";  // short: dockerd's socket paths must fit sun_path
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    for (const pid_t pid : pids_) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // fork/exec with output to a log under dir_; waits until `port` accepts.
  void start(const std::vector<std::string>& argv, int port, const std::string& log) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      const std::string path = (dir_ / log).string();
      if (!freopen(path.c_str(), "w", stdout) || !freopen(path.c_str(), "w", stderr)) _exit(126);
      std::vector<char*> args;
      for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    pids_.push_back(pid);
    // Readiness poll, not a timed assertion: give up after ~60 s of a dead start.
    for (int attempt = 0; attempt < 600 && !listening(port); ++attempt) {
      ASSERT_EQ(waitpid(pid, nullptr, WNOHANG), 0) << argv[0] << " exited; see " << dir_ / log;
      usleep(100 * 1000);
    }
    ASSERT_TRUE(listening(port)) << argv[0] << " never listened on " << port;
  }

  // CA, a server cert for IP 127.0.0.1 signed by it, and a self-signed one
  // expiring in 2 days.
  void make_certs() {
    const std::string d = dir_.string();
    ASSERT_TRUE(run("cd " + d +
                    " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt "
                    "-days 3650 -subj /CN=hdk-test-ca 2>/dev/null"
                    " && openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr "
                    "-subj /CN=127.0.0.1 2>/dev/null"
                    " && printf 'subjectAltName=IP:127.0.0.1\\n' > ext"
                    " && openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
                    "-out srv.crt -days 365 -extfile ext 2>/dev/null"
                    " && openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.crt "
                    "-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null"));
  }

  void start_dockerd(int port, const std::vector<std::string>& extra) {
    const std::string d = dir_.string();
    std::vector<std::string> argv{"/usr/sbin/dockerd",
                                  "--data-root",
                                  d + "/data",
                                  "--exec-root",
                                  d + "/exec",
                                  "-H",
                                  "unix://" + d + "/docker.sock",
                                  "-H",
                                  "tcp://127.0.0.1:" + std::to_string(port),
                                  "--pidfile",
                                  d + "/pid",
                                  "--iptables=false",
                                  "--ip-masq=false",
                                  "--storage-driver=vfs",
                                  "--bridge=none"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    start(argv, port, "dockerd.log");
  }

  void start_registry(const std::string& name, int port, const std::string& cert,
                      const std::string& key) {
    const fs::path config = dir_ / (name + ".yml");
    std::ofstream out(config);
    out << "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: " << (dir_ / name).string()
        << "\nhttp:\n  addr: 127.0.0.1:" << port << "\n";
    if (!cert.empty()) {
      out << "  tls:\n    certificate: " << (dir_ / cert).string()
          << "\n    key: " << (dir_ / key).string() << "\n";
    }
    out.close();
    start({"/usr/bin/docker-registry", "serve", config.string()}, port, name + ".log");
  }

  [[nodiscard]] ReadContext live_context(const fs::path& root) const {
    ReadContext context;
    context.root = root.string();
    context.live = true;
    context.probe = true;
    context.probe_timeout_ms = 5000;
    return context;
  }

  std::vector<core::Finding> run_check(const audit::Check& check, const Exposure& exposure) {
    host_.exposure = exposure;
    static const docker::EngineSnapshot engine;
    static const audit::AuditConfig config;
    return check.run(check, audit::AuditContext{engine, config, &host_, false});
  }

  fs::path dir_;
  std::vector<pid_t> pids_;
  HostSnapshot host_;
};

const ApiProbe* find_api(const Exposure& exposure, int port) {
  for (const auto& probe : exposure.api) {
    if (probe.address == "127.0.0.1:" + std::to_string(port)) return &probe;
  }
  return nullptr;
}

TEST_F(ExposureLive, PlainTcpDockerdIsFound) {
  const int port = free_port();
  start_dockerd(port, {});
  ExposureTargets targets{{"tcp://127.0.0.1:" + std::to_string(port)}, {}};
  auto exposure = probe_exposure(targets, live_context("/"));
  ASSERT_TRUE(exposure.has_value()) << exposure.error().to_string();
  const ApiProbe* probe = find_api(*exposure, port);
  ASSERT_NE(probe, nullptr);
  EXPECT_TRUE(probe->answered) << probe->detail;
  EXPECT_EQ(probe->scheme, "http");
  EXPECT_FALSE(probe->version.empty());
  auto findings = run_check(*audit::find_check("HDK-X-001"), *exposure);
  bool named = false;
  for (const auto& finding : findings) {
    named =
        named || finding.evidence.find("127.0.0.1:" + std::to_string(port)) != std::string::npos;
  }
  EXPECT_TRUE(named);
}

TEST_F(ExposureLive, TlsVerifyDockerdIsNotFound) {
  make_certs();
  const int port = free_port();
  const std::string d = dir_.string();
  start_dockerd(port, {"--tlsverify", "--tlscacert", d + "/ca.crt", "--tlscert", d + "/srv.crt",
                       "--tlskey", d + "/srv.key"});
  ExposureTargets targets{{"tcp://127.0.0.1:" + std::to_string(port)}, {}};
  auto exposure = probe_exposure(targets, live_context("/"));
  ASSERT_TRUE(exposure.has_value());
  const ApiProbe* probe = find_api(*exposure, port);
  ASSERT_NE(probe, nullptr);
  EXPECT_FALSE(probe->answered);
  EXPECT_FALSE(probe->detail.empty());
  for (const auto& finding : run_check(*audit::find_check("HDK-X-001"), *exposure)) {
    EXPECT_EQ(finding.evidence.find("127.0.0.1:" + std::to_string(port)), std::string::npos);
  }
}

TEST_F(ExposureLive, RegistriesAndStoredCredentials) {
  make_certs();
  const int plain = free_port();
  start_registry("plain", plain, "", "");
  const int self_signed = free_port();
  start_registry("self", self_signed, "self.crt", "self.key");
  const int trusted = free_port();
  start_registry("trusted", trusted, "srv.crt", "srv.key");

  // The fixture root: the CA for the trusted registry in certs.d, and a
  // client config naming all three with a plaintext credential.
  const fs::path root = dir_ / "root";
  const std::string trusted_name = "127.0.0.1:" + std::to_string(trusted);
  fs::create_directories(root / "etc/docker/certs.d" / trusted_name);
  fs::copy_file(dir_ / "ca.crt", root / "etc/docker/certs.d" / trusted_name / "ca.crt");
  fs::create_directories(root / "root/.docker");
  std::ofstream(root / "root/.docker/config.json")
      << R"({"auths":{"127.0.0.1:)" << plain << R"(":{"auth":")" << kAuth << R"("},"127.0.0.1:)"
      << self_signed << R"(":{},")" << trusted_name << R"(":{}}})";

  auto exposure = probe_exposure(ExposureTargets{}, live_context(root));
  ASSERT_TRUE(exposure.has_value());
  ASSERT_EQ(exposure->registries.size(), 3u);
  // Client configs are JSON objects: their registries come in key order, so look them up.
  auto registry = [&](int port) -> const RegistryProbe& {
    for (const auto& probe : exposure->registries) {
      if (probe.registry == "127.0.0.1:" + std::to_string(port)) return probe;
    }
    ADD_FAILURE() << "registry on port " << port << " not probed";
    return exposure->registries.front();
  };
  const auto& plain_probe = registry(plain);
  const auto& self_probe = registry(self_signed);
  const auto& trusted_probe = registry(trusted);
  EXPECT_TRUE(plain_probe.plain_http) << plain_probe.error;
  EXPECT_FALSE(plain_probe.tls);
  EXPECT_TRUE(self_probe.tls) << self_probe.error;
  EXPECT_FALSE(self_probe.verified);
  EXPECT_TRUE(self_probe.hostname_matches);
  ASSERT_TRUE(self_probe.days_left.has_value());
  EXPECT_LT(*self_probe.days_left, 30);
  EXPECT_TRUE(trusted_probe.tls) << trusted_probe.error;
  EXPECT_TRUE(trusted_probe.verified) << trusted_probe.verify_error;
  EXPECT_TRUE(trusted_probe.hostname_matches);
  EXPECT_EQ(trusted_probe.ca_file, "/etc/docker/certs.d/" + trusted_name + "/ca.crt");
  EXPECT_FALSE(trusted_probe.tls_below_1_2);

  auto evidence_of = [&](const audit::Check& check) {
    std::string all;
    for (const auto& finding : run_check(check, *exposure)) all += finding.evidence + "\n";
    return all;
  };
  const std::string http = evidence_of(*audit::find_check("HDK-X-004"));
  EXPECT_NE(http.find("127.0.0.1:" + std::to_string(plain)), std::string::npos) << http;
  EXPECT_EQ(http.find(trusted_name), std::string::npos) << http;
  const std::string unverified = evidence_of(*audit::find_check("HDK-X-005"));
  EXPECT_NE(unverified.find("127.0.0.1:" + std::to_string(self_signed)), std::string::npos);
  EXPECT_EQ(unverified.find(trusted_name), std::string::npos) << unverified;
  const std::string expiring = evidence_of(*audit::find_check("HDK-X-007"));
  EXPECT_NE(expiring.find("127.0.0.1:" + std::to_string(self_signed)), std::string::npos);
  EXPECT_EQ(expiring.find(trusted_name), std::string::npos);
  const std::string credentials = evidence_of(*audit::find_check("HDK-X-008"));
  EXPECT_NE(credentials.find("ci-bot:Su****"), std::string::npos) << credentials;

  // The secret appears nowhere: not in the snapshot, not in any finding.
  std::string everything = encode_exposure(*exposure).dump();
  for (const auto* check : audit::checks_with_prefix("HDK-X-")) everything += evidence_of(*check);
  EXPECT_EQ(everything.find(kSecret), std::string::npos);
  EXPECT_EQ(everything.find(kAuth), std::string::npos);
}

}  // namespace
}  // namespace hardock::host
