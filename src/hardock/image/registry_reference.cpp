#include "hardock/image/registry_reference.h"

#include <cctype>

#include "hardock/image/source_manifest.h"
#include "hardock/io/escape.h"

namespace hardock::image {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// One path component: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*
bool valid_component(std::string_view part) {
  if (part.empty() || !lower_alnum(part.front()) || !lower_alnum(part.back())) return false;
  for (std::size_t index = 0; index < part.size(); ++index) {
    const char c = part[index];
    if (lower_alnum(c)) continue;
    if (c == '-') continue;
    if (c == '.' || c == '_') {
      // a separator: "__" is allowed, "._", ".." and "___" are not
      const char next = part[index + 1];
      if (c == '_' && next == '_' && index + 2 < part.size() && lower_alnum(part[index + 2])) {
        ++index;
        continue;
      }
      if (!lower_alnum(next)) return false;
      continue;
    }
    return false;
  }
  return true;
}

bool valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128) return false;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  if (!word(tag.front())) return false;
  for (const char c : tag) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  std::string_view name = host;
  std::string_view port;
  if (name.front() == '[') {
    const auto close = name.find(']');
    if (close == std::string_view::npos) return false;
    for (const char c : name.substr(1, close - 1)) {
      if (std::isxdigit(static_cast<unsigned char>(c)) == 0 && c != ':') return false;
    }
    std::string_view rest = name.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
  } else {
    const auto colon = name.find(':');
    if (colon != std::string_view::npos) {
      port = name.substr(colon + 1);
      name = name.substr(0, colon);
      if (port.empty()) return false;
    }
    if (name.empty()) return false;
    for (const char c : name) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-') return false;
    }
  }
  for (const char c : port) {
    if (c < '0' || c > '9') return false;
  }
  return port.size() <= 5;
}

}  // namespace

std::string Reference::text() const {
  std::string out = registry + "/" + repository;
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

std::string Reference::api_host() const {
  return registry == "docker.io" ? "registry-1.docker.io" : registry;
}

bool registry_named(std::string_view reference) {
  const auto slash = reference.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view first = reference.substr(0, slash);
  return first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
         first == "localhost";
}

core::Result<Reference> parse_reference(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "image reference " + io::terminal_safe(io::truncate(text, 200)) + ": " + why);
  };
  if (text.empty()) return bad("empty");
  if (text.size() > 1024) return bad("longer than 1024 characters");
  Reference out;
  std::string_view rest = text;
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    out.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
    if (!valid_digest(out.digest)) return bad("the digest is not sha256:<64 hex digits>");
  }
  if (registry_named(rest)) {
    const auto slash = rest.find('/');
    out.registry = std::string(rest.substr(0, slash));
    rest = rest.substr(slash + 1);
    if (!valid_host(out.registry)) return bad("not a registry host: " + out.registry);
    if (out.registry == "index.docker.io" || out.registry == "registry-1.docker.io") {
      out.registry = "docker.io";
    }
  } else {
    out.registry = "docker.io";
  }
  const auto slash = rest.rfind('/');
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    out.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (!valid_tag(out.tag)) return bad("not a valid tag: " + out.tag);
  }
  if (rest.empty()) return bad("no repository");
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto end = rest.find('/', start);
    const std::string_view part =
        rest.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!valid_component(part)) {
      return bad("repository components are lower-case letters, digits and . _ -");
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  out.repository = std::string(rest);
  if (out.registry == "docker.io" && out.repository.find('/') == std::string::npos) {
    out.repository = "library/" + out.repository;
  }
  if (out.tag.empty() && out.digest.empty()) out.tag = "latest";
  if (out.repository.size() > 255) return bad("repository longer than 255 characters");
  return out;
}

}  // namespace hardock::image
