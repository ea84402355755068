#include "hardock/vulndb/record_codec.h"

namespace hardock::vulndb {
namespace record_codec_detail {

constexpr char kUnit = '\x1f';
constexpr char kRecord = '\x1e';

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) return parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

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
  for (std::string_view part : record_codec_detail::split(text, record_codec_detail::kUnit)) {
    items.emplace_back(part);
  }
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
  for (std::string_view range_text :
       record_codec_detail::split(text, record_codec_detail::kRecord)) {
    vuln::AffectedRange range;
    for (std::string_view event :
         record_codec_detail::split(range_text, record_codec_detail::kUnit)) {
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
    ranges.push_back(std::move(range));
  }
  return ranges;
}

}  // namespace hardock::vulndb
