// OSV range evaluation over one ecosystem's version order.
#include "hardock/vuln/match.h"

#include <optional>

namespace hardock::vuln {
namespace {

struct OrderedEvent {
  RangeEvent::Kind kind;
  std::optional<ParsedVersion> version;  // nullopt for introduced "0" and limit "*"
  bool zero = false;                     // introduced "0": before every version
  bool infinity = false;                 // limit "*": after every version
};

std::string_view kind_name(RangeEvent::Kind kind) {
  switch (kind) {
    case RangeEvent::Kind::kIntroduced:
      return "introduced";
    case RangeEvent::Kind::kFixed:
      return "fixed";
    case RangeEvent::Kind::kLastAffected:
      return "last_affected";
    case RangeEvent::Kind::kLimit:
      return "limit";
  }
  return "event";
}

// Every version is parsed once: the installed one by the caller, each event's when its range is
// evaluated.
class RangeEvaluator {
 public:
  RangeEvaluator(const ParsedVersion& installed, std::vector<std::string>& warnings)
      : installed_(installed), warnings_(warnings) {}

  // Whether the installed version lies in `range`; `fixed` is set to the smallest fixed
  // version above it (nullopt when none).
  //
  // OSV walks the events sorted by version and keeps the state the last event at or below v
  // set. That is the state set by the greatest such event, found here in one pass without
  // sorting: no ordering of feed strings has to be a strict weak order for this to be safe.
  bool includes(const AffectedRange& range, std::optional<ParsedVersion>& fixed) {
    fixed.reset();
    usable_events(range);
    bool has_limit = false;
    bool below_limit = false;
    for (const OrderedEvent& event : events_) {
      if (event.kind != RangeEvent::Kind::kLimit) continue;
      has_limit = true;
      if (event.infinity || compare(installed_, *event.version) < 0) below_limit = true;
    }
    if (has_limit && !below_limit) return false;

    const OrderedEvent* last = nullptr;  // the greatest event that applies to v
    for (const OrderedEvent& event : events_) {
      if (applies(event) && (last == nullptr || less(*last, event))) last = &event;
    }
    if (last == nullptr || last->kind != RangeEvent::Kind::kIntroduced) return false;
    for (const OrderedEvent& event : events_) {
      if (event.kind != RangeEvent::Kind::kFixed || compare(installed_, *event.version) >= 0) {
        continue;
      }
      if (!fixed || compare(*event.version, *fixed) < 0) fixed = event.version;
    }
    return true;
  }

 private:
  void usable_events(const AffectedRange& range) {
    events_.clear();
    for (const RangeEvent& event : range.events) {
      OrderedEvent ordered{event.kind, std::nullopt};
      if (event.kind == RangeEvent::Kind::kIntroduced && event.version == "0") {
        ordered.zero = true;
      } else if (event.kind == RangeEvent::Kind::kLimit && event.version == "*") {
        ordered.infinity = true;
      } else if (auto parsed = ParsedVersion::parse(installed_.ecosystem(), event.version);
                 parsed) {
        ordered.version = *parsed;
      } else {
        warnings_.push_back(std::string(kind_name(event.kind)) +
                            " event skipped: " + parsed.error().message);
        continue;
      }
      events_.push_back(ordered);
    }
  }

  // Whether the event changes the state of v in OSV's walk.
  bool applies(const OrderedEvent& event) const {
    switch (event.kind) {
      case RangeEvent::Kind::kIntroduced:
        return event.zero || compare(installed_, *event.version) >= 0;
      case RangeEvent::Kind::kFixed:
        return compare(installed_, *event.version) >= 0;
      case RangeEvent::Kind::kLastAffected:
        return compare(installed_, *event.version) > 0;
      case RangeEvent::Kind::kLimit:
        return false;
    }
    return false;
  }

  // Version order; "0" first, "*" last; at equal versions introduced first.
  static bool less(const OrderedEvent& a, const OrderedEvent& b) {
    if (a.zero != b.zero) return a.zero;
    if (a.infinity != b.infinity) return b.infinity;
    if (!a.zero && !a.infinity) {
      if (const int rc = compare(*a.version, *b.version); rc != 0) return rc < 0;
    }
    return a.kind == RangeEvent::Kind::kIntroduced && b.kind != RangeEvent::Kind::kIntroduced;
  }

  const ParsedVersion& installed_;
  std::vector<std::string>& warnings_;
  std::vector<OrderedEvent> events_;  // of the range being evaluated, kept for its capacity
};

bool listed(const std::vector<std::string>& versions, const ParsedVersion& installed,
            std::vector<std::string>& warnings) {
  bool found = false;
  for (const std::string& version : versions) {
    if (version == installed.text()) found = true;
    auto parsed = ParsedVersion::parse(installed.ecosystem(), version);
    if (!parsed) {
      warnings.push_back("listed version compared as text only: " + parsed.error().message);
      continue;
    }
    if (!found) found = compare(*parsed, installed) == 0;
  }
  return found;
}

}  // namespace

core::Result<Verdict> evaluate(Ecosystem ecosystem, const Affected& affected,
                               std::string_view installed) {
  auto parsed = ParsedVersion::parse(ecosystem, installed);
  if (!parsed) return core::fail(parsed.error().with_context("installed " + affected.package));
  return evaluate(affected, *parsed);
}

Verdict evaluate(const Affected& affected, const ParsedVersion& installed) {
  Verdict verdict;
  RangeEvaluator evaluator(installed, verdict.warnings);
  bool fix_unknown = false;
  std::optional<ParsedVersion> fixed_in;  // the largest of the ranges' fixes
  for (const AffectedRange& range : affected.ranges) {
    std::optional<ParsedVersion> fixed;
    if (!evaluator.includes(range, fixed)) continue;
    verdict.affected = true;
    if (!fixed) {
      fix_unknown = true;
    } else if (!fixed_in || compare(*fixed, *fixed_in) > 0) {
      fixed_in = fixed;
    }
  }
  if (fixed_in && !fix_unknown) verdict.fixed = fixed_in->text();
  if (!verdict.affected && listed(affected.versions, installed, verdict.warnings)) {
    verdict.affected = true;
  }
  return verdict;
}

}  // namespace hardock::vuln
