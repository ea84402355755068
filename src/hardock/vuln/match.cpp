// OSV range evaluation over one ecosystem's version order.
#include "hardock/vuln/match.h"

namespace hardock::vuln {
namespace {

struct OrderedEvent {
  RangeEvent::Kind kind;
  std::string_view version;
  bool zero = false;      // introduced "0": before every version
  bool infinity = false;  // limit "*": after every version
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

class RangeEvaluator {
 public:
  RangeEvaluator(Ecosystem ecosystem, std::string_view installed,
                 std::vector<std::string>& warnings)
      : ecosystem_(ecosystem), installed_(installed), warnings_(warnings) {}

  // Whether the installed version lies in `range`; `fixed` is set to the smallest fixed
  // version above it (empty when none).
  //
  // OSV walks the events sorted by version and keeps the state the last event at or below v
  // set. That is the state set by the greatest such event, found here in one pass without
  // sorting: no ordering of feed strings has to be a strict weak order for this to be safe.
  bool includes(const AffectedRange& range, std::string& fixed) {
    fixed.clear();
    const std::vector<OrderedEvent> events = usable_events(range);
    bool has_limit = false;
    bool below_limit = false;
    for (const OrderedEvent& event : events) {
      if (event.kind != RangeEvent::Kind::kLimit) continue;
      has_limit = true;
      if (event.infinity || compare(installed_, event.version) < 0) below_limit = true;
    }
    if (has_limit && !below_limit) return false;

    const OrderedEvent* last = nullptr;  // the greatest event that applies to v
    for (const OrderedEvent& event : events) {
      if (applies(event) && (last == nullptr || less(*last, event))) last = &event;
    }
    if (last == nullptr || last->kind != RangeEvent::Kind::kIntroduced) return false;
    for (const OrderedEvent& event : events) {
      if (event.kind != RangeEvent::Kind::kFixed || compare(installed_, event.version) >= 0) {
        continue;
      }
      if (fixed.empty() || compare(event.version, fixed) < 0) fixed = event.version;
    }
    return true;
  }

  int compare(std::string_view a, std::string_view b) const {
    // Both were validated: the comparison cannot fail.
    return compare_versions(ecosystem_, a, b).value_or(0);
  }

 private:
  std::vector<OrderedEvent> usable_events(const AffectedRange& range) {
    std::vector<OrderedEvent> events;
    events.reserve(range.events.size());
    for (const RangeEvent& event : range.events) {
      OrderedEvent ordered{event.kind, event.version};
      if (event.kind == RangeEvent::Kind::kIntroduced && event.version == "0") {
        ordered.zero = true;
      } else if (event.kind == RangeEvent::Kind::kLimit && event.version == "*") {
        ordered.infinity = true;
      } else if (auto valid = validate_version(ecosystem_, event.version); !valid) {
        warnings_.push_back(std::string(kind_name(event.kind)) +
                            " event skipped: " + valid.error().message);
        continue;
      }
      events.push_back(ordered);
    }
    return events;
  }

  // Whether the event changes the state of v in OSV's walk.
  bool applies(const OrderedEvent& event) const {
    switch (event.kind) {
      case RangeEvent::Kind::kIntroduced:
        return event.zero || compare(installed_, event.version) >= 0;
      case RangeEvent::Kind::kFixed:
        return compare(installed_, event.version) >= 0;
      case RangeEvent::Kind::kLastAffected:
        return compare(installed_, event.version) > 0;
      case RangeEvent::Kind::kLimit:
        return false;
    }
    return false;
  }

  // Version order; "0" first, "*" last; at equal versions introduced first.
  bool less(const OrderedEvent& a, const OrderedEvent& b) const {
    if (a.zero != b.zero) return a.zero;
    if (a.infinity != b.infinity) return b.infinity;
    if (!a.zero && !a.infinity) {
      if (const int rc = compare(a.version, b.version); rc != 0) return rc < 0;
    }
    return a.kind == RangeEvent::Kind::kIntroduced && b.kind != RangeEvent::Kind::kIntroduced;
  }

  Ecosystem ecosystem_;
  std::string_view installed_;
  std::vector<std::string>& warnings_;
};

bool listed(Ecosystem ecosystem, const std::vector<std::string>& versions,
            std::string_view installed, std::vector<std::string>& warnings) {
  bool found = false;
  for (const std::string& version : versions) {
    if (version == installed) found = true;
    if (auto valid = validate_version(ecosystem, version); !valid) {
      warnings.push_back("listed version compared as text only: " + valid.error().message);
      continue;
    }
    if (!found) found = compare_versions(ecosystem, version, installed).value_or(1) == 0;
  }
  return found;
}

}  // namespace

core::Result<Verdict> evaluate(Ecosystem ecosystem, const Affected& affected,
                               std::string_view installed) {
  if (auto valid = validate_version(ecosystem, installed); !valid) {
    return core::fail(valid.error().with_context("installed " + affected.package));
  }
  Verdict verdict;
  RangeEvaluator evaluator(ecosystem, installed, verdict.warnings);
  bool fix_unknown = false;
  for (const AffectedRange& range : affected.ranges) {
    std::string fixed;
    if (!evaluator.includes(range, fixed)) continue;
    verdict.affected = true;
    if (fixed.empty()) {
      fix_unknown = true;
    } else if (verdict.fixed.empty() || evaluator.compare(fixed, verdict.fixed) > 0) {
      verdict.fixed = fixed;
    }
  }
  if (fix_unknown) verdict.fixed.clear();
  if (!verdict.affected && listed(ecosystem, affected.versions, installed, verdict.warnings)) {
    verdict.affected = true;
  }
  return verdict;
}

}  // namespace hardock::vuln
