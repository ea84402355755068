// The one place where format names meet writers. To add a format: add its
// enumerator, write its writer file, and add one line to kFormats (the
// static_asserts fail until the line is there).
#include "hardock/report/report.h"
#include "hardock/core/text.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "hardock/report/writers.h"

namespace hardock::report {
namespace {

using Writer = void (*)(const ReportInput&, const RenderOptions&, detail::Output&);

struct FormatEntry {
  Format format;
  std::string_view name;
  Writer write;
};

// In enum order: render() indexes it by the enumerator.
constexpr FormatEntry kFormats[] = {
    {Format::kTable, "table", detail::write_table},
    {Format::kJson, "json", detail::write_json},
    {Format::kSarif, "sarif", detail::write_sarif},
    {Format::kJunit, "junit", detail::write_junit},
    {Format::kMarkdown, "markdown", detail::write_markdown},
    {Format::kGnu, "gnu", detail::write_gnu},
    {Format::kCheckstyle, "checkstyle", detail::write_checkstyle},
    {Format::kHtml, "html", detail::write_html},
};

using CatalogueWriter = std::string (*)(std::span<const audit::Check* const>);

struct CatalogueEntry {
  CatalogueFormat format;
  std::string_view name;
  CatalogueWriter write;
};

constexpr CatalogueEntry kCatalogueFormats[] = {
    {CatalogueFormat::kTable, "table", detail::catalogue_table},
    {CatalogueFormat::kJson, "json", detail::catalogue_json},
    {CatalogueFormat::kMarkdown, "markdown", detail::catalogue_markdown},
};

template <class Entries>
constexpr bool in_enum_order(const Entries& entries) {
  std::size_t index = 0;
  for (const auto& entry : entries) {
    if (static_cast<std::size_t>(entry.format) != index++) return false;
  }
  return true;
}
static_assert(in_enum_order(kFormats));
static_assert(std::size(kFormats) == static_cast<std::size_t>(Format::kHtml) + 1);
static_assert(in_enum_order(kCatalogueFormats));
static_assert(std::size(kCatalogueFormats) ==
              static_cast<std::size_t>(CatalogueFormat::kMarkdown) + 1);

// "md" is the usual short name for Markdown.
std::string canonical_name(std::string_view name) {
  std::string out = core::ascii_lower(name);
  return out == "md" ? "markdown" : out;
}

template <class Entries>
std::string accepted_names(const Entries& entries) {
  std::string out;
  for (const auto& entry : entries) {
    if (!out.empty()) out += ", ";
    out += entry.name;
  }
  return out;
}

}  // namespace

core::Result<Format> parse_format(std::string_view name) {
  const std::string wanted = canonical_name(name);
  for (const auto& entry : kFormats) {
    if (entry.name == wanted) return entry.format;
  }
  return core::fail(core::ErrorCode::kInvalidArgument,
                    "--format " + std::string(name) + ": expected " + accepted_names(kFormats));
}

std::string_view to_string(Format format) {
  return kFormats[static_cast<std::size_t>(format)].name;
}

std::string render(Format format, const ReportInput& input, const RenderOptions& options) {
  detail::Output out;
  kFormats[static_cast<std::size_t>(format)].write(input, options, out);
  return std::move(out.text);
}

void render(Format format, const ReportInput& input, const RenderOptions& options,
            const ReportDrain& drain) {
  detail::Output out{.text = {}, .drain = &drain};
  kFormats[static_cast<std::size_t>(format)].write(input, options, out);
  out.flush();
}

core::Result<CatalogueFormat> parse_catalogue_format(std::string_view name) {
  const std::string wanted = canonical_name(name);
  for (const auto& entry : kCatalogueFormats) {
    if (entry.name == wanted) return entry.format;
  }
  return core::fail(
      core::ErrorCode::kInvalidArgument,
      "--format " + std::string(name) + ": expected " + accepted_names(kCatalogueFormats));
}

std::string render_catalogue(CatalogueFormat format, std::span<const audit::Check* const> checks) {
  return kCatalogueFormats[static_cast<std::size_t>(format)].write(checks);
}

}  // namespace hardock::report
