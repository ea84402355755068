// Accounts: /etc/passwd, /etc/shadow and /etc/group, for the image checks (empty passwords,
// duplicate ids) and the minimisation plan (users with a login shell).
#include <charconv>
#include <map>
#include <sstream>

#include "hardock/image/analyzer.h"

namespace hardock::image::analyzers {
namespace {

constexpr std::string_view kPasswd = "etc/passwd";
constexpr std::string_view kShadow = "etc/shadow";
constexpr std::string_view kGroup = "etc/group";
constexpr std::size_t kMaxAccounts = 100000;

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (out.size() < 16) {
    const auto colon = line.find(':', start);
    out.push_back(
        line.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return out;
}

int64_t number(const std::string& text) {
  int64_t value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : -1;
}

class Accounts final : public Analyzer {
 public:
  std::string_view name() const override { return "accounts"; }
  int version() const override { return 1; }
  bool wants(std::string_view path) const override {
    return path == kPasswd || path == kShadow || path == kGroup;
  }

  void analyze(const ImageTree& tree, Inventory& inventory) const override {
    std::map<std::string, bool> shadow_empty;
    if (const std::string* shadow = tree.content(std::string(kShadow))) {
      std::istringstream lines(*shadow);
      std::string line;
      while (std::getline(lines, line) && shadow_empty.size() < kMaxAccounts) {
        const auto parts = fields(line);
        if (parts.size() >= 2 && !parts[0].empty()) shadow_empty[parts[0]] = parts[1].empty();
      }
    }
    if (const std::string* passwd = tree.content(std::string(kPasswd))) {
      std::istringstream lines(*passwd);
      std::string line;
      while (std::getline(lines, line) && inventory.users.size() < kMaxAccounts) {
        const auto parts = fields(line);
        if (parts.size() < 7 || parts[0].empty() || parts[0].starts_with("#")) continue;
        Account user{parts[0], number(parts[2]), number(parts[3]), parts[5], parts[6], false};
        // "x" defers to shadow; an empty passwd field is itself a login without password.
        auto in_shadow = shadow_empty.find(user.name);
        user.empty_password =
            parts[1].empty() ||
            (parts[1] == "x" && in_shadow != shadow_empty.end() && in_shadow->second);
        inventory.users.push_back(std::move(user));
      }
    }
    if (const std::string* group = tree.content(std::string(kGroup))) {
      std::istringstream lines(*group);
      std::string line;
      while (std::getline(lines, line) && inventory.groups.size() < kMaxAccounts) {
        const auto parts = fields(line);
        if (parts.size() < 3 || parts[0].empty() || parts[0].starts_with("#")) continue;
        inventory.groups.push_back({parts[0], number(parts[2]), -1, {}, {}, false});
      }
    }
  }
};

const Accounts kAccountsInstance;

}  // namespace

extern const Analyzer& kAccounts;  // listed in analyzers/list.h
const Analyzer& kAccounts = kAccountsInstance;

}  // namespace hardock::image::analyzers
