#include "hardock/host/exposure_client_config.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "hardock/io/base64.h"
#include "hardock/io/json_guard.h"

namespace hardock::host {
namespace {

namespace fs = std::filesystem;

// Overwrites a string holding a secret before it is released.
void wipe(std::string& secret) { std::fill(secret.begin(), secret.end(), '\0'); }

}  // namespace

ClientConfig parse_client_config(std::string_view text, std::string display_path) {
  ClientConfig config;
  config.path = std::move(display_path);
  if (std::string nesting = io::json_nesting_error(text); !nesting.empty()) {
    config.error = "not a usable JSON object: " + nesting;
    return config;
  }
  // Exceptions off: a parse error (and a number out of range) gives a discarded value.
  auto document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    config.error = "not a JSON object";
    return config;
  }
  if (auto it = document.find("credsStore"); it != document.end() && it->is_string()) {
    config.creds_store = it->get<std::string>();
  }
  std::set<std::string> helped;
  if (auto it = document.find("credHelpers"); it != document.end() && it->is_object()) {
    for (const auto& [registry, helper] : it->items()) helped.insert(registry);
  }
  auto auths = document.find("auths");
  if (auths == document.end() || !auths->is_object()) return config;
  for (const auto& [registry, entry] : auths->items()) {
    config.registries.push_back(registry);
    if (!entry.is_object()) continue;
    std::string pair;
    if (auto auth = entry.find("auth"); auth != entry.end() && auth->is_string()) {
      pair = io::base64_decode(auth->get<std::string>()).value_or("");
    }
    if (pair.empty()) {
      // Older clients wrote username/password in the clear.
      auto user = entry.find("username");
      auto password = entry.find("password");
      if (user != entry.end() && password != entry.end() && user->is_string() &&
          password->is_string()) {
        pair = user->get<std::string>() + ":" + password->get<std::string>();
      }
    }
    if (pair.empty()) continue;
    StoredCredential credential;
    credential.registry = registry;
    credential.user = pair.substr(0, pair.find(':'));
    credential.redacted = redact_credential(pair);
    // With a credsStore or a helper for this registry the client does not
    // read "auth"; a leftover one is still on disk, so only the store counts.
    credential.plaintext = config.creds_store.empty() && helped.count(registry) == 0;
    wipe(pair);
    config.credentials.push_back(std::move(credential));
  }
  return config;
}

std::vector<ClientConfig> read_client_configs(const ReadContext& context, const io::RootDir& root) {
  // A config named by the user or this process's environment is a file of this machine; the
  // others are host paths under the root.
  struct Candidate {
    std::string path;
    bool in_root = true;
  };
  std::vector<Candidate> candidates;
  std::vector<ClientConfig> configs;
  if (!context.docker_config_dir.empty()) {
    candidates.push_back({(fs::path(context.docker_config_dir) / "config.json").string(), false});
  } else {
    if (root.path() == "/") {
      if (const char* dir = std::getenv("DOCKER_CONFIG"); dir != nullptr && *dir != '\0') {
        candidates.push_back({(fs::path(dir) / "config.json").string(), false});
      } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        candidates.push_back({(fs::path(home) / ".docker/config.json").string(), false});
      }
    }
    candidates.push_back({"/root/.docker/config.json", true});
    auto homes = root.list("/home");
    if (!homes && !homes.error().absent()) {
      // The configs under /home could not be looked for.
      ClientConfig config;
      config.path = "/home";
      config.error = homes.error().reason;
      configs.push_back(std::move(config));
    }
    for (const auto& name : homes.value_or(std::vector<std::string>{})) {
      candidates.push_back({"/home/" + name + "/.docker/config.json", true});
    }
  }
  std::set<std::pair<dev_t, ino_t>> seen;
  for (const auto& candidate : candidates) {
    // The same file under two names ($HOME/.docker is /root/.docker) is read once.
    struct stat info {};
    bool known = false;
    if (candidate.in_root) {
      auto found = root.stat(candidate.path, true);
      known = found.has_value();
      if (known) info = *found;
    } else {
      known = ::stat(candidate.path.c_str(), &info) == 0;
    }
    if (known && !seen.insert({info.st_dev, info.st_ino}).second) continue;
    auto text = candidate.in_root ? root.read(candidate.path, io::kMaxConfigFileBytes)
                                  : io::read_regular_file(candidate.path, io::kMaxConfigFileBytes);
    if (!text) {
      if (text.error().absent()) continue;
      ClientConfig config;
      config.path = candidate.path;
      config.error = text.error().reason;
      configs.push_back(std::move(config));
      continue;
    }
    configs.push_back(parse_client_config(*text, candidate.path));
    wipe(*text);
  }
  return configs;
}

std::string redact_credential(const std::string& user_colon_password) {
  const auto colon = user_colon_password.find(':');
  if (colon == std::string::npos) return "****";
  const std::string secret = user_colon_password.substr(colon + 1);
  // Short secrets show nothing: two characters of a four-character one is half of it.
  const size_t shown = secret.size() >= 8 ? 2 : 0;
  return user_colon_password.substr(0, colon) + ":" + secret.substr(0, shown) + "****";
}

}  // namespace hardock::host
