#include "hardock/harden/file_names.h"

#include <algorithm>
#include <cctype>

#include "hardock/harden/text.h"

namespace hardock::harden {
namespace {

constexpr size_t kMaxKeptName = 128;
constexpr size_t kMaxStem = 64;

bool portable_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '.' || ch == '_' || ch == '-';
}

bool portable(std::string_view name) {
  return !name.empty() && name.size() <= kMaxKeptName && name.front() != '.' &&
         name.front() != '-' && std::all_of(name.begin(), name.end(), portable_char);
}

}  // namespace

std::string FileNames::claim(std::string_view wanted) {
  std::string base;
  if (portable(wanted)) {
    base = std::string(wanted);
  } else {
    std::string stem;
    for (char ch : wanted.substr(0, kMaxStem)) stem += portable_char(ch) ? ch : '_';
    // A leading '.' or '-' would hide the directory or read as an option.
    if (!stem.empty() && (stem.front() == '.' || stem.front() == '-')) stem.front() = '_';
    base = (stem.empty() ? std::string("unnamed") : stem) + "-" + short_hash(wanted);
  }
  std::string name = base;
  for (int suffix = 2; taken_.contains(name); ++suffix) {
    name = base + "-" + std::to_string(suffix);
  }
  taken_.insert(name);
  return name;
}

}  // namespace hardock::harden
