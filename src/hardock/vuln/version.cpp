// Dispatch to the per-ecosystem parsers, with the checks every ecosystem shares.
#include "hardock/vuln/version.h"

#include <string>

#include "hardock/io/escape.h"
#include "hardock/vuln/version_detail.h"

namespace hardock::vuln {
namespace {

// What every ecosystem rejects.
std::optional<std::string_view> common_reject_reason(std::string_view version) {
  if (version.empty()) return "version string is empty";
  if (version.size() > kMaxVersionLength) return "longer than 256 bytes";
  // No package manager sees past a NUL: apk would read "1\0x" as "1".
  if (version.find('\0') != std::string_view::npos) return "contains a NUL byte";
  return std::nullopt;
}

std::optional<std::string_view> reject_reason(Ecosystem ecosystem, std::string_view version) {
  if (auto reason = common_reject_reason(version)) return reason;
  switch (ecosystem) {
    case Ecosystem::kDpkg:
      return detail::dpkg_reject_reason(version);
    case Ecosystem::kApk:
      return detail::apk_reject_reason(version);
    case Ecosystem::kRpm:
      return detail::rpm_reject_reason(version);
  }
  return "unknown ecosystem";
}

// kInvalidArgument; the version comes from a feed or an image: quoted, on one line, and short.
tl::unexpected<core::Error> rejected(Ecosystem ecosystem, std::string_view version,
                                     std::string_view reason) {
  return core::fail(core::ErrorCode::kInvalidArgument,
                    std::string(to_string(ecosystem)) + " version " +
                        io::json_quote(io::truncate(version, 80)) +
                        " is invalid: " + std::string(reason));
}

}  // namespace

std::optional<Ecosystem> parse_ecosystem(std::string_view name) {
  if (name == "dpkg" || name == "deb") return Ecosystem::kDpkg;
  if (name == "apk") return Ecosystem::kApk;
  if (name == "rpm") return Ecosystem::kRpm;
  return std::nullopt;
}

std::string_view to_string(Ecosystem ecosystem) {
  switch (ecosystem) {
    case Ecosystem::kDpkg:
      return "dpkg";
    case Ecosystem::kApk:
      return "apk";
    case Ecosystem::kRpm:
      return "rpm";
  }
  return "unknown";
}

core::Result<void> validate_version(Ecosystem ecosystem, std::string_view version) {
  const auto reason = reject_reason(ecosystem, version);
  if (!reason) return {};
  return rejected(ecosystem, version, *reason);
}

core::Result<int> compare_versions(Ecosystem ecosystem, std::string_view a, std::string_view b) {
  for (const std::string_view version : {a, b}) {
    auto valid = validate_version(ecosystem, version);
    if (!valid) return core::fail(std::move(valid.error()));
  }
  switch (ecosystem) {
    case Ecosystem::kDpkg:
      return detail::dpkg_compare(a, b);
    case Ecosystem::kApk:
      return detail::apk_compare(a, b);
    case Ecosystem::kRpm:
      return detail::rpm_compare(a, b);
  }
  return core::fail(core::ErrorCode::kInternal, "unknown ecosystem");
}

core::Result<ParsedVersion> ParsedVersion::parse(Ecosystem ecosystem, std::string_view version) {
  ParsedVersion parsed(ecosystem, version);
  std::optional<std::string_view> reason = common_reject_reason(version);
  if (!reason && ecosystem == Ecosystem::kDpkg) {
    detail::DpkgParts parts;
    reason = detail::dpkg_parse(version, parts);
    parsed.epoch_ = parts.epoch;
    parsed.upstream_ = parts.upstream;
    parsed.revision_ = parts.revision;
  } else if (!reason) {
    reason = reject_reason(ecosystem, version);
  }
  if (reason) return rejected(ecosystem, version, *reason);
  return parsed;
}

int compare(const ParsedVersion& a, const ParsedVersion& b) {
  if (a.ecosystem_ != b.ecosystem_) return a.ecosystem_ < b.ecosystem_ ? -1 : 1;
  switch (a.ecosystem_) {
    case Ecosystem::kDpkg:
      return detail::dpkg_compare(detail::DpkgParts{a.epoch_, a.upstream_, a.revision_},
                                  detail::DpkgParts{b.epoch_, b.upstream_, b.revision_});
    case Ecosystem::kApk:
      return detail::apk_compare(a.text_, b.text_);
    case Ecosystem::kRpm:
      return detail::rpm_compare(a.text_, b.text_);
  }
  return 0;
}

}  // namespace hardock::vuln
