// The check catalogue as a terminal listing and as Markdown (docs/checks.md is
// generated from the latter, so it must stay byte-stable: no version, no date,
// checks in the order given). The JSON form lives with the other JSON in
// json_writer.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "hardock/audit/cis.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

std::string anchor(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      out += c;
    } else {
      out += '-';
    }
  }
  return out;
}

std::string cobit_line(const audit::Check& check) {
  const CobitRef ref = cobit_ref(check.info.cobit);
  std::string out = std::string(ref.practice);
  if (!ref.practice_name.empty()) out += " " + std::string(ref.practice_name);
  if (!ref.objective_name.empty()) {
    out += "; objective " + std::string(ref.objective) + " " + std::string(ref.objective_name);
  }
  out += "; domain " + std::string(core::domain_title(ref.domain));
  return out;
}

// A code span for identifiers such as slugs; plain escaped text when the
// identifier itself holds a backtick or a line break.
std::string code_span(std::string_view text) {
  if (text.empty() || text.find_first_of("`\n\r") != std::string_view::npos) {
    return markdown_escape(text);
  }
  std::string out = "`";
  for (char c : text) {
    if (c == '|') out += '\\';  // GFM splits table cells even inside code spans
    out += c;
  }
  return out + "`";
}

std::string_view kind_text(audit::CisKind kind) {
  switch (kind) {
    case audit::CisKind::kSection:
      return "section";
    case audit::CisKind::kAutomated:
      return "automated";
    case audit::CisKind::kManual:
      return "manual";
  }
  return "";
}

// Per CIS item, its title and the checks deciding it, or why none does.
void cis_section(std::string& out, std::span<const audit::Check* const> checks) {
  std::map<std::string_view, std::vector<std::string_view>> deciders;
  for (const audit::Check* check : checks) {
    for (std::string_view id : audit::split_cis(check->info.cis)) {
      deciders[id].push_back(check->info.code);
    }
  }
  int items = 0;
  int decided = 0;
  for (const auto& item : audit::cis_items()) {
    if (item.kind == audit::CisKind::kSection) continue;
    ++items;
    if (deciders.contains(item.id)) ++decided;
  }
  out += fmt::format("## {}\n\n", audit::kCisBenchmark);
  out += fmt::format(
      "Every section and item of the benchmark with the hardock checks that decide it: {} of its "
      "{} items are decided by a check; the others say why not. A finding always cites exactly "
      "one item.\n\n",
      decided, items);
  out += "| Item | Title | Benchmark | Decided by |\n";
  out += "|---|---|---|---|\n";
  for (const auto& item : audit::cis_items()) {
    if (item.kind == audit::CisKind::kSection) {
      out += fmt::format("| **{}** | **{}** | | |\n", markdown_escape(item.id),
                         markdown_escape(item.title));
      continue;
    }
    std::string decided_by;
    if (auto it = deciders.find(item.id); it != deciders.end()) {
      for (std::string_view code : it->second) {
        decided_by += (decided_by.empty() ? "" : ", ") +
                      fmt::format("[{}](#{})", markdown_escape(code), anchor(code));
      }
    } else {
      decided_by = "not decided: " + markdown_escape(audit::cis_gap(item.id));
    }
    out += fmt::format("| {} | {} | {} | {} |\n", markdown_escape(item.id),
                       markdown_escape(item.title), kind_text(item.kind), decided_by);
  }
  out += "\n";
}

// The checks grouped by the paper's five domains, by COBIT practice.
void domain_section(std::string& out, std::span<const audit::Check* const> checks) {
  out += "## Checks by COBIT 2019 domain\n\n";
  for (core::CobitDomain domain : core::kAllDomains) {
    std::vector<const audit::Check*> in;
    for (const audit::Check* check : checks) {
      if (cobit_ref(check->info.cobit).domain == domain) in.push_back(check);
    }
    std::stable_sort(in.begin(), in.end(), [](const audit::Check* a, const audit::Check* b) {
      return std::tie(a->info.cobit, a->info.code) < std::tie(b->info.cobit, b->info.code);
    });
    out += fmt::format("### {} ({} checks)\n\n", core::domain_title(domain), in.size());
    if (in.empty()) continue;
    out += "| Code | Check | Severity | CIS | COBIT practice |\n";
    out += "|---|---|---|---|---|\n";
    for (const audit::Check* check : in) {
      const CobitRef ref = cobit_ref(check->info.cobit);
      out += fmt::format("| [{}](#{}) | {} | {} | {} | {} {} |\n",
                         markdown_escape(check->info.code), anchor(check->info.code),
                         markdown_escape(check->info.title), core::to_string(check->info.severity),
                         check->info.cis.empty() ? "–" : markdown_escape(check->info.cis),
                         markdown_escape(ref.practice), markdown_escape(ref.practice_name));
    }
    out += "\n";
  }
}

}  // namespace

std::string catalogue_table(std::span<const audit::Check* const> checks) {
  struct Row {
    std::string code, severity, target, cis, cobit, domain, slug;
  };
  std::vector<Row> rows;
  Row widths{"CODE", "SEVERITY", "TARGET", "CIS", "COBIT", "DOMAIN", "SLUG"};
  std::size_t width[6] = {};
  auto widen = [&width](const Row& row) {
    const std::string* cells[] = {&row.code, &row.severity, &row.target,
                                  &row.cis,  &row.cobit,    &row.domain};
    for (std::size_t column = 0; column < 6; ++column) {
      width[column] = std::max(width[column], display_width(*cells[column]));
    }
  };
  widen(widths);
  for (const audit::Check* check : checks) {
    const auto& info = check->info;
    Row row{terminal_safe(info.code),
            std::string(core::to_string(info.severity)),
            std::string(core::to_string(info.target_kind)),
            info.cis.empty() ? "-" : terminal_safe(info.cis),
            terminal_safe(info.cobit),
            std::string(core::to_string(cobit_ref(info.cobit).domain)),
            terminal_safe(info.slug)};
    widen(row);
    rows.push_back(std::move(row));
  }
  auto line = [&width](const Row& row) {
    return fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", row.code, width[0],
                       row.severity, width[1], row.target, width[2], row.cis, width[3], row.cobit,
                       width[4], row.domain, width[5], row.slug);
  };

  const std::string indent(width[0] + 2, ' ');
  std::string out = line(widths);
  for (std::size_t index = 0; index < rows.size(); ++index) {
    const auto& info = checks[index]->info;
    out += line(rows[index]);
    out += indent + wrap(terminal_safe(info.title), kTextWidth, indent) + "\n";
    const std::string detail_indent = indent + "     ";
    if (!info.description.empty()) {
      out += indent + "why: " + wrap(terminal_safe(info.description), kTextWidth, detail_indent) +
             "\n";
    }
    if (!info.remediation.empty()) {
      out += indent + "fix: " + wrap(terminal_safe(info.remediation), kTextWidth, detail_indent) +
             "\n";
    }
    out += "\n";
  }
  out += fmt::format("{} checks. `hardock checks --format markdown` for the full catalogue.\n",
                     checks.size());
  return out;
}

std::string catalogue_markdown(std::span<const audit::Check* const> checks) {
  std::string out;
  out += "# hardock checks\n\n";
  out += "<!-- Generated by `hardock checks --format markdown`; do not edit by hand. -->\n\n";
  out += fmt::format(
      "hardock runs {} checks. A check's code never changes; a renamed slug, or the code of a "
      "check "
      "merged into another, stays usable as an alias in `--check`, `--skip` and ignore files. "
      "Below the list: [the CIS Docker Benchmark v1.6.0 item by item](#cis-docker-benchmark-v160) "
      "and [the checks by COBIT 2019 domain](#checks-by-cobit-2019-domain); COBIT 2019 practices "
      "and the domain score are explained in [cobit.md](cobit.md).\n\n",
      checks.size());

  out += "| Code | Title | Severity | Target | CIS | COBIT 2019 | Domain |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const audit::Check* check : checks) {
    const auto& info = check->info;
    out += fmt::format("| [{}](#{}) | {} | {} | {} | {} | {} | {} |\n", markdown_escape(info.code),
                       anchor(info.code), markdown_escape(info.title),
                       core::to_string(info.severity), core::to_string(info.target_kind),
                       info.cis.empty() ? "–" : markdown_escape(info.cis),
                       markdown_escape(info.cobit), core::to_string(cobit_ref(info.cobit).domain));
  }
  out += "\n";
  cis_section(out, checks);
  domain_section(out, checks);

  for (const audit::Check* check : checks) {
    const auto& info = check->info;
    out += fmt::format("<a id=\"{}\"></a>\n\n", anchor(info.code));
    out += fmt::format("## {}: {}\n\n", markdown_escape(info.code), markdown_escape(info.title));
    out += "- **Slug:** " + code_span(info.slug);
    const auto aliases = split_aliases(info.aliases);
    if (!aliases.empty()) {
      out += " (formerly ";
      for (std::size_t index = 0; index < aliases.size(); ++index) {
        out += (index == 0 ? "" : ", ") + code_span(aliases[index]);
      }
      out += ")";
    }
    out += "\n";
    out += fmt::format("- **Severity:** {}\n", core::to_string(info.severity));
    out += fmt::format("- **Target:** {}\n", core::to_string(info.target_kind));
    out += "- **CIS Docker Benchmark:** " +
           (info.cis.empty() ? std::string("none") : markdown_escape(info.cis)) + "\n";
    out += "- **COBIT 2019:** " + markdown_escape(cobit_line(*check)) + "\n";
    const auto equivalents = split_aliases(info.equivalents);
    if (!equivalents.empty()) {
      out += "- **Equivalent rules:** ";
      for (std::size_t index = 0; index < equivalents.size(); ++index) {
        out += (index == 0 ? "" : ", ") + code_span(equivalents[index]);
      }
      out += "\n";
    }
    out += "\n";
    if (!info.description.empty()) out += markdown_escape(info.description) + "\n\n";
    out += "**Remediation:** " + markdown_escape(info.remediation) + "\n\n";
  }
  // One trailing newline, not two: keeps the file clean for editors and linters.
  out.pop_back();
  return out;
}

}  // namespace hardock::report::detail
