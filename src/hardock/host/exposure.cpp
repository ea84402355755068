#include "hardock/host/exposure.h"

#include <sys/stat.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "hardock/host/exposure_client_config.h"
#include "hardock/host/exposure_probe.h"
#include "hardock/host/text_parsers.h"
#include "hardock/io/root_dir.h"

namespace hardock::host {
namespace {

using nlohmann::json;

constexpr const char* kDockerSockets[] = {"/var/run/docker.sock", "/run/docker.sock"};
// The system containerd and the one dockerd 20.10 starts itself.
constexpr const char* kContainerdSockets[] = {"/run/containerd/containerd.sock",
                                              "/var/run/containerd/containerd.sock",
                                              "/run/docker/containerd/containerd.sock"};
constexpr const char* kContainerdConfigs[] = {"/etc/containerd/config.toml",
                                              "/run/docker/containerd/containerd.toml"};

// Stats each path once; /var/run is usually a link to /run, so the same
// socket appears under two names and is kept under the first.
void read_sockets(const io::RootDir& root, const char* kind,
                  std::initializer_list<const char*> paths, std::set<std::pair<dev_t, ino_t>>& seen,
                  std::vector<SocketFile>& out) {
  for (const char* path : paths) {
    SocketFile socket;
    socket.path = path;
    socket.kind = kind;
    auto info = root.stat(path, true);
    if (!info) {
      if (!info.error().absent()) {
        socket.error = info.error().reason;
        out.push_back(std::move(socket));
      }
      continue;
    }
    if (!seen.insert({info->st_dev, info->st_ino}).second) continue;
    socket.present = true;
    socket.mode = info->st_mode & 07777;
    socket.owner = std::to_string(info->st_uid) + ":" + std::to_string(info->st_gid);
    out.push_back(std::move(socket));
  }
}

// containerd listens on TCP only when [grpc] tcp_address is set.
void read_containerd_tcp(const io::RootDir& root, Exposure& exposure) {
  for (const char* path : kContainerdConfigs) {
    auto text = root.read(path, io::kMaxConfigFileBytes);
    if (!text) {
      if (!text.error().absent()) exposure.containerd_errors.push_back(text.error().message());
      continue;
    }
    for (const auto& address : parse_containerd_tcp(*text)) {
      exposure.containerd_tcp.push_back(std::string(path) + ": " + address);
    }
  }
}

template <class T>
void put(json& object, const char* key, const T& value) {
  object[key] = value;
}

}  // namespace

core::Result<Exposure> probe_exposure(const ExposureTargets& targets, const ReadContext& context) {
  auto root = io::RootDir::open(context.root);
  if (!root) return core::fail(root.error());
  Exposure exposure;
  std::set<std::pair<dev_t, ino_t>> seen;
  read_sockets(*root, "docker", {kDockerSockets[0], kDockerSockets[1]}, seen, exposure.sockets);
  read_sockets(*root, "containerd",
               {kContainerdSockets[0], kContainerdSockets[1], kContainerdSockets[2]}, seen,
               exposure.sockets);
  read_containerd_tcp(*root, exposure);
  exposure.client_configs = read_client_configs(context, *root);

  if (!context.live) {
    exposure.probe_skipped = "not the live host";
    return exposure;
  }
  if (const char* trust = std::getenv("DOCKER_CONTENT_TRUST"); trust != nullptr) {
    exposure.content_trust = trust;
  } else {
    exposure.content_trust = "";
  }
  if (!context.probe) {
    exposure.probe_skipped = "--no-probe";
    return exposure;
  }
  exposure.probed = true;

  std::vector<std::pair<HostPort, std::string>> api_targets;
  for (const auto& host : targets.tcp_hosts) {
    if (auto address = api_probe_address(host)) api_targets.emplace_back(*address, "daemon -H");
  }
  if (const char* docker_host = std::getenv("DOCKER_HOST"); docker_host != nullptr) {
    if (auto address = api_probe_address(docker_host)) {
      api_targets.emplace_back(*address, "DOCKER_HOST");
    }
  }
  api_targets.emplace_back(HostPort{"127.0.0.1", 2375}, "default");
  api_targets.emplace_back(HostPort{"127.0.0.1", 2376}, "default");
  std::set<std::string> probed_addresses;
  for (const auto& [address, source] : api_targets) {
    if (!probed_addresses.insert(address.to_string()).second) continue;
    exposure.api.push_back(probe_api(address, source, context.probe_timeout_ms));
  }

  std::vector<std::pair<std::string, std::string>> registries;
  for (const auto& registry : targets.registries) registries.emplace_back(registry, "explicit");
  for (const auto& config : exposure.client_configs) {
    for (const auto& registry : config.registries) registries.emplace_back(registry, config.path);
  }
  std::set<std::string> probed_registries;
  for (const auto& [registry, source] : registries) {
    const auto address = registry_address(registry);
    const std::string key = address ? address->to_string() : registry;
    if (!probed_registries.insert(key).second) continue;
    exposure.registries.push_back(probe_registry(registry, source, context));
  }
  return exposure;
}

core::Result<Exposure> read_exposure(const ReadContext& context, const DaemonConfig& daemon) {
  // The daemon's TCP hosts (-H, "hosts", the socket unit) and the registries it
  // is configured to use join the probe's default targets.
  ExposureTargets targets;
  for (const auto& host : daemon.values("hosts")) {
    if (host.rfind("tcp://", 0) == 0) targets.tcp_hosts.push_back(host);
  }
  for (const char* key : {"insecure-registries", "registry-mirrors"}) {
    for (const auto& registry : daemon.values(key)) {
      // CIDR entries of insecure-registries name networks, not registries.
      if (registry.find('/') == std::string::npos || registry.find("://") != std::string::npos) {
        targets.registries.push_back(registry);
      }
    }
  }
  return probe_exposure(targets, context);
}

nlohmann::json encode_exposure(const Exposure& value) {
  json api = json::array();
  for (const auto& probe : value.api) {
    api.push_back({{"address", probe.address},
                   {"source", probe.source},
                   {"answered", probe.answered},
                   {"scheme", probe.scheme},
                   {"version", probe.version},
                   {"detail", probe.detail}});
  }
  json sockets = json::array();
  for (const auto& socket : value.sockets) {
    sockets.push_back({{"path", socket.path},
                       {"kind", socket.kind},
                       {"present", socket.present},
                       {"mode", socket.mode},
                       {"owner", socket.owner},
                       {"error", socket.error}});
  }
  json configs = json::array();
  for (const auto& config : value.client_configs) {
    json credentials = json::array();
    for (const auto& credential : config.credentials) {
      credentials.push_back({{"registry", credential.registry},
                             {"user", credential.user},
                             {"redacted", credential.redacted},
                             {"plaintext", credential.plaintext}});
    }
    configs.push_back({{"path", config.path},
                       {"creds_store", config.creds_store},
                       {"registries", config.registries},
                       {"credentials", credentials},
                       {"error", config.error}});
  }
  json registries = json::array();
  for (const auto& probe : value.registries) {
    json entry = {{"registry", probe.registry},
                  {"source", probe.source},
                  {"reachable", probe.reachable},
                  {"tls", probe.tls},
                  {"tls_version", probe.tls_version},
                  {"tls_below_1_2", probe.tls_below_1_2},
                  {"verified", probe.verified},
                  {"verify_error", probe.verify_error},
                  {"hostname_matches", probe.hostname_matches},
                  {"ca_file", probe.ca_file},
                  {"plain_http", probe.plain_http},
                  {"error", probe.error}};
    if (probe.days_left) entry["days_left"] = *probe.days_left;
    registries.push_back(std::move(entry));
  }
  json document = {{"probed", value.probed},
                   {"probe_skipped", value.probe_skipped},
                   {"api", api},
                   {"sockets", sockets},
                   {"containerd_tcp", value.containerd_tcp},
                   {"containerd_errors", value.containerd_errors},
                   {"client_configs", configs},
                   {"registries", registries}};
  if (value.content_trust) put(document, "content_trust", *value.content_trust);
  return document;
}

core::Result<Exposure> decode_exposure(const nlohmann::json& document) {
  if (!document.is_object()) {
    return core::fail(core::ErrorCode::kMalformedInput, "exposure: expected an object");
  }
  // Every member is optional so that hand-written fragments stay short; a
  // member of the wrong type is an error (json's type_error, caught below).
  Exposure value;
  try {
    value.probed = document.value("probed", false);
    value.probe_skipped = document.value("probe_skipped", std::string());
    for (const auto& entry : document.value("api", json::array())) {
      ApiProbe probe;
      probe.address = entry.value("address", std::string());
      probe.source = entry.value("source", std::string());
      probe.answered = entry.value("answered", false);
      probe.scheme = entry.value("scheme", std::string());
      probe.version = entry.value("version", std::string());
      probe.detail = entry.value("detail", std::string());
      value.api.push_back(std::move(probe));
    }
    for (const auto& entry : document.value("sockets", json::array())) {
      SocketFile socket;
      socket.path = entry.value("path", std::string());
      socket.kind = entry.value("kind", std::string());
      socket.present = entry.value("present", true);
      socket.mode = entry.value("mode", 0u);
      socket.owner = entry.value("owner", std::string());
      socket.error = entry.value("error", std::string());
      value.sockets.push_back(std::move(socket));
    }
    value.containerd_tcp = document.value("containerd_tcp", std::vector<std::string>());
    value.containerd_errors = document.value("containerd_errors", std::vector<std::string>());
    for (const auto& entry : document.value("client_configs", json::array())) {
      ClientConfig config;
      config.path = entry.value("path", std::string());
      config.creds_store = entry.value("creds_store", std::string());
      config.registries = entry.value("registries", std::vector<std::string>());
      config.error = entry.value("error", std::string());
      for (const auto& item : entry.value("credentials", json::array())) {
        StoredCredential credential;
        credential.registry = item.value("registry", std::string());
        credential.user = item.value("user", std::string());
        credential.redacted = item.value("redacted", std::string());
        credential.plaintext = item.value("plaintext", false);
        config.credentials.push_back(std::move(credential));
      }
      value.client_configs.push_back(std::move(config));
    }
    for (const auto& entry : document.value("registries", json::array())) {
      RegistryProbe probe;
      probe.registry = entry.value("registry", std::string());
      probe.source = entry.value("source", std::string());
      probe.reachable = entry.value("reachable", true);
      probe.tls = entry.value("tls", false);
      probe.tls_version = entry.value("tls_version", std::string());
      probe.tls_below_1_2 = entry.value("tls_below_1_2", false);
      probe.verified = entry.value("verified", false);
      probe.verify_error = entry.value("verify_error", std::string());
      probe.hostname_matches = entry.value("hostname_matches", false);
      probe.ca_file = entry.value("ca_file", std::string());
      probe.plain_http = entry.value("plain_http", false);
      probe.error = entry.value("error", std::string());
      if (entry.contains("days_left")) probe.days_left = entry.at("days_left").get<long>();
      value.registries.push_back(std::move(probe));
    }
    if (document.contains("content_trust")) {
      value.content_trust = document.at("content_trust").get<std::string>();
    }
  } catch (const json::exception& error) {
    return core::fail(core::ErrorCode::kMalformedInput, std::string("exposure: ") + error.what());
  }
  return value;
}

}  // namespace hardock::host
