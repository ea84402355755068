#include "hardock/docker/endpoint.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace hardock::docker {
namespace {

using core::ErrorCode;
namespace fs = std::filesystem;

bool file_exists(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool env_set(const EnvGetter& env, const std::string& name) {
  auto value = env(name);
  return value && !value->empty();
}

// Splits "host:port" / "[v6]:port" / "host"; port may be empty.
core::Result<std::pair<std::string, std::string>> split_host_port(const std::string& address,
                                                                  const std::string& original) {
  std::string host;
  std::string port;
  if (!address.empty() && address.front() == '[') {
    auto close = address.find(']');
    if (close == std::string::npos) {
      return core::fail(ErrorCode::kInvalidArgument, "invalid docker host '" + original + "'");
    }
    host = address.substr(0, close + 1);
    if (close + 1 < address.size()) {
      if (address[close + 1] != ':') {
        return core::fail(ErrorCode::kInvalidArgument, "invalid docker host '" + original + "'");
      }
      port = address.substr(close + 2);
    }
  } else {
    auto colon = address.rfind(':');
    host = address.substr(0, colon);
    if (colon != std::string::npos) port = address.substr(colon + 1);
  }
  if (host.empty() || host.find_first_of(" /?#@") != std::string::npos) {
    return core::fail(ErrorCode::kInvalidArgument,
                      "invalid docker host '" + original + "': no host name");
  }
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) == 0 || std::stoi(port) > 65535) {
      return core::fail(ErrorCode::kInvalidArgument,
                        "invalid docker host '" + original + "': bad port '" + port + "'");
    }
  }
  return std::pair{host, port};
}

// Explicit file: must exist. Default file: used only when present.
core::Result<std::string> pick_file(const std::string& explicit_path, const std::string& dir,
                                    const char* default_name, const char* flag) {
  if (!explicit_path.empty()) {
    if (!file_exists(explicit_path)) {
      return core::fail(ErrorCode::kNotFound,
                        std::string(flag) + " file '" + explicit_path + "' does not exist");
    }
    return explicit_path;
  }
  if (dir.empty()) return std::string();
  std::string candidate = (fs::path(dir) / default_name).string();
  return file_exists(candidate) ? candidate : std::string();
}

// A cap from the options, else from the environment (whole MiB), else the default.
core::Result<size_t> memory_cap(size_t option, const EnvGetter& env, const char* variable,
                                size_t fallback) {
  if (option > 0) return option;
  auto text = env(variable);
  if (!text || text->empty()) return fallback;
  size_t mebibytes = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), mebibytes);
  // Up to 1 TiB: more is a typo, and the shift must not overflow.
  if (ec != std::errc() || end != text->data() + text->size() || mebibytes == 0 ||
      mebibytes > (size_t{1} << 20)) {
    return core::fail(ErrorCode::kInvalidArgument, std::string(variable) + "='" + *text +
                                                       "': expected a whole number of MiB "
                                                       "between 1 and 1048576");
  }
  return mebibytes << 20;
}

}  // namespace

std::string cap_text(size_t bytes) {
  if (bytes > 0 && bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

core::Result<Endpoint> resolve_endpoint(const EndpointOptions& options, const EnvGetter& env) {
  Endpoint endpoint;
  if (options.timeout_ms <= 0) {
    return core::fail(ErrorCode::kInvalidArgument, "timeout must be positive");
  }
  if (options.parallelism < 1) {
    return core::fail(ErrorCode::kInvalidArgument, "parallelism must be at least 1");
  }
  endpoint.timeout_ms = options.timeout_ms;
  endpoint.connect_timeout_ms = options.connect_timeout_ms > 0
                                    ? std::min(options.connect_timeout_ms, options.timeout_ms)
                                    : options.timeout_ms;
  endpoint.parallelism = options.parallelism;
  auto body_cap =
      memory_cap(options.max_body_bytes, env, "HARDOCK_MAX_BODY_MB", kDefaultMaxBodyBytes);
  if (!body_cap) return core::fail(body_cap.error());
  auto total_cap = memory_cap(options.max_total_bytes, env, "HARDOCK_MAX_TOTAL_MB",
                              std::max(kDefaultMaxTotalBytes, *body_cap));
  if (!total_cap) return core::fail(total_cap.error());
  if (*total_cap < *body_cap) {
    return core::fail(ErrorCode::kInvalidArgument, "the total memory cap (" + cap_text(*total_cap) +
                                                       ") is below the per-answer cap (" +
                                                       cap_text(*body_cap) + ")");
  }
  endpoint.max_body_bytes = *body_cap;
  endpoint.max_total_bytes = *total_cap;

  std::string host = options.host;
  if (host.empty()) host = env("DOCKER_HOST").value_or("");
  if (host.empty()) host = std::string(kDefaultHost);

  // TLS switches, flags first, then the environment (as the docker CLI).
  bool verify = options.tls_verify.value_or(env_set(env, "DOCKER_TLS_VERIFY"));
  bool tls = verify || options.tls.value_or(env_set(env, "DOCKER_TLS"));

  auto scheme_end = host.find("://");
  if (scheme_end == std::string::npos) {
    return core::fail(ErrorCode::kInvalidArgument,
                      "invalid docker host '" + host +
                          "': expected unix://PATH, tcp://HOST:PORT or https://HOST:PORT");
  }
  std::string scheme = host.substr(0, scheme_end);
  std::string rest = host.substr(scheme_end + 3);

  if (scheme == "unix") {
    if (rest.empty() || rest.front() != '/') {
      return core::fail(ErrorCode::kInvalidArgument,
                        "invalid docker host '" + host + "': unix socket path must be absolute");
    }
    endpoint.transport = Transport::kUnix;
    endpoint.socket_path = rest;
    endpoint.url = "unix://" + rest;
    endpoint.base_url = "http://localhost";
    return endpoint;  // TLS over a local socket is not something dockerd serves
  }
  if (scheme != "tcp" && scheme != "http" && scheme != "https") {
    return core::fail(ErrorCode::kInvalidArgument,
                      "unsupported docker host scheme '" + scheme + "' in '" + host +
                          "' (hardock speaks unix://, tcp://, http:// and https://)");
  }
  if (scheme == "https") tls = true;
  if (scheme == "http" && tls) {
    return core::fail(ErrorCode::kInvalidArgument,
                      "docker host '" + host + "' is http:// but TLS was requested");
  }
  // Drop a trailing path ("tcp://h:2376/"); dockerd has no base path.
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    if (rest.find_first_not_of('/', slash) != std::string::npos) {
      return core::fail(ErrorCode::kInvalidArgument,
                        "invalid docker host '" + host + "': a path is not supported");
    }
    rest.erase(slash);
  }
  auto parts = split_host_port(rest, host);
  if (!parts) return core::fail(parts.error());
  auto [name, port] = *parts;
  if (port.empty()) port = tls ? "2376" : "2375";

  endpoint.transport = Transport::kTcp;
  endpoint.tls = tls;
  endpoint.tls_verify = verify;
  endpoint.url = "tcp://" + name + ":" + port;
  endpoint.base_url = std::string(tls ? "https://" : "http://") + name + ":" + port;
  if (!tls) return endpoint;

  std::string cert_dir = env("DOCKER_CERT_PATH").value_or("");
  if (cert_dir.empty()) {
    if (auto home = env("HOME"); home && !home->empty()) cert_dir = *home + "/.docker";
  }
  auto ca = pick_file(options.ca, cert_dir, "ca.pem", "--tlscacert");
  if (!ca) return core::fail(ca.error());
  auto cert = pick_file(options.cert, cert_dir, "cert.pem", "--tlscert");
  if (!cert) return core::fail(cert.error());
  auto key = pick_file(options.key, cert_dir, "key.pem", "--tlskey");
  if (!key) return core::fail(key.error());
  if (cert->empty() != key->empty()) {
    return core::fail(ErrorCode::kInvalidArgument,
                      "a TLS client certificate needs both a certificate and a key (got " +
                          (cert->empty() ? "only key " + *key : "only certificate " + *cert) + ")");
  }
  endpoint.ca = *ca;
  endpoint.cert = *cert;
  endpoint.key = *key;
  return endpoint;
}

}  // namespace hardock::docker
