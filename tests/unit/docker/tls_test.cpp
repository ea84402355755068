// TLS against `openssl s_server`: a real TLS peer with a certificate made here.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/wait.h>

#include <fcntl.h>

#include <cstdio>

#include "fake_engine.h"
#include "hardock/docker/http_client.h"

namespace hardock::docker {
namespace {

using core::ErrorCode;
using testing::TempDir;

int free_tcp_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// A self-signed certificate for 127.0.0.1 and `openssl s_server -www` serving it.
class TlsPeer {
 public:
  TlsPeer() {
    std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost "
        "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -days 2 -keyout " +
        dir_.file("key.pem") + " -out " + dir_.file("cert.pem") + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) return;
    port_ = free_tcp_port();
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      int null_fd = ::open("/dev/null", O_WRONLY);
      ::dup2(null_fd, 2);  // handshake failures are expected noise here
      std::string accept = "127.0.0.1:" + std::to_string(port_);
      std::string cert = dir_.file("cert.pem");
      std::string key = dir_.file("key.pem");
      ::execlp("openssl", "openssl", "s_server", "-accept", accept.c_str(), "-cert", cert.c_str(),
               "-key", key.c_str(), "-www", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    // s_server prints ACCEPT once it listens.
    std::string seen;
    char chunk[256];
    ssize_t got;
    while (seen.find("ACCEPT") == std::string::npos && (got = ::read(out[0], chunk, 256)) > 0) {
      seen.append(chunk, static_cast<size_t>(got));
    }
    ::close(out[0]);
    ready_ = seen.find("ACCEPT") != std::string::npos;
  }
  ~TlsPeer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  [[nodiscard]] bool ready() const { return ready_; }
  [[nodiscard]] std::string host() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::string cert() const { return dir_.file("cert.pem"); }

 private:
  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool ready_ = false;
};

core::Result<std::string> get_ping(const EndpointOptions& options) {
  auto endpoint = resolve_endpoint(options, [](const std::string&) { return std::nullopt; });
  if (!endpoint) return core::fail(endpoint.error());
  auto client = HttpClient::create(*endpoint);
  if (!client) return core::fail(client.error());
  return client->get("/_ping");
}

TEST(Tls, UntrustedCertificateIsTlsFailureWithCurlsReason) {
  TlsPeer peer;
  ASSERT_TRUE(peer.ready()) << "openssl s_server did not start";
  TempDir other;  // a CA file that did not sign the server's certificate
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=other -days 2 "
                         "-keyout " +
                         other.file("k.pem") + " -out " + other.file("ca.pem") + " >/dev/null 2>&1")
                            .c_str()),
            0);
  EndpointOptions options;
  options.host = peer.host();
  options.tls_verify = true;
  options.ca = other.file("ca.pem");
  auto body = get_ping(options);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kTlsFailure);
  EXPECT_NE(body.error().message.find("TLS with tcp://127.0.0.1:"), std::string::npos);
  EXPECT_NE(body.error().message.find("certificate"), std::string::npos) << body.error().message;
}

TEST(Tls, TrustedCertificateConnects) {
  TlsPeer peer;
  ASSERT_TRUE(peer.ready()) << "openssl s_server did not start";
  EndpointOptions options;
  options.host = peer.host();
  options.tls_verify = true;
  options.ca = peer.cert();
  auto body = get_ping(options);
  ASSERT_TRUE(body.has_value()) << body.error().to_string();
  EXPECT_NE(body->find("<HTML>"), std::string::npos);  // s_server -www status page
}

TEST(Tls, PlainHttpToTlsPeerIsNotASuccess) {
  TlsPeer peer;
  ASSERT_TRUE(peer.ready()) << "openssl s_server did not start";
  EndpointOptions options;
  options.host = peer.host();
  options.tls_verify = false;
  options.tls = false;
  auto body = get_ping(options);
  ASSERT_FALSE(body.has_value());
}

}  // namespace
}  // namespace hardock::docker
