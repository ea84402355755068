#include "hardock/image/registry_client.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "hardock/image/registry_auth.h"
#include "hardock/image/source_http.h"
#include "hardock/image/source_manifest.h"
#include "hardock/image/source_walk.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/io/json_guard.h"

namespace hardock::image {
namespace {

constexpr uint64_t kMaxTokenAnswer = 1 << 20;
constexpr uint64_t kMaxErrorAnswer = 64 << 10;

bool file_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// The host of an http(s) URL ("https://auth.example:443/token" -> "auth.example:443").
std::string url_host(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (url.starts_with(scheme)) {
      url.remove_prefix(scheme.size());
      return std::string(url.substr(0, url.find_first_of("/?#")));
    }
  }
  return {};
}

// The first message of a registry's {"errors": [{"code": ..., "message": ...}]} answer.
std::string registry_message(const std::string& body) {
  if (!io::json_nesting_error(body).empty()) return {};
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return {};
  const auto errors = document.find("errors");
  if (errors == document.end() || !errors->is_array() || errors->empty()) return {};
  const auto& first = (*errors)[0];
  if (!first.is_object()) return {};
  std::string out;
  if (first.contains("code") && first["code"].is_string()) out = first["code"].get<std::string>();
  if (first.contains("message") && first["message"].is_string()) {
    out += (out.empty() ? "" : ": ") + first["message"].get<std::string>();
  }
  return io::terminal_safe(io::truncate(out, 300));
}

class Session {
 public:
  Session(const Reference& reference, const RegistryOptions& options)
      : reference_(reference), options_(options), host_(reference.api_host()) {
    insecure_ = std::find(options.insecure_registries.begin(), options.insecure_registries.end(),
                          reference.registry) != options.insecure_registries.end() ||
                std::find(options.insecure_registries.begin(), options.insecure_registries.end(),
                          host_) != options.insecure_registries.end();
    transport_ = transport_for(host_);
    transport_.verify_peer = !insecure_;
    transport_.allow_plain_http_redirects = insecure_;
    shown_ = "registry " + io::terminal_safe(reference.registry);
  }

  core::Result<void> start() {
    std::string note;
    auto credentials = registry_credentials(options_, reference_.registry, &note);
    if (!credentials) return core::fail(credentials.error().with_context(shown_));
    credentials_ = std::move(*credentials);
    credentials_note_ = note;
    // The ping tells whether the registry speaks TLS (insecure hosts may not) and how it wants
    // to be authenticated.
    auto ping = get("/v2/", "", kMaxErrorAnswer);
    if (!ping) return core::fail(ping.error());
    return {};
  }

  core::Result<HttpAnswer> get(const std::string& path, std::string_view accept,
                               uint64_t max_bytes) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto answer = http_get(transport_, request(path, accept, max_bytes));
      if (!answer && attempt == 0 && insecure_ && scheme_ == "https" &&
          can_fall_back(answer.error())) {
        scheme_ = "http";  // an insecure registry without TLS, as dockerd falls back
        answer = http_get(transport_, request(path, accept, max_bytes));
      }
      if (!answer) return core::fail(tls_hint(answer.error()).with_context(shown_));
      if (answer->status == 401 && attempt == 0) {
        if (auto authenticated = authenticate(answer->www_authenticate); !authenticated) {
          return core::fail(authenticated.error());
        }
        continue;
      }
      if (answer->status == 401) return core::fail(refused(answer->body));
      return answer;
    }
    return core::fail(core::ErrorCode::kInternal, "unreachable");
  }

  core::Result<std::unique_ptr<HttpStream>> stream(const std::string& path, uint64_t max_bytes) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto opened = HttpStream::open(transport_, request(path, "", max_bytes));
      if (!opened) return core::fail(tls_hint(opened.error()).with_context(shown_));
      const long status = (*opened)->status();
      if (status == 200) return opened;
      std::string body;
      char block[4096];
      while (body.size() < kMaxErrorAnswer) {
        auto got = (*opened)->read(block, sizeof block);
        if (!got || *got == 0) break;
        body.append(block, *got);
      }
      if (status == 401 && attempt == 0) {
        if (auto authenticated = authenticate((*opened)->header("www-authenticate").value_or(""));
            !authenticated) {
          return core::fail(authenticated.error());
        }
        continue;
      }
      if (status == 401) return core::fail(refused(body));
      return core::fail(status_error(status, body, path));
    }
    return core::fail(core::ErrorCode::kInternal, "unreachable");
  }

  core::Error status_error(long status, const std::string& body, const std::string& path) const {
    const std::string message = registry_message(body);
    core::Error error{status == 404 ? core::ErrorCode::kNotFound
                                    : core::error_code_for(static_cast<core::HttpStatus>(status)),
                      shown_ + ": GET " + io::terminal_safe(path) + " answered " +
                          std::to_string(status) + (message.empty() ? "" : " (" + message + ")"),
                      {}};
    error.http_status = static_cast<core::HttpStatus>(status);
    return error;
  }

  const std::string& shown() const { return shown_; }
  const std::string& repository_path() const { return reference_.repository; }

 private:
  HttpTransport transport_for(const std::string& host) const {
    HttpTransport transport;
    transport.connect_timeout_ms = options_.connect_timeout_ms;
    transport.stall_timeout_seconds = options_.stall_timeout_seconds;
    if (!options_.certs_dir.empty() && host.find('/') == std::string::npos &&
        host.find("..") == std::string::npos) {
      const std::string dir = options_.certs_dir + "/" + host + "/";
      if (file_exists(dir + "ca.crt")) transport.ca_file = dir + "ca.crt";
      if (file_exists(dir + "client.cert") && file_exists(dir + "client.key")) {
        transport.client_cert = dir + "client.cert";
        transport.client_key = dir + "client.key";
      }
    }
    return transport;
  }

  HttpRequest request(const std::string& path, std::string_view accept, uint64_t max_bytes) const {
    HttpRequest out;
    out.url = scheme_ + "://" + host_ + path;
    out.max_bytes = max_bytes;
    out.what = "GET " + io::terminal_safe(path);
    if (!accept.empty()) out.headers.push_back("Accept: " + std::string(accept));
    if (!authorization_.empty()) out.headers.push_back("Authorization: " + authorization_);
    return out;
  }

  static bool can_fall_back(const core::Error& error) {
    return error.code == core::ErrorCode::kTlsFailure ||
           error.code == core::ErrorCode::kConnectionDropped ||
           error.code == core::ErrorCode::kProtocol;
  }

  core::Error tls_hint(core::Error error) const {
    if (error.code == core::ErrorCode::kTlsFailure && !insecure_) {
      error.message += " (give the registry's CA as " + options_.certs_dir + "/" + host_ +
                       "/ca.crt, or --insecure-registry " + reference_.registry + ")";
    }
    return error;
  }

  core::Error refused(const std::string& body) const {
    const std::string message = registry_message(body);
    std::string text = shown_ + ": ";
    if (credentials_.empty()) {
      text += "authentication required (no credentials for it in the docker client config" +
              (credentials_note_.empty() ? std::string() : "; " + credentials_note_) +
              "; docker login " + reference_.registry + ")";
    } else {
      text += "credentials " + io::terminal_safe(credentials_.shown()) + " from " +
              io::terminal_safe(credentials_.source) + " were refused";
    }
    if (!message.empty()) text += " (" + message + ")";
    core::Error error{core::ErrorCode::kPermissionDenied, text, {}};
    error.http_status = core::HttpStatus::kUnauthorized;
    return error;
  }

  core::Result<void> authenticate(const std::string& header) {
    auto challenge = parse_challenge(header);
    if (!challenge) {
      return core::fail(core::ErrorCode::kProtocol,
                        shown_ + ": answered 401 without a challenge hardock understands");
    }
    const std::string basic =
        credentials_.empty()
            ? std::string()
            : "Basic " + base64_encode(credentials_.user + ":" + credentials_.password);
    if (challenge->scheme == "basic") {
      if (credentials_.empty() || (!insecure_ && scheme_ != "https"))
        return core::fail(refused(""));
      authorization_ = basic;
      return {};
    }
    const std::string realm = challenge->params["realm"];
    const std::string realm_host = url_host(realm);
    if (realm_host.empty()) {
      return core::fail(core::ErrorCode::kProtocol,
                        shown_ + ": token realm is not an http(s) URL: " +
                            io::terminal_safe(io::truncate(realm, 200)));
    }
    const bool realm_insecure = realm_host == host_ && insecure_;
    if (realm.starts_with("http://") && !realm_insecure) {
      return core::fail(core::ErrorCode::kTlsFailure,
                        shown_ + ": token realm " + io::terminal_safe(realm) +
                            " is plain http (credentials would be sent in clear)");
    }
    std::string url = realm + (realm.find('?') == std::string::npos ? "?" : "&");
    if (challenge->params.contains("service")) {
      url += "service=" + url_escape(challenge->params["service"]) + "&";
    }
    url += "scope=" + url_escape("repository:" + reference_.repository + ":pull");
    HttpTransport transport = realm_host == host_ ? transport_ : transport_for(realm_host);
    HttpRequest token_request{
        url, {}, kMaxTokenAnswer, "GET token from " + io::terminal_safe(realm_host)};
    if (!basic.empty()) token_request.headers.push_back("Authorization: " + basic);
    auto answer = http_get(transport, token_request);
    if (!answer) return core::fail(answer.error().with_context(shown_));
    if (answer->status == 401 || answer->status == 403) return core::fail(refused(answer->body));
    if (answer->status != 200) {
      return core::fail(core::ErrorCode::kProtocol,
                        shown_ + ": token service " + io::terminal_safe(realm_host) + " answered " +
                            std::to_string(answer->status));
    }
    std::string token;
    if (io::json_nesting_error(answer->body).empty()) {
      const auto document = nlohmann::json::parse(answer->body, nullptr, false);
      for (const char* key : {"token", "access_token"}) {
        if (document.is_object() && document.contains(key) && document[key].is_string()) {
          token = document[key].get<std::string>();
          break;
        }
      }
    }
    if (token.empty() || token.find_first_of("\r\n") != std::string::npos) {
      return core::fail(
          core::ErrorCode::kProtocol,
          shown_ + ": token service " + io::terminal_safe(realm_host) + " sent no usable token");
    }
    authorization_ = "Bearer " + token;
    return {};
  }

  const Reference& reference_;
  const RegistryOptions& options_;
  std::string host_;
  bool insecure_ = false;
  HttpTransport transport_;
  std::string scheme_ = "https";
  std::string shown_;
  Credentials credentials_;
  std::string credentials_note_;
  std::string authorization_;  // the Authorization header's value; never shown
};

class RegistryStore final : public BlobStore {
 public:
  explicit RegistryStore(Session& session) : session_(session) {}

  core::Result<std::string> read_blob(const Descriptor& blob, std::size_t max_bytes) override {
    return small("/blobs/" + blob.digest, "", max_bytes);
  }
  core::Result<std::string> read_manifest(const Descriptor& manifest,
                                          std::size_t max_bytes) override {
    return small("/manifests/" + manifest.digest, kManifestAccept, max_bytes);
  }
  core::Result<std::unique_ptr<ByteSource>> open_blob(const Descriptor& blob) override {
    // The descriptor's size bounds the answer (VerifyingSource checks it exactly); without one
    // the layer limits do.
    const uint64_t limit = blob.size >= 0 ? static_cast<uint64_t>(blob.size) : uint64_t{64} << 30;
    auto stream = session_.stream(path("/blobs/" + blob.digest), limit);
    if (!stream) return core::fail(stream.error());
    return std::unique_ptr<ByteSource>(std::move(*stream));
  }

 private:
  std::string path(const std::string& tail) const {
    return "/v2/" + session_.repository_path() + tail;
  }
  core::Result<std::string> small(const std::string& tail, std::string_view accept,
                                  std::size_t max_bytes) {
    auto answer = session_.get(path(tail), accept, max_bytes);
    if (!answer) return core::fail(answer.error());
    if (answer->status != 200) {
      return core::fail(session_.status_error(answer->status, answer->body, path(tail)));
    }
    return std::move(answer->body);
  }

  Session& session_;
};

// "docker.io/library/busybox:1.36" -> "busybox:1.36", as docker lists it.
std::string familiar(const Reference& reference) {
  std::string repository = reference.repository;
  if (reference.registry == "docker.io") {
    if (repository.starts_with("library/")) repository.erase(0, 8);
    return repository + ":" + reference.tag;
  }
  return reference.registry + "/" + repository + ":" + reference.tag;
}

}  // namespace

core::Result<Credentials> registry_credentials(const RegistryOptions& options,
                                               const std::string& registry, std::string* note) {
  std::string dir = options.docker_config_dir;
  if (dir.empty()) {
    if (const char* env = std::getenv("DOCKER_CONFIG"); env != nullptr && *env != '\0') {
      dir = env;
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
      dir = std::string(home) + "/.docker";
    } else {
      return Credentials{};
    }
  }
  const std::string path = dir + "/config.json";
  auto text = io::read_regular_file(path, io::kMaxConfigFileBytes);
  if (!text) {
    if (text.error().absent()) return Credentials{};
    return core::fail(text.error().to_error());
  }
  const ConfigCredentials found = credentials_in_config(*text, registry);
  if (!found.error.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      io::terminal_safe(path) + ": " + found.error);
  }
  if (note != nullptr) *note = found.note;
  if (!found.found) return Credentials{};
  return Credentials{found.user, found.password, path};
}

core::Result<Image> read_registry_image(const Reference& reference, const RegistryOptions& options,
                                        const ImageSelection& selection,
                                        const LayerOptions& layer_options) {
  const std::string name = "registry:" + io::terminal_safe(reference.text());
  Session session(reference, options);
  if (auto started = session.start(); !started) return core::fail(started.error());
  const std::string path =
      "/v2/" + reference.repository + "/manifests/" + reference.manifest_reference();
  auto answer = session.get(path, kManifestAccept, kMaxManifestBytes);
  if (!answer) return core::fail(answer.error());
  if (answer->status == 404) {
    return core::fail(core::ErrorCode::kNotFound,
                      session.shown() + ": " + io::terminal_safe(reference.text()) + " not found");
  }
  if (answer->status != 200)
    return core::fail(session.status_error(answer->status, answer->body, path));
  const std::string digest = sha256_digest(answer->body);
  if (!reference.digest.empty() && digest != reference.digest) {
    return core::fail(
        core::ErrorCode::kMalformedInput,
        name + ": the manifest does not match the digest asked for (got " + digest + ")");
  }
  if (answer->docker_content_digest.starts_with("sha256:") &&
      answer->docker_content_digest != digest) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      name + ": the manifest does not match its Docker-Content-Digest");
  }
  auto top = parse_manifest(answer->body, answer->content_type, name + ": manifest");
  if (!top) return core::fail(top.error());
  RegistryStore store(session);
  auto resolved = resolve_manifest(store, std::move(*top), digest, selection, name);
  if (!resolved) return core::fail(resolved.error());
  auto image =
      read_image_from_manifest(store, name, resolved->manifest, resolved->digest, layer_options);
  if (!image) return core::fail(image.error());
  if (!reference.tag.empty()) image->repo_tags.push_back(familiar(reference));
  return image;
}

}  // namespace hardock::image
