// Address parsing for the probes, and a probe of a port where nothing listens.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hardock/host/exposure_probe.h"

namespace hardock::host {
namespace {

TEST(ExposureProbeAddress, WildcardBindsAreProbedOnLoopback) {
  auto v4 = api_probe_address("tcp://0.0.0.0:2375");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->to_string(), "127.0.0.1:2375");
  auto v6 = api_probe_address("tcp://[::]:2376");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->to_string(), "[::1]:2376");
  auto no_port = api_probe_address("tcp://10.1.2.3");
  ASSERT_TRUE(no_port);
  EXPECT_EQ(no_port->to_string(), "10.1.2.3:2375");
  EXPECT_FALSE(api_probe_address("unix:///run/docker.sock"));
  EXPECT_FALSE(api_probe_address("fd://"));
  EXPECT_FALSE(api_probe_address("tcp://host:notaport"));
}

TEST(ExposureProbeAddress, RegistryNamesAsClientsWriteThem) {
  EXPECT_EQ(registry_address("https://index.docker.io/v1/")->to_string(), "index.docker.io:443");
  EXPECT_EQ(registry_address("reg.local:5000")->to_string(), "reg.local:5000");
  EXPECT_EQ(registry_address("http://reg.local")->to_string(), "reg.local:80");
  EXPECT_EQ(registry_address("ghcr.io")->to_string(), "ghcr.io:443");
  EXPECT_FALSE(registry_address("reg:99999"));
}

// Binds an ephemeral loopback port and closes it, so nothing listens there.
int closed_port() {
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

TEST(ExposureProbe, NothingListeningIsNotAnswered) {
  const int port = closed_port();
  auto probe = probe_api(HostPort{"127.0.0.1", port}, "test", 2000);
  EXPECT_FALSE(probe.answered);
  EXPECT_FALSE(probe.detail.empty());
  ReadContext context;
  auto registry = probe_registry("127.0.0.1:" + std::to_string(port), "explicit", context);
  EXPECT_FALSE(registry.reachable);
  EXPECT_FALSE(registry.tls);
  EXPECT_FALSE(registry.plain_http);
  EXPECT_FALSE(registry.error.empty());
}

}  // namespace
}  // namespace hardock::host
