// OS detection: /etc/os-release (else /usr/lib/os-release), then the distribution's own release
// files for images without os-release (old Debian, Alpine, Red Hat), and distroless images (no
// shell, no package manager, packages in /var/lib/dpkg/status.d).
#include <sstream>

#include "hardock/image/analyzer.h"

namespace hardock::image::analyzers {
namespace {

constexpr std::string_view kOsReleasePath = "etc/os-release";
constexpr std::string_view kUsrOsReleasePath = "usr/lib/os-release";
constexpr std::string_view kDebianVersionPath = "etc/debian_version";
constexpr std::string_view kAlpineReleasePath = "etc/alpine-release";
constexpr std::string_view kRedhatReleasePath = "etc/redhat-release";

// KEY=value or KEY="value" lines; quotes and backslash escapes removed.
std::string value_of(const std::string& text, std::string_view key) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != '=') continue;
    std::string value = line.substr(key.size() + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    std::string out;
    for (std::size_t index = 0; index < value.size(); ++index) {
      if (value[index] == '\\' && index + 1 < value.size()) ++index;
      out += value[index];
    }
    return out;
  }
  return {};
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

class OsRelease final : public Analyzer {
 public:
  std::string_view name() const override { return "os"; }
  int version() const override { return 1; }
  bool wants(std::string_view path) const override {
    return path == kOsReleasePath || path == kUsrOsReleasePath || path == kDebianVersionPath ||
           path == kAlpineReleasePath || path == kRedhatReleasePath;
  }

  void analyze(const ImageTree& tree, Inventory& inventory) const override {
    OsInfo& os = inventory.os;
    for (std::string_view path : {kOsReleasePath, kUsrOsReleasePath}) {
      const std::string* text = tree.content(std::string(path));
      if (text == nullptr) continue;
      os.id = value_of(*text, "ID");
      os.id_like = value_of(*text, "ID_LIKE");
      os.version_id = value_of(*text, "VERSION_ID");
      os.version_codename = value_of(*text, "VERSION_CODENAME");
      os.pretty_name = value_of(*text, "PRETTY_NAME");
      os.source = std::string(path);
      break;
    }
    // The distributions' own files are more precise (Debian point releases, Alpine patch level)
    // or the only ones there (images older than os-release).
    if (const std::string* text = tree.content(std::string(kAlpineReleasePath))) {
      if (os.id.empty()) os.id = "alpine";
      if (os.id == "alpine") {
        os.version_id = first_line(*text);
        os.source = std::string(kAlpineReleasePath);
      }
    } else if (const std::string* debian = tree.content(std::string(kDebianVersionPath))) {
      if (os.id.empty()) {
        os.id = "debian";
        os.version_id = first_line(*debian);
        os.source = std::string(kDebianVersionPath);
      }
    } else if (const std::string* redhat = tree.content(std::string(kRedhatReleasePath))) {
      if (os.id.empty()) {
        os.id = "rhel";
        os.pretty_name = first_line(*redhat);
        os.source = std::string(kRedhatReleasePath);
      }
    }
    const auto& index = tree.index();
    const bool shell = index.find("bin/sh") != nullptr || index.find("usr/bin/sh") != nullptr ||
                       index.find("bin/bash") != nullptr;
    const bool package_manager = index.find("usr/bin/dpkg") != nullptr ||
                                 index.find("sbin/apk") != nullptr ||
                                 index.find("usr/bin/rpm") != nullptr;
    os.distroless = !shell && !package_manager;
  }
};

const OsRelease kOsReleaseInstance;

}  // namespace

extern const Analyzer& kOsRelease;  // listed in analyzers/list.h
const Analyzer& kOsRelease = kOsReleaseInstance;

}  // namespace hardock::image::analyzers
