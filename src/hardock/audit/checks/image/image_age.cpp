// An image built long ago carries the packages of that day: without a rebuild it gets no fix.
#include <cstdio>
#include <ctime>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace image_age {

// Days since 1970 of an RFC 3339 date ("2026-01-02T..."); nullopt when it does not parse.
std::optional<int64_t> days(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() < 10 || std::sscanf(std::string(text.substr(0, 10)).c_str(), "%4d-%2d-%2d", &year,
                                      &month, &day) != 3) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1970) return std::nullopt;
  // Howard Hinnant's days_from_civil.
  year -= month <= 2 ? 1 : 0;
  const int era = year / 400;
  const int yoe = year - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + doe - 719468;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  // Age at collection time for an engine audit (a saved snapshot stays consistent), now otherwise.
  std::optional<int64_t> today = days(context.engine.collected_at);
  if (!today) {
    char now[32];
    const std::time_t seconds = std::time(nullptr);
    std::strftime(now, sizeof now, "%Y-%m-%d", std::gmtime(&seconds));
    today = days(now);
  }
  const int64_t limit = context.config.max_image_age_days;
  std::vector<core::Finding> findings;
  for (const auto& image : *context.images) {
    const auto created = days(image.config.created);
    if (!created) {
      findings.push_back(core::make_unchecked(
          self.info, image_target(image), core::FindingStatus::kError,
          "created=\"" + image.config.created + "\" is not a date: the age cannot be told"));
      continue;
    }
    const int64_t age = *today - *created;
    if (age <= limit) continue;
    findings.push_back(core::make_finding(self.info, image_target(image),
                                          "created " + image.config.created.substr(0, 10) + ", " +
                                              std::to_string(age) + " days old (limit " +
                                              std::to_string(limit) + ")"));
  }
  return findings;
}

}  // namespace image_age

extern const Check kImageAge;  // listed in checks/list.h
const Check kImageAge{
    .info =
        {
            .code = "HDK-I-012",
            .slug = "image-too-old",
            .title = "Image was built longer ago than the allowed age",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "DSS05.07",
            .description = "Containers get security updates only when their image is rebuilt: "
                           "an image built months ago runs the packages of that day. The limit "
                           "is the audit config's image.max_age_days (default 180).",
            .remediation = "Rebuild the image regularly from an updated base (docker build "
                           "--pull --no-cache) and redeploy.",
        },
    .needs = Input::kImage,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{"created":"2001-01-01T00:00:00Z"}}]})",
    .good = R"({"collected_at":"2026-01-10T00:00:00Z",
               "image_subjects":[{"id":"sha256:1","config":{"created":"2026-01-01T00:00:00Z"}}]})",
    .run = image_age::run,
};

}  // namespace hardock::audit::checks
