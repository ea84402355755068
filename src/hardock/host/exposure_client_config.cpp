#include "hardock/host/exposure_client_config.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace hardock::host {
namespace {

namespace fs = std::filesystem;

// Base64 decode with OpenSSL; empty on malformed input.
std::string base64_decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return {};
  std::string out(text.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(text.data()),
                                     static_cast<int>(text.size()));
  if (length < 0) return {};
  size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(length) - padding);
  return out;
}

// Overwrites a string holding a secret before it is released.
void wipe(std::string& secret) { std::fill(secret.begin(), secret.end(), '\0'); }

std::string join_root(const std::string& root, const std::string& path) {
  if (root.empty() || root == "/") return path;
  return (fs::path(root) / fs::path(path).relative_path()).string();
}

}  // namespace

ClientConfig parse_client_config(const std::string& text, std::string display_path) {
  ClientConfig config;
  config.path = std::move(display_path);
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
      pair = base64_decode(auth->get<std::string>());
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

std::vector<ClientConfig> read_client_configs(const ReadContext& context) {
  std::vector<std::pair<std::string, std::string>> candidates;  // real path, display path
  if (!context.docker_config_dir.empty()) {
    const std::string path = (fs::path(context.docker_config_dir) / "config.json").string();
    candidates.emplace_back(path, path);
  } else {
    const bool live_root = context.root.empty() || context.root == "/";
    if (live_root) {
      if (const char* dir = std::getenv("DOCKER_CONFIG"); dir != nullptr && *dir != '\0') {
        const std::string path = (fs::path(dir) / "config.json").string();
        candidates.emplace_back(path, path);
      } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        const std::string path = (fs::path(home) / ".docker/config.json").string();
        candidates.emplace_back(path, path);
      }
    }
    candidates.emplace_back(join_root(context.root, "/root/.docker/config.json"),
                            "/root/.docker/config.json");
    std::error_code error;
    const fs::path home_dir = join_root(context.root, "/home");
    std::vector<std::string> homes;
    for (fs::directory_iterator it(home_dir, error), end; !error && it != end;
         it.increment(error)) {
      homes.push_back(it->path().filename().string());
    }
    std::sort(homes.begin(), homes.end());
    for (const auto& name : homes) {
      const std::string display = "/home/" + name + "/.docker/config.json";
      candidates.emplace_back(join_root(context.root, display), display);
    }
  }
  std::vector<ClientConfig> configs;
  std::set<std::string> seen;
  for (const auto& [real, display] : candidates) {
    std::error_code error;
    const auto canonical = fs::weakly_canonical(real, error);
    if (!seen.insert(error ? real : canonical.string()).second) continue;
    if (!fs::exists(real, error)) continue;
    std::ifstream in(real);
    if (!in) {
      ClientConfig config;
      config.path = display;
      config.error = "cannot be read";
      configs.push_back(std::move(config));
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    configs.push_back(parse_client_config(content, display));
    wipe(content);
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
