#include "hardock/docker/context.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hardock/core/sha256.h"
#include "hardock/io/json_guard.h"

namespace hardock::docker {
namespace {

bool is_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// A small JSON file of the CLI's config directory, bounded; nullopt when absent.
core::Result<std::optional<nlohmann::json>> read_json(const std::string& path) {
  constexpr std::streamsize kMaxBytes = 1 << 20;
  if (!is_file(path)) return std::optional<nlohmann::json>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail(core::ErrorCode::kPermissionDenied, "cannot read " + path);
  std::string text(static_cast<size_t>(kMaxBytes) + 1, '\0');
  in.read(text.data(), kMaxBytes + 1);
  text.resize(static_cast<size_t>(in.gcount()));
  if (static_cast<std::streamsize>(text.size()) > kMaxBytes) {
    return core::fail(core::ErrorCode::kMalformedInput, path + ": larger than 1 MiB");
  }
  if (auto nesting = io::json_nesting_error(text); !nesting.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput, path + ": " + nesting);
  }
  auto document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return core::fail(core::ErrorCode::kMalformedInput, path + ": not a JSON object");
  }
  return std::optional<nlohmann::json>(std::move(document));
}

}  // namespace

core::Result<std::optional<ContextEndpoint>> current_context(const EnvGetter& env) {
  std::string dir = env("DOCKER_CONFIG").value_or("");
  if (dir.empty()) dir = env("HOME").value_or("") + "/.docker";
  std::string name = env("DOCKER_CONTEXT").value_or("");
  if (name.empty()) {
    auto config = read_json(dir + "/config.json");
    if (!config) return core::fail(config.error());
    if (*config) {
      if (auto it = (*config)->find("currentContext"); it != (*config)->end() && it->is_string()) {
        name = it->get<std::string>();
      }
    }
  }
  if (name.empty() || name == "default") return std::optional<ContextEndpoint>();

  // A context's files live under a directory named by the SHA-256 of its name.
  const std::string id = core::sha256_hex(name);
  const std::string meta_path = dir + "/contexts/meta/" + id + "/meta.json";
  auto meta = read_json(meta_path);
  if (!meta) return core::fail(meta.error().with_context("docker context " + name));
  if (!*meta) {
    return core::fail(core::ErrorCode::kNotFound, "docker context " + name + ": no " + meta_path +
                                                      " (docker context ls lists the contexts)");
  }
  ContextEndpoint context;
  context.name = name;
  const nlohmann::json& endpoint = (**meta)["Endpoints"]["docker"];
  if (!endpoint.is_object() || !endpoint.contains("Host") || !endpoint["Host"].is_string()) {
    return core::fail(
        core::ErrorCode::kMalformedInput,
        "docker context " + name + ": " + meta_path + " has no Endpoints.docker.Host");
  }
  context.host = endpoint["Host"].get<std::string>();
  if (auto skip = endpoint.find("SkipTLSVerify"); skip != endpoint.end() && skip->is_boolean()) {
    context.skip_tls_verify = skip->get<bool>();
  }
  const std::string tls = dir + "/contexts/tls/" + id + "/docker/";
  if (is_file(tls + "ca.pem")) context.ca = tls + "ca.pem";
  if (is_file(tls + "cert.pem")) context.cert = tls + "cert.pem";
  if (is_file(tls + "key.pem")) context.key = tls + "key.pem";
  return std::optional<ContextEndpoint>(std::move(context));
}

}  // namespace hardock::docker
