// hardock's own JSON documents: the report ("hardock.report/2") and the check
// catalogue ("hardock.checks/2"). docs/json-schema.md describes every field;
// change it with this file, and bump the major version for any change that an
// existing reader could misread (removing or retyping a field).
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "hardock/report/json_stream.h"
#include "hardock/report/parallel_render.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

void cobit_object(JsonStream& json, std::string_view practice_id, core::CobitDomain fallback) {
  const CobitRef ref = cobit_ref(practice_id, fallback);
  json.begin_object()
      .field("practice", ref.practice)
      .field("practice_name", ref.practice_name)
      .field("objective", ref.objective)
      .field("objective_name", ref.objective_name)
      .field("domain", core::to_string(ref.domain))
      .end_object();
}

void severity_counts(JsonStream& json, const std::map<core::Severity, int>& counts) {
  json.begin_object();
  for (core::Severity severity : core::kAllSeverities) {
    auto it = counts.find(severity);
    json.field(core::to_string(severity), it == counts.end() ? 0 : it->second);
  }
  json.end_object();
}

// The fields a check has in both documents (the caller opened the object).
void check_fields(JsonStream& json, const audit::Check& check) {
  const auto& info = check.info;
  json.field("code", info.code)
      .field("slug", info.slug)
      .field("title", info.title)
      .field("severity", core::to_string(info.severity))
      .field("target_kind", core::to_string(info.target_kind))
      .key("cis")
      .optional(info.cis)
      .key("cobit");
  cobit_object(json, info.cobit, core::CobitDomain::kSecurity);
}

// The members of findings that only their check decides (code, slug, title, remediation,
// references: two thirds of a finding's bytes), written once per thread and check and copied
// after. Keyed by where the texts are: the findings do not change while a report is written, so
// the same address and size is the same text. One per thread, for one report only.
class FindingMembers {
 public:
  using Key = std::array<std::uintptr_t, 7>;

  template <typename Write>
  void add(JsonStream& json, const Key& key, const Write& write) {
    if (!caching_) {
      write(json);
      return;
    }
    if (const auto found = bytes_.find(key); found != bytes_.end()) {
      json.append_members(found->second);
      ++hits_;
      return;
    }
    bytes_.emplace(key, json.write_members(write));
    // Findings whose texts are each their own copy (a stored run's) never hit: stop caching.
    if (++misses_ >= kMaxEntries && hits_ < misses_) {
      caching_ = false;
      bytes_.clear();
    } else if (bytes_.size() >= kMaxEntries) {
      bytes_.clear();
    }
  }

 private:
  static constexpr std::size_t kMaxEntries = 1024;
  bool caching_ = true;
  std::size_t hits_ = 0;
  std::size_t misses_ = 0;
  struct Hash {
    std::size_t operator()(const Key& key) const {
      std::uint64_t hash = 0;
      for (const std::uintptr_t word : key) hash = (hash ^ word) * 0x100000001b3u;
      return static_cast<std::size_t>(hash ^ (hash >> 29));
    }
  };
  std::unordered_map<Key, std::string, Hash> bytes_;
};

std::uintptr_t address(std::string_view text) {
  return reinterpret_cast<std::uintptr_t>(text.data());
}

// Up to 16 bytes of `text` as two words (the CIS id of a finding is its own string).
std::pair<std::uintptr_t, std::uintptr_t> packed(std::string_view text) {
  std::array<char, 2 * sizeof(std::uintptr_t)> bytes{};
  text.copy(bytes.data(), std::min(text.size(), bytes.size()));
  std::pair<std::uintptr_t, std::uintptr_t> words;
  std::memcpy(&words.first, bytes.data(), sizeof words.first);
  std::memcpy(&words.second, bytes.data() + sizeof words.first, sizeof words.second);
  return words;
}

void finding_object(JsonStream& json, const core::Finding& finding, FindingMembers* cache) {
  json.begin_object();
  const auto head = [&](JsonStream& out) {
    out.field("check", finding.check_code)
        .field("slug", finding.slug)
        .field("title", finding.title)
        .field("severity", core::to_string(finding.severity))
        .field("status", core::to_string(finding.status));
  };
  if (cache != nullptr) {
    cache->add(json,
               {address(finding.check_code), finding.check_code.size(), address(finding.slug),
                finding.slug.size(), address(finding.title), finding.title.size(),
                static_cast<std::uintptr_t>(finding.severity) * 16 +
                    static_cast<std::uintptr_t>(finding.status)},
               head);
  } else {
    head(json);
  }
  json.key("target")
      .begin_object()
      .field("kind", core::to_string(finding.target.kind))
      .field("id", finding.target.id)
      .field("name", finding.target.name)
      .end_object()
      .field("evidence", finding.evidence);
  const auto remediation = [&](JsonStream& out) { out.field("remediation", finding.remediation); };
  if (cache != nullptr) {
    cache->add(json, {1, address(finding.remediation), finding.remediation.size()}, remediation);
  } else {
    remediation(json);
  }
  if (!finding.location.empty()) {
    const core::SourceLocation& at = finding.location;
    json.key("location")
        .begin_object()
        .field("file", at.file)
        .field("line", std::size_t{at.line})
        .field("column", std::size_t{at.column});
    if (at.end_line > 0) json.field("end_line", std::size_t{at.end_line});
    if (at.end_column > 0) json.field("end_column", std::size_t{at.end_column});
    json.end_object();
  }
  if (finding.accepted) {
    json.key("accepted")
        .begin_object()
        .field("owner", finding.accepted->owner)
        .field("until", finding.accepted->until)
        .field("reason", finding.accepted->reason)
        .field("source", finding.accepted->source)
        .end_object();
  }
  const auto references = [&](JsonStream& out) {
    out.key("references").begin_object().key("cis").optional(finding.cis).key("cobit");
    cobit_object(out, finding.cobit, finding.domain);
    out.end_object();
  };
  // A finding's members after the first: the same bytes whether or not it is accepted.
  if (cache != nullptr && finding.cis.size() <= 2 * sizeof(std::uintptr_t)) {
    const auto [cis_low, cis_high] = packed(finding.cis);
    cache->add(json,
               {2, cis_low, cis_high, finding.cis.size(), address(finding.cobit),
                finding.cobit.size(), static_cast<std::uintptr_t>(finding.domain)},
               references);
  } else {
    references(json);
  }
  json.end_object();
}

}  // namespace

void engine_members(JsonStream& json, const ReportInput& input) {
  json.field("endpoint", input.endpoint)
      .field("version", input.engine_version)
      .field("collected_at", input.collected_at)
      .field("name", input.host_name);
}

void write_json(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  const auto& result = input.result;
  const SeverityCounts counts = count_findings(result.findings);
  std::string& out = sink.text;
  JsonStream json(out);
  json.begin_object()
      .field("schema", kReportSchema)
      .key("tool")
      .begin_object()
      .field("name", "hardock")
      .field("version", input.tool_version)
      .end_object()
      .key("engine")
      .begin_object();
  engine_members(json, input);
  if (!input.started_at.empty()) json.field("started_at", input.started_at);
  json.end_object();

  json.key("summary")
      .begin_object()
      .field("checks_run", result.checks_run())
      .field("checks_not_run", result.count(audit::Outcome::kNotRun))
      .field("findings", counts.failed())
      .field("accepted", counts.accepted)
      .field("could_not_check", counts.unchecked)
      .key("by_severity")
      .begin_object();
  for (core::Severity severity : core::kAllSeverities) {
    json.field(core::to_string(severity), counts.at(severity));
  }
  json.end_object().key("by_domain").begin_array();
  for (const auto& domain : input.domains) {
    json.begin_object()
        .field("domain", core::to_string(domain.domain))
        .field("title", core::domain_title(domain.domain))
        .field("checks", domain.checks)
        .field("passed", domain.passed)
        .field("failed", domain.failed)
        .field("errored", domain.errored)
        .field("skipped", domain.skipped)
        .field("not_run", domain.not_run)
        .key("by_severity");
    severity_counts(json, domain.counts);
    json.field("errors", domain.errors).key("score");
    if (domain.score) {
      json.value(*domain.score);
    } else {
      json.null();
    }
    json.end_object();
  }
  json.end_array().end_object();

  json.key("checks").begin_array();
  for (const audit::CheckResult& check_result : result.checks) {
    json.begin_object();
    check_fields(json, *check_result.check);
    json.field("outcome", audit::to_string(check_result.outcome))
        .field("findings", check_result.findings);
    if (check_result.outcome == audit::Outcome::kNotRun) json.field("reason", check_result.reason);
    json.end_object();
  }
  json.end_array();

  json.key("findings").begin_array();
  const auto ordered = ordered_findings(result.findings);
  sink.spill();  // JsonStream only appends: what is written may go
  // Each formatting thread's own cache of members, for this report only.
  std::mutex caches_mutex;
  std::map<std::thread::id, FindingMembers> caches;
  render_in_order(
      ordered.size(),
      [&](std::size_t first, std::size_t last, std::string& text) {
        FindingMembers* cache = nullptr;
        {
          const std::lock_guard lock(caches_mutex);
          cache = &caches[std::this_thread::get_id()];
        }
        // Room for findings of a usual size at once (a lint finding's is about 1 KB), not grown
        // by doubling member after member.
        text.reserve(text.size() + (last - first) * 1152);
        JsonStream chunk = json.continued_in(text, first > 0);
        for (std::size_t at = first; at < last; ++at) finding_object(chunk, *ordered[at], cache);
      },
      sink);
  if (!ordered.empty()) json.mark_filled();
  json.end_array().end_object();
  out += '\n';
}

std::string catalogue_json(std::span<const audit::Check* const> checks) {
  std::string out;
  JsonStream json(out);
  json.begin_object().field("schema", kCatalogueSchema).key("checks").begin_array();
  for (const audit::Check* check : checks) {
    json.begin_object();
    check_fields(json, *check);
    json.key("aliases").begin_array();
    for (std::string_view alias : split_aliases(check->info.aliases)) json.value(alias);
    json.end_array().key("equivalents").begin_array();
    for (std::string_view id : split_aliases(check->info.equivalents)) json.value(id);
    json.end_array()
        .field("description", check->info.description)
        .field("remediation", check->info.remediation)
        .end_object();
  }
  json.end_array().end_object();
  out += '\n';
  return out;
}

}  // namespace hardock::report::detail
