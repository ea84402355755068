// An old engine release line misses security fixes (runc and BuildKit
// escapes, API bugs). Age is measured from the line's X.Y.0 release to the
// snapshot's collected_at, never the clock, so an archived snapshot audits the
// same way forever. Lines before 23.0 are end of life and reported higher.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/engine/releases.h"

namespace hardock::audit::checks {
namespace engine_outdated {

using engine::EngineRelease;

bool not_after(const EngineRelease& release, const engine::EngineVersionNumber& number) {
  return release.major < number.major ||
         (release.major == number.major && release.minor <= number.minor);
}

std::string line_text(int major, int minor) {
  return std::to_string(major) + "." + (minor < 10 && major < 20 ? "0" : "") +
         std::to_string(minor);
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const docker::EngineSnapshot& snapshot = context.engine;
  const core::Target target = engine_target(snapshot);
  auto unchecked = [&](std::string reason) {
    return std::vector<core::Finding>{
        core::make_unchecked(self.info, target, core::FindingStatus::kError, std::move(reason))};
  };

  std::string field = "Version";
  std::string text = snapshot.version.version;
  if (text.empty()) {
    field = "ServerVersion";
    text = snapshot.info.server_version;
  }
  if (text.empty()) return unchecked("neither /version Version nor /info ServerVersion was read");
  auto number = engine::parse_engine_version(text);
  if (!number)
    return unchecked("cannot read a MAJOR.MINOR engine version from " + field + "=" + text);
  auto collected = engine::parse_date(snapshot.collected_at);
  if (!collected) {
    return unchecked("snapshot collected_at='" + snapshot.collected_at +
                     "' is not a date; the engine's age cannot be computed");
  }

  const int limit = static_cast<int>(context.config.max_engine_age_months);
  const EngineRelease& newest = engine::kEngineReleases.back();
  const bool beyond_table = number->major > newest.major ||
                            (number->major == newest.major && number->minor > newest.minor);
  if (beyond_table) {
    // Its release is no earlier than the newest line's, so its age is only
    // undecidable when even that line would be too old.
    if (engine::months_between(newest.released, *collected) <= limit) return {};
    return {core::make_unchecked(
        self.info, target, core::FindingStatus::kSkipped,
        field + "=" + text + " is newer than hardock's release table (last line " +
            line_text(newest.major, newest.minor) + ", " + engine::date_text(newest.released) +
            "); its age cannot be told")};
  }

  const EngineRelease* line = nullptr;
  for (const auto& release : engine::kEngineReleases) {
    if (not_after(release, *number)) line = &release;
  }
  std::string released;
  engine::Date release_date;
  if (line == nullptr) {  // older than the table: before 17.03
    release_date = engine::kEngineReleases.front().released;
    released = "released before " + engine::date_text(release_date);
  } else {
    release_date = line->released;
    const bool exact = line->major == number->major && line->minor == number->minor;
    released = "line " + line_text(number->major, number->minor) + " released " +
               (exact ? "" : "on or after ") + engine::date_text(release_date);
  }
  const int age = engine::months_between(release_date, *collected);
  if (age <= limit) return {};

  std::string evidence = field + "=" + text + " (" + released + "), " + std::to_string(age) +
                         " months before collected_at " + engine::date_text(*collected) +
                         " (limit " + std::to_string(limit) + ")";
  core::Finding finding = core::make_finding(self.info, target, evidence);
  if (number->major < engine::kFirstSupportedMajor) {
    finding.evidence += "; end of life: lines before 23.0 receive no fixes";
  } else {
    finding.severity = core::Severity::kMedium;
  }
  return {std::move(finding)};
}

}  // namespace engine_outdated

extern const Check kEngineOutdated;  // listed in checks/list.h
const Check kEngineOutdated{
    .info =
        {
            .code = "HDK-E-001",
            .slug = "engine-outdated",
            .title = "Docker Engine release is older than the allowed age",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kEngine,
            .cis = "1.2.2",
            .cobit = "DSS05.07",
            .description = "Old engine lines lack fixes for container escapes and API flaws; "
                           "end-of-life lines (before 23.0) get none at all. Reported medium when "
                           "only old, high when end of life.",
            .remediation = "Upgrade to a maintained Docker Engine line (apt-get install docker-ce "
                           "from download.docker.com, or your distribution's current package) and "
                           "keep it within engine.max_age_months of the audit config.",
        },
    .needs = Input::kEngine,
    .bad = R"({"collected_at":"2026-11-28T10:00:00Z","version":{"Version":"20.10.24"}})",
    .good = R"({"collected_at":"2026-01-15T10:00:00Z","version":{"Version":"29.0.3"}})",
    .run = engine_outdated::run,
};

}  // namespace hardock::audit::checks
