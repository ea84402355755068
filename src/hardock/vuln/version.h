// Version ordering per package manager, exactly as the package manager itself orders and
// rejects versions:
//   dpkg: dpkg 1.21's parseversion and verrevcmp ([epoch:]upstream[-revision]; `~` sorts before
//         everything, even the end; letters before other characters). Rejected: what dpkg
//         refuses for a package's Version field, its warnings included (upstream not starting
//         with a digit, characters outside [A-Za-z0-9.+~:-] in the upstream part and
//         [A-Za-z0-9.+~] in the revision), which `dpkg --compare-versions` only warns about.
//   apk:  apk-tools 2.14's grammar and order (digits{.digits}[letter]{_suffix[N]}[-rN]), with
//         apk-tools 3's `~hexhash` commit token before -rN. Rejected: what
//         `apk version --check` rejects, e.g. "10.0.11-0", "2021-03-27-r5".
//   rpm:  rpm 4.18's rpm.vercmp on whole [epoch:]version[-release] strings (rpmvercmp per part;
//         `~` sorts before, `^` after the base but before any further segment; a missing epoch
//         is 0; a missing release sorts before any release). Rejected: what rpmbuild refuses:
//         a non-numeric epoch, characters outside [A-Za-z0-9._+%{}~^] in version or release,
//         more than one '-'.
// Every ecosystem rejects an empty version and one longer than kMaxVersionLength bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "hardock/core/result.h"

namespace hardock::vuln {

enum class Ecosystem { kDpkg, kApk, kRpm };

inline constexpr std::size_t kMaxVersionLength = 256;

// "dpkg" or "deb", "apk", "rpm"; nullopt otherwise.
[[nodiscard]] std::optional<Ecosystem> parse_ecosystem(std::string_view name);
// "dpkg", "apk", "rpm".
[[nodiscard]] std::string_view to_string(Ecosystem ecosystem);

// Whether the ecosystem's package manager accepts `version`; kInvalidArgument naming the
// ecosystem, the version and the reason otherwise.
[[nodiscard]] core::Result<void> validate_version(Ecosystem ecosystem, std::string_view version);

// -1, 0 or 1 as `a` sorts before, equal to or after `b`; the validate_version error when
// either is rejected.
[[nodiscard]] core::Result<int> compare_versions(Ecosystem ecosystem, std::string_view a,
                                                 std::string_view b);

// A version its ecosystem accepted, split once for many comparisons (matching compares one
// installed version with every event of every record of its package). It views the text it was
// parsed from, which must outlive it.
class ParsedVersion {
 public:
  // The validate_version error when the ecosystem rejects `version`.
  [[nodiscard]] static core::Result<ParsedVersion> parse(Ecosystem ecosystem,
                                                         std::string_view version);

  [[nodiscard]] Ecosystem ecosystem() const { return ecosystem_; }
  [[nodiscard]] std::string_view text() const { return text_; }

  friend int compare(const ParsedVersion& a, const ParsedVersion& b);

 private:
  ParsedVersion(Ecosystem ecosystem, std::string_view text) : ecosystem_(ecosystem), text_(text) {}
  Ecosystem ecosystem_;
  std::string_view text_;
  // dpkg: the parts dpkg compares (other ecosystems compare the text).
  std::int64_t epoch_ = 0;
  std::string_view upstream_;
  std::string_view revision_;
};

// compare_versions(ecosystem, a.text(), b.text()), without parsing either again. Versions of two
// ecosystems (a caller's mistake) order by ecosystem.
[[nodiscard]] int compare(const ParsedVersion& a, const ParsedVersion& b);

}  // namespace hardock::vuln
