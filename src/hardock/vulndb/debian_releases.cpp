#include "hardock/vulndb/debian_releases.h"

#include <array>
#include <utility>

namespace hardock::vulndb {

std::optional<std::string> debian_release(std::string_view codename) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kReleases{{
      {"wheezy", "7"},
      {"jessie", "8"},
      {"stretch", "9"},
      {"buster", "10"},
      {"bullseye", "11"},
      {"bookworm", "12"},
      {"trixie", "13"},
      {"forky", "14"},
  }};
  for (const auto& [name, number] : kReleases) {
    if (name == codename) return "Debian:" + std::string(number);
  }
  return std::nullopt;
}

std::string debian_tracker_ecosystem(std::string_view codename) {
  if (auto known = debian_release(codename)) return *known;
  return "Debian:" + std::string(codename);
}

std::optional<std::string> debian_release_of_suite(std::string_view suite) {
  for (std::string_view suffix : {"-security", "-updates", "-backports", "-proposed-updates"}) {
    if (suite.ends_with(suffix)) {
      suite.remove_suffix(suffix.size());
      break;
    }
  }
  return debian_release(suite);
}

}  // namespace hardock::vulndb
