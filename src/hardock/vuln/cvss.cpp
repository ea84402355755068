// CVSS v3.x base score, from the FIRST specification (v3.0 section 8.1, v3.1 section 7.1 and
// Appendix A), metric by metric.
#include "hardock/vuln/cvss.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "hardock/io/escape.h"

namespace hardock::vuln {
namespace {

constexpr size_t kMaxVectorLength = 512;

struct Metric {
  std::string_view name;
  std::string_view values;  // one letter per defined value
  bool base;
};

// Every v3 metric and its values (v3.0 and v3.1 define the same ones).
constexpr std::array<Metric, 22> kV3Metrics = {{
    {"AV", "NALP", true},   {"AC", "LH", true},     {"PR", "NLH", true},     {"UI", "NR", true},
    {"S", "UC", true},      {"C", "HLN", true},     {"I", "HLN", true},      {"A", "HLN", true},
    {"E", "XUPFH", false},  {"RL", "XOTWU", false}, {"RC", "XURC", false},   {"CR", "XLMH", false},
    {"IR", "XLMH", false},  {"AR", "XLMH", false},  {"MAV", "XNALP", false}, {"MAC", "XLH", false},
    {"MPR", "XNLH", false}, {"MUI", "XNR", false},  {"MS", "XUC", false},    {"MC", "XNLH", false},
    {"MI", "XNLH", false},  {"MA", "XNLH", false},
}};

core::Error malformed(std::string_view vector, const std::string& fault) {
  return core::Error{core::ErrorCode::kMalformedInput,
                     "CVSS vector " + io::json_quote(io::truncate(vector, 120)) + ": " + fault,
                     {}};
}

// Splits "A:B/C:D" into pairs; an error for an empty part, a part without ':' or a name given
// twice.
core::Result<std::vector<std::pair<std::string_view, std::string_view>>> split_pairs(
    std::string_view vector, std::string_view body) {
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  while (true) {
    const size_t slash = body.find('/');
    const std::string_view part = body.substr(0, slash);
    const size_t colon = part.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == part.size()) {
      return core::fail(malformed(vector, "\"" + io::truncate(part, 20) + "\" is not NAME:VALUE"));
    }
    const std::string_view name = part.substr(0, colon);
    for (const auto& [seen, value] : pairs) {
      if (seen == name)
        return core::fail(malformed(vector, "metric " + std::string(name) + " given twice"));
    }
    pairs.emplace_back(name, part.substr(colon + 1));
    if (slash == std::string_view::npos) break;
    body.remove_prefix(slash + 1);
  }
  return pairs;
}

// v3.1 Appendix A: rounding on an integer to avoid floating-point artefacts.
double roundup_v31(double value) {
  const auto scaled = static_cast<std::int64_t>(std::llround(value * 100000.0));
  if (scaled % 10000 == 0) return static_cast<double>(scaled) / 100000.0;
  return static_cast<double>(scaled / 10000 + 1) / 10.0;
}

// v3.0: "the smallest number, specified to one decimal place, that is equal to or higher than
// its input", as the 3.0 reference calculator computed it (with floating-point artefacts).
double roundup_v30(double value) { return std::ceil(value * 10.0) / 10.0; }

double weight(std::string_view name, char value, bool scope_changed) {
  if (name == "AV") return value == 'N' ? 0.85 : value == 'A' ? 0.62 : value == 'L' ? 0.55 : 0.2;
  if (name == "AC") return value == 'L' ? 0.77 : 0.44;
  if (name == "PR") {
    if (value == 'N') return 0.85;
    if (value == 'L') return scope_changed ? 0.68 : 0.62;
    return scope_changed ? 0.5 : 0.27;
  }
  if (name == "UI") return value == 'N' ? 0.85 : 0.62;
  return value == 'H' ? 0.56 : value == 'L' ? 0.22 : 0.0;  // C, I, A
}

core::Result<double> v3_base_score(
    std::string_view vector, CvssVersion version,
    const std::vector<std::pair<std::string_view, std::string_view>>& pairs) {
  std::array<char, kV3Metrics.size()> chosen{};
  for (const auto& [name, value] : pairs) {
    size_t index = 0;
    while (index < kV3Metrics.size() && kV3Metrics[index].name != name) ++index;
    if (index == kV3Metrics.size()) {
      return core::fail(malformed(vector, "unknown metric " + io::truncate(name, 10)));
    }
    if (value.size() != 1 || kV3Metrics[index].values.find(value[0]) == std::string_view::npos) {
      return core::fail(malformed(
          vector, "metric " + std::string(name) + " has no value " + io::truncate(value, 10)));
    }
    chosen[index] = value[0];
  }
  for (size_t index = 0; index < kV3Metrics.size(); ++index) {
    if (kV3Metrics[index].base && chosen[index] == 0) {
      return core::fail(
          malformed(vector, "base metric " + std::string(kV3Metrics[index].name) + " missing"));
    }
  }
  auto value_of = [&](std::string_view name) {
    for (size_t index = 0; index < kV3Metrics.size(); ++index) {
      if (kV3Metrics[index].name == name) return chosen[index];
    }
    return '\0';
  };
  const bool changed = value_of("S") == 'C';
  auto w = [&](std::string_view name) { return weight(name, value_of(name), changed); };
  const double iss = 1.0 - ((1.0 - w("C")) * (1.0 - w("I")) * (1.0 - w("A")));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability = 8.22 * w("AV") * w("AC") * w("PR") * w("UI");
  if (impact <= 0) return 0.0;
  const double raw = changed ? std::min(1.08 * (impact + exploitability), 10.0)
                             : std::min(impact + exploitability, 10.0);
  return cvss_roundup(version, raw);
}

core::Severity rating(double score) {
  if (score == 0.0) return core::Severity::kInfo;
  if (score < 4.0) return core::Severity::kLow;
  if (score < 7.0) return core::Severity::kMedium;
  if (score < 9.0) return core::Severity::kHigh;
  return core::Severity::kCritical;
}

}  // namespace

double cvss_roundup(CvssVersion version, double value) {
  return version == CvssVersion::kV3_1 ? roundup_v31(value) : roundup_v30(value);
}

std::string_view to_string(CvssVersion version) {
  switch (version) {
    case CvssVersion::kV2:
      return "CVSS:2.0";
    case CvssVersion::kV3_0:
      return "CVSS:3.0";
    case CvssVersion::kV3_1:
      return "CVSS:3.1";
    case CvssVersion::kV4_0:
      return "CVSS:4.0";
  }
  return "CVSS";
}

core::Result<CvssScore> parse_cvss(std::string_view vector) {
  if (vector.empty()) return core::fail(malformed(vector, "empty"));
  if (vector.size() > kMaxVectorLength)
    return core::fail(malformed(vector, "longer than 512 bytes"));
  CvssScore score;
  score.vector = std::string(vector);
  std::string_view body = vector;
  if (body.starts_with("CVSS:3.1/")) {
    score.version = CvssVersion::kV3_1;
  } else if (body.starts_with("CVSS:3.0/")) {
    score.version = CvssVersion::kV3_0;
  } else if (body.starts_with("CVSS:4.0/")) {
    score.version = CvssVersion::kV4_0;
  } else if (body.starts_with("CVSS:")) {
    return core::fail(malformed(vector, "unknown CVSS version"));
  } else {
    score.version = CvssVersion::kV2;
    if (body.starts_with("(") && body.ends_with(")")) body = body.substr(1, body.size() - 2);
  }
  if (score.version != CvssVersion::kV2) body.remove_prefix(body.find('/') + 1);
  auto pairs = split_pairs(vector, body);
  if (!pairs) return core::fail(std::move(pairs.error()));
  if (score.version == CvssVersion::kV3_0 || score.version == CvssVersion::kV3_1) {
    auto base = v3_base_score(vector, score.version, *pairs);
    if (!base) return core::fail(std::move(base.error()));
    score.base_score = *base;
    score.severity = rating(*base);
  } else if (score.version == CvssVersion::kV2) {
    // A bare v2 vector must at least carry v2's access vector and authentication metrics.
    bool av = false;
    bool au = false;
    for (const auto& [name, value] : *pairs) {
      av = av || name == "AV";
      au = au || name == "Au";
    }
    if (!av || !au) return core::fail(malformed(vector, "not a CVSS v2 or CVSS:3.x/4.0 vector"));
  }
  return score;
}

}  // namespace hardock::vuln
