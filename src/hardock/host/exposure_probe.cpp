#include "hardock/host/exposure_probe.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

#include "hardock/io/root_dir.h"

namespace hardock::host {
namespace {

// Enough for /_ping, /version and a /v2/ error body; anything larger is not
// one of the servers we are looking for.
constexpr size_t kMaxProbeBody = 64 * 1024;

struct HttpAnswer {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string error;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t bytes = size * count;
  if (body->size() + bytes > kMaxProbeBody) return 0;
  body->append(data, bytes);
  return bytes;
}

// One GET without certificate checks and without any proxy (probes must reach
// the address given, not a proxy's idea of it).
HttpAnswer http_get(const std::string& url, long timeout_ms) {
  HttpAnswer answer;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    answer.code = CURLE_FAILED_INIT;
    answer.error = "libcurl could not be initialised";
    return answer;
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer.body);
  answer.code = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  if (answer.code != CURLE_OK) {
    answer.error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(answer.code);
  }
  return answer;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// Connects with a timeout; returns the blocking socket with send/receive
// timeouts set, or -1 and the reason.
int connect_with_timeout(const HostPort& address, long timeout_ms, std::string& reason) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address.port);
  if (int rc = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    reason = std::string("cannot resolve: ") + gai_strerror(rc);
    return -1;
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, freeaddrinfo);
  reason = "no address";
  for (addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    const int fd = socket(entry->ai_family, entry->ai_socktype | SOCK_CLOEXEC, entry->ai_protocol);
    if (fd < 0) continue;
    const int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int rc = connect(fd, entry->ai_addr, entry->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd waiting{fd, POLLOUT, 0};
      rc = poll(&waiting, 1, static_cast<int>(timeout_ms));
      if (rc == 0) {
        reason = "connect timed out";
        close(fd);
        continue;
      }
      int socket_error = 0;
      socklen_t length = sizeof socket_error;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &socket_error, &length);
      rc = socket_error == 0 ? 0 : -1;
      errno = socket_error;
    }
    if (rc != 0) {
      reason = std::strerror(errno);
      close(fd);
      continue;
    }
    fcntl(fd, F_SETFL, flags);
    timeval limit{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    return fd;
  }
  return -1;
}

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "handshake failed";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// Adds the certificates of a PEM text to the context's trust store; false when none parsed.
bool add_ca_certificates(SSL_CTX* ctx, const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return false;
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  bool any = false;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    any = X509_STORE_add_cert(store, cert) == 1 || any;
    X509_free(cert);
  }
  ERR_clear_error();  // the end of the text reads as an error
  return any;
}

// The TLS part of a registry probe; false when no handshake happened.
bool tls_handshake(const HostPort& address, const std::string& ca_pem, long timeout_ms,
                   RegistryProbe& probe) {
  std::string reason;
  const int fd = connect_with_timeout(address, timeout_ms, reason);
  if (fd < 0) {
    probe.error = "cannot connect: " + reason;
    return false;
  }
  probe.reachable = true;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  if (!ctx) {
    close(fd);
    probe.error = "OpenSSL: " + openssl_error();
    return false;
  }
  // Accept old protocols and weak parameters so that a registry offering only
  // those is seen and reported, rather than just failing to connect.
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_VERSION);
  SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_default_verify_paths(ctx.get());
  if (!ca_pem.empty()) add_ca_certificates(ctx.get(), ca_pem);
  // The verdict is read afterwards, so the handshake completes either way.
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_fd(ssl.get(), fd);
  if (!is_ip_literal(address.host)) {
    // SSL_set_tlsext_host_name() is a macro with a C cast.
    SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(address.host.c_str()));
  }
  if (SSL_connect(ssl.get()) != 1) {
    probe.error = "TLS handshake failed: " + openssl_error();
    close(fd);
    return false;
  }
  probe.tls = true;
  probe.error.clear();
  probe.tls_version = SSL_get_version(ssl.get());
  probe.tls_below_1_2 = SSL_version(ssl.get()) < TLS1_2_VERSION;
  const long verdict = SSL_get_verify_result(ssl.get());
  probe.verified = verdict == X509_V_OK;
  if (!probe.verified) probe.verify_error = X509_verify_cert_error_string(verdict);
  if (X509* cert = SSL_get1_peer_certificate(ssl.get()); cert != nullptr) {
    probe.hostname_matches =
        is_ip_literal(address.host)
            ? X509_check_ip_asc(cert, address.host.c_str(), 0) == 1
            : X509_check_host(cert, address.host.c_str(), address.host.size(), 0, nullptr) == 1;
    int days = 0;
    int seconds = 0;
    if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert)) == 1) {
      probe.days_left = days;
    }
    X509_free(cert);
  } else {
    probe.verified = false;
    probe.verify_error = "no certificate presented";
  }
  SSL_shutdown(ssl.get());
  close(fd);
  return true;
}

}  // namespace

std::string HostPort::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<HostPort> parse_host_port(const std::string& text, int default_port) {
  HostPort result;
  std::string rest;
  if (!text.empty() && text.front() == '[') {
    const auto close_bracket = text.find(']');
    if (close_bracket == std::string::npos) return std::nullopt;
    result.host = text.substr(1, close_bracket - 1);
    rest = text.substr(close_bracket + 1);
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string::npos && text.find(':') != colon) {
      result.host = text;  // bare IPv6 without a port
    } else {
      result.host = text.substr(0, colon);
      if (colon != std::string::npos) rest = text.substr(colon);
    }
  }
  result.port = default_port;
  if (!rest.empty()) {
    if (rest.front() != ':' || rest.size() == 1) return std::nullopt;
    const char* first = rest.data() + 1;
    const char* last = rest.data() + rest.size();
    auto [end, error] = std::from_chars(first, last, result.port);
    if (error != std::errc() || end != last || result.port <= 0 || result.port > 65535) {
      return std::nullopt;
    }
  }
  if (result.host.empty()) return std::nullopt;
  return result;
}

std::optional<HostPort> api_probe_address(const std::string& docker_host) {
  std::string text = docker_host;
  if (text.rfind("tcp://", 0) == 0) {
    text = text.substr(6);
  } else if (text.find("://") != std::string::npos) {
    return std::nullopt;  // unix://, fd://, npipe://, ssh://
  }
  if (const auto slash = text.find('/'); slash != std::string::npos) text.resize(slash);
  auto address = parse_host_port(text, 2375);
  if (!address) return std::nullopt;
  // A wildcard bind is reachable on loopback; probing it there keeps the probe on this host.
  if (address->host == "0.0.0.0") address->host = "127.0.0.1";
  if (address->host == "::") address->host = "::1";
  return address;
}

ApiProbe probe_api(const HostPort& address, std::string source, long timeout_ms) {
  ApiProbe probe;
  probe.address = address.to_string();
  probe.source = std::move(source);
  for (const char* scheme : {"http", "https"}) {
    const std::string base = std::string(scheme) + "://" + probe.address;
    const HttpAnswer ping = http_get(base + "/_ping", timeout_ms);
    if (ping.code == CURLE_COULDNT_CONNECT || ping.code == CURLE_OPERATION_TIMEDOUT) {
      probe.detail = ping.error;
      return probe;  // nothing listens (or it is filtered): TLS would fail the same way
    }
    if (ping.code == CURLE_OK && ping.status == 200 && ping.body == "OK") {
      probe.answered = true;
      probe.scheme = scheme;
      probe.detail.clear();
      const HttpAnswer version = http_get(base + "/version", timeout_ms);
      auto document = nlohmann::json::parse(version.body, nullptr, false);
      if (document.is_object() && document.contains("Version") && document["Version"].is_string()) {
        probe.version = document["Version"].get<std::string>();
      }
      return probe;
    }
    probe.detail += std::string(probe.detail.empty() ? "" : "; ") + scheme + ": " +
                    (ping.code != CURLE_OK ? ping.error : "HTTP " + std::to_string(ping.status));
  }
  return probe;
}

std::optional<HostPort> registry_address(const std::string& configured) {
  std::string text = configured;
  int default_port = 443;
  if (text.rfind("https://", 0) == 0) {
    text = text.substr(8);
  } else if (text.rfind("http://", 0) == 0) {
    text = text.substr(7);
    default_port = 80;
  }
  if (const auto slash = text.find('/'); slash != std::string::npos) text.resize(slash);
  return parse_host_port(text, default_port);
}

RegistryProbe probe_registry(const std::string& registry, std::string source,
                             const ReadContext& context) {
  RegistryProbe probe;
  probe.registry = registry;
  probe.source = std::move(source);
  const auto address = registry_address(registry);
  if (!address) {
    probe.error = "not a registry address";
    return probe;
  }
  // docker looks for certs.d/<host:port>; for the default port also certs.d/<host>. The
  // certificate is read inside the root, bounded, like every host file.
  std::vector<std::string> names{address->to_string()};
  if (address->port == 443) names.push_back(address->host);
  std::string ca_pem;
  std::string ca_error;  // a ca.crt that exists but could not be read
  if (auto root = io::RootDir::open(context.root)) {
    for (const auto& name : names) {
      const std::string relative = "/etc/docker/certs.d/" + name + "/ca.crt";
      auto text = root->read(relative, io::kMaxConfigFileBytes);
      if (!text && text.error().absent()) continue;
      probe.ca_file = relative;
      if (text) {
        ca_pem = std::move(*text);
      } else {
        ca_error = "could not read " + text.error().message();
      }
      break;
    }
  }
  const bool handshake = tls_handshake(*address, ca_pem, context.probe_timeout_ms, probe);
  if (!ca_error.empty()) {
    probe.verify_error = ca_error + (probe.verify_error.empty() ? "" : "; " + probe.verify_error);
  }
  if (handshake) return probe;
  if (!probe.reachable) return probe;
  const HttpAnswer plain =
      http_get("http://" + address->to_string() + "/v2/", context.probe_timeout_ms);
  if (plain.code == CURLE_OK && plain.status > 0) {
    probe.plain_http = true;
    probe.error.clear();
  } else {
    probe.error += "; plain HTTP: " + plain.error;
  }
  return probe;
}

}  // namespace hardock::host
