// Helpers shared by the writers: ordering, outcomes, COBIT lookups, escaping.
#include <algorithm>
#include <cstdio>

#include "hardock/core/finding_order.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {

bool report_order(const core::Finding* a, const core::Finding* b) {
  return core::report_before(*a, *b);
}

namespace {

// Sorted runs whose targets follow each other (a lint's batches of files, taken in order)
// interleave only by severity and check: within one severity and check, all of a run's findings
// come before the next run's. Their slices are put in that order and the whole checked in one
// look along it; false (`ordered` unchanged) when it is not in report order after all. Merging
// the runs pairwise instead compared every finding again at each of log2(runs) passes (94 M
// instructions on one core for a lint of 10,000 files).
bool concatenate_in_order(std::vector<const core::Finding*>& ordered,
                          const std::vector<std::size_t>& runs) {
  struct Slice {
    const core::Finding* first;  // its severity and check are the slice's
    std::size_t begin;
    std::size_t end;
  };
  std::vector<Slice> slices;
  for (std::size_t run = 0; run + 1 < runs.size(); ++run) {
    for (std::size_t at = runs[run]; at < runs[run + 1]; ++at) {
      const core::Finding* finding = ordered[at];
      if (at == runs[run] || finding->severity != slices.back().first->severity ||
          finding->check_code != slices.back().first->check_code) {
        slices.push_back({finding, at, at});
      }
      slices.back().end = at + 1;
    }
  }
  std::stable_sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
    if (a.first->severity != b.first->severity) return a.first->severity > b.first->severity;
    return a.first->check_code < b.first->check_code;
  });
  std::vector<const core::Finding*> candidate;
  candidate.reserve(ordered.size());
  for (const Slice& slice : slices) {
    candidate.insert(candidate.end(), ordered.begin() + static_cast<std::ptrdiff_t>(slice.begin),
                     ordered.begin() + static_cast<std::ptrdiff_t>(slice.end));
  }
  if (!std::is_sorted(candidate.begin(), candidate.end(), report_order)) return false;
  ordered = std::move(candidate);
  return true;
}

}  // namespace

std::vector<const core::Finding*> ordered_findings(const std::vector<core::Finding>& findings) {
  std::vector<const core::Finding*> ordered;
  ordered.reserve(findings.size());
  for (const auto& finding : findings) ordered.push_back(&finding);
  // run_audit leaves one run's findings in this order already, and a lint run is one such run
  // per batch of files: the sorted runs are merged, stably, rather than everything sorted again.
  std::vector<std::size_t> runs{0};  // where each sorted run starts
  for (std::size_t at = 1; at < ordered.size(); ++at) {
    if (report_order(ordered[at], ordered[at - 1])) runs.push_back(at);
  }
  if (runs.size() > ordered.size() / 8) {  // mostly unsorted: merging would not pay
    std::stable_sort(ordered.begin(), ordered.end(), report_order);
    return ordered;
  }
  runs.push_back(ordered.size());
  if (runs.size() > 2 && concatenate_in_order(ordered, runs)) return ordered;
  while (runs.size() > 2) {
    std::vector<std::size_t> merged{0};
    for (std::size_t run = 0; run + 1 < runs.size(); run += 2) {
      const auto first = ordered.begin() + static_cast<std::ptrdiff_t>(runs[run]);
      if (run + 2 < runs.size()) {
        std::inplace_merge(first, ordered.begin() + static_cast<std::ptrdiff_t>(runs[run + 1]),
                           ordered.begin() + static_cast<std::ptrdiff_t>(runs[run + 2]),
                           report_order);
        merged.push_back(runs[run + 2]);
      } else {
        merged.push_back(runs[run + 1]);
      }
    }
    runs = std::move(merged);
  }
  return ordered;
}

bool is_unchecked(const core::Finding& finding) {
  return finding.status != core::FindingStatus::kFail;
}

audit::Outcome outcome_of(std::string_view check_code, const std::vector<core::Finding>& findings) {
  using audit::Outcome;
  Outcome outcome = Outcome::kPass;
  for (const auto& finding : findings) {
    if (finding.check_code != check_code) continue;
    switch (finding.status) {
      case core::FindingStatus::kFail:
        return Outcome::kFail;
      case core::FindingStatus::kError:
        outcome = Outcome::kError;
        break;
      case core::FindingStatus::kSkipped:
        if (outcome == Outcome::kPass) outcome = Outcome::kSkipped;
        break;
    }
  }
  return outcome;
}

CobitRef cobit_ref(std::string_view practice_id, core::CobitDomain fallback) {
  if (auto practice = core::find_cobit_practice(practice_id)) {
    return {practice->id, practice->name, practice->objective, practice->objective_name,
            practice->domain};
  }
  // An objective is the practice id up to the dot ("DSS05" of "DSS05.03").
  return {practice_id, {}, practice_id.substr(0, practice_id.find('.')), {}, fallback};
}

int SeverityCounts::failed() const {
  int total = 0;
  for (int count : by_severity) total += count;
  return total;
}

SeverityCounts count_findings(const std::vector<core::Finding>& findings) {
  SeverityCounts counts;
  for (const auto& finding : findings) {
    if (is_unchecked(finding)) {
      ++counts.unchecked;
    } else {
      ++counts.by_severity[static_cast<int>(finding.severity)];
      if (finding.accepted) ++counts.accepted;
    }
  }
  return counts;
}

std::string accepted_suffix(const core::Finding& finding) {
  if (!finding.accepted) return "";
  return " [accepted: " + finding.accepted->text() + "]";
}

std::vector<std::string_view> split_aliases(std::string_view aliases) {
  std::vector<std::string_view> out;
  while (!aliases.empty()) {
    const std::size_t comma = aliases.find(',');
    std::string_view alias = aliases.substr(0, comma);
    while (!alias.empty() && alias.front() == ' ') alias.remove_prefix(1);
    while (!alias.empty() && alias.back() == ' ') alias.remove_suffix(1);
    if (!alias.empty()) out.push_back(alias);
    if (comma == std::string_view::npos) break;
    aliases.remove_prefix(comma + 1);
  }
  return out;
}

std::string describe_target(const core::Target& target) {
  std::string out(core::to_string(target.kind));
  const std::string& shown = target.name.empty() ? target.id : target.name;
  if (!shown.empty()) out += " " + shown;
  if (!target.name.empty() && !target.id.empty() && target.id != target.name) {
    const bool long_hex =
        target.id.size() == 64 && std::all_of(target.id.begin(), target.id.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        });
    out += " (" + (long_hex ? target.id.substr(0, 12) : target.id) + ")";
  }
  return out;
}

std::string source_position(const core::SourceLocation& at) {
  std::string out = at.file;
  if (at.line > 0) out += ":" + std::to_string(at.line);
  if (at.line > 0 && at.column > 0) out += ":" + std::to_string(at.column);
  return out;
}

std::string describe_where(const core::Finding& finding) {
  if (finding.location.empty()) return describe_target(finding.target);
  if (finding.target.kind == core::TargetKind::kDockerfile) {
    return source_position(finding.location);
  }
  return describe_target(finding.target) + " at " + source_position(finding.location);
}

std::string uri_segment(std::string_view text) {
  if (text.empty()) return "_";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                            byte == '_' || byte == '~';
    if (unreserved) {
      out += c;
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned>(byte));
      out += buffer;
    }
  }
  // "." and ".." are path navigation, not names.
  if (out == ".") return "%2E";
  if (out == "..") return "%2E%2E";
  return out;
}

std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
  const std::size_t indent_width = display_width(indent);
  const std::size_t available = width > indent_width + 20 ? width - indent_width : 20;
  std::string out;
  std::size_t line_width = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    const std::size_t word_width = display_width(word);
    if (line_width > 0 && line_width + 1 + word_width > available) {
      out += "\n";
      out += indent;
      line_width = 0;
    } else if (line_width > 0) {
      out += ' ';
      ++line_width;
    }
    out += word;
    line_width += word_width;
  }
  return out;
}

std::string fingerprint(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

}  // namespace hardock::report::detail
