#include "hardock/vulndb/record_codec.h"

namespace hardock::vulndb {
namespace record_codec_detail {

constexpr char kUnit = '\x1f';
constexpr char kRecord = '\x1e';

// The parts of `text` between `separator`s, one by one without a vector: none when `text` is
// empty (an empty list), else every part, empty ones included.
class Parts {
 public:
  Parts(std::string_view text, char separator) : rest_(text), separator_(separator) {
    done_ = text.empty();
  }
  bool next(std::string_view& part) {
    if (done_) return false;
    const std::size_t end = rest_.find(separator_);
    if (end == std::string_view::npos) {
      part = rest_;
      done_ = true;
    } else {
      part = rest_.substr(0, end);
      rest_.remove_prefix(end + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  char separator_;
  bool done_ = false;
};

char letter(vuln::RangeEvent::Kind kind) {
  switch (kind) {
    case vuln::RangeEvent::Kind::kIntroduced:
      return 'I';
    case vuln::RangeEvent::Kind::kFixed:
      return 'F';
    case vuln::RangeEvent::Kind::kLastAffected:
      return 'A';
    case vuln::RangeEvent::Kind::kLimit:
      return 'L';
  }
  return '?';
}

}  // namespace record_codec_detail

std::string encode_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t index = 0; index < items.size(); ++index) {
    if (index > 0) out += record_codec_detail::kUnit;
    out += items[index];
  }
  return out;
}

std::vector<std::string> decode_list(std::string_view text) {
  std::vector<std::string> items;
  record_codec_detail::Parts parts(text, record_codec_detail::kUnit);
  for (std::string_view part; parts.next(part);) items.emplace_back(part);
  return items;
}

std::string encode_ranges(const std::vector<vuln::AffectedRange>& ranges) {
  std::string out;
  for (std::size_t range = 0; range < ranges.size(); ++range) {
    if (range > 0) out += record_codec_detail::kRecord;
    const auto& events = ranges[range].events;
    for (std::size_t event = 0; event < events.size(); ++event) {
      if (event > 0) out += record_codec_detail::kUnit;
      out += record_codec_detail::letter(events[event].kind);
      out += events[event].version;
    }
  }
  return out;
}

core::Result<std::vector<vuln::AffectedRange>> decode_ranges(std::string_view text) {
  using Kind = vuln::RangeEvent::Kind;
  std::vector<vuln::AffectedRange> ranges;
  record_codec_detail::Parts range_parts(text, record_codec_detail::kRecord);
  for (std::string_view range_text; range_parts.next(range_text);) {
    vuln::AffectedRange& range = ranges.emplace_back();
    record_codec_detail::Parts event_parts(range_text, record_codec_detail::kUnit);
    for (std::string_view event; event_parts.next(event);) {
      if (event.empty()) {
        return core::fail(core::ErrorCode::kMalformedInput, "stored range: an empty event");
      }
      Kind kind = Kind::kIntroduced;
      switch (event.front()) {
        case 'I':
          kind = Kind::kIntroduced;
          break;
        case 'F':
          kind = Kind::kFixed;
          break;
        case 'A':
          kind = Kind::kLastAffected;
          break;
        case 'L':
          kind = Kind::kLimit;
          break;
        default:
          return core::fail(core::ErrorCode::kMalformedInput, "stored range: unknown event kind");
      }
      range.events.push_back(vuln::RangeEvent{kind, std::string(event.substr(1))});
    }
  }
  return ranges;
}

}  // namespace hardock::vulndb
