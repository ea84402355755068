#include "hardock/vulndb/package_index.h"

#include "hardock/io/escape.h"
#include "hardock/vulndb/archive_input.h"
#include "hardock/vulndb/feed_text.h"

namespace hardock::vulndb {
namespace package_index_detail {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool same_field(std::string_view key, std::string_view expected) {
  if (key.size() != expected.size()) return false;
  for (std::size_t index = 0; index < key.size(); ++index) {
    char c = key[index];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    char e = expected[index];
    if (e >= 'A' && e <= 'Z') e = static_cast<char>(e - 'A' + 'a');
    if (c != e) return false;
  }
  return true;
}

}  // namespace package_index_detail

tl::unexpected<core::Error> StanzaParser::fail(std::size_t number,
                                               const std::string& problem) const {
  return core::fail(core::ErrorCode::kMalformedInput,
                    context_.file + ": line " + std::to_string(number) + ": " + problem);
}

core::Result<void> StanzaParser::field(std::string_view key, std::string_view value,
                                       std::size_t number) {
  using package_index_detail::same_field;
  std::string* target = nullptr;
  const bool apt = format_ == Format::kApt;
  if (apt ? same_field(key, "Package") : key == "P") {
    target = &current_.package;
  } else if (apt ? same_field(key, "Version") : key == "V") {
    target = &current_.version;
  } else if (apt ? same_field(key, "Architecture") : key == "A") {
    target = &current_.architecture;
  } else if (apt && same_field(key, "Source")) {
    // "name" or "name (version)": the source version differs after a binNMU or when the
    // binary's version is not the source's.
    const std::size_t open = value.find('(');
    if (open != std::string_view::npos) {
      const std::size_t close = value.find(')', open);
      if (close == std::string_view::npos) return fail(number, "Source: unbalanced parenthesis");
      current_.source_version =
          std::string(package_index_detail::trim(value.substr(open + 1, close - open - 1)));
      value = package_index_detail::trim(value.substr(0, open));
    }
    target = &current_.source_name;
  } else if (!apt && key == "o") {
    target = &current_.source_name;
  } else {
    return {};
  }
  if (!target->empty() && target != &current_.source_name) {
    return fail(number, "field " + shown(key) + " given twice in one stanza");
  }
  *target = std::string(value);
  return {};
}

core::Result<void> StanzaParser::line(std::string_view text, std::size_t number) {
  if (package_index_detail::trim(text).empty()) return end_stanza(number);
  if (++stanza_lines_ > kMaxStanzaLines) {
    return fail(number, "stanza longer than " + std::to_string(kMaxStanzaLines) + " lines");
  }
  if (format_ == Format::kApt) {
    if (text.front() == ' ' || text.front() == '\t') return {};  // continuation
    if (text.front() == '#') return {};
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return fail(number, "not a \"Field: value\" line: " + shown(text));
    }
    return field(text.substr(0, colon), package_index_detail::trim(text.substr(colon + 1)), number);
  }
  if (text.size() < 2 || text[1] != ':')
    return fail(number, "not a \"K:value\" line: " + shown(text));
  return field(text.substr(0, 1), text.substr(2), number);
}

core::Result<void> StanzaParser::end_stanza(std::size_t number) {
  if (stanza_lines_ == 0) return {};
  stanza_lines_ = 0;
  PackageVersion record = std::move(current_);
  current_ = PackageVersion{};
  const char* name_field = format_ == Format::kApt ? "Package" : "P";
  const char* version_field = format_ == Format::kApt ? "Version" : "V";
  if (record.package.empty()) {
    return fail(number, std::string("the stanza ending here has no ") + name_field + " field");
  }
  if (record.version.empty()) {
    return fail(number, "package " + shown(record.package) + " has no " + version_field + " field");
  }
  if (record.source_name.empty()) record.source_name = record.package;
  if (record.source_version.empty()) record.source_version = record.version;
  for (const auto& [what, value] :
       {std::pair{"package name", &record.package}, std::pair{"version", &record.version},
        std::pair{"source name", &record.source_name},
        std::pair{"source version", &record.source_version}}) {
    if (auto problem = name_problem(*value); !problem.empty()) {
      return fail(number, "package " + shown(record.package) + ": " + what + " " + problem);
    }
  }
  if (!record.architecture.empty()) {
    if (auto problem = name_problem(record.architecture); !problem.empty()) {
      return fail(number, "package " + shown(record.package) + ": architecture " + problem);
    }
  }
  record.release = context_.release;
  record.suite = context_.suite;
  ++packages_;
  return sink_.package_version(record);
}

core::Result<void> StanzaParser::finish(std::size_t number) { return end_stanza(number); }

namespace package_index_detail {

core::Result<std::size_t> read_lines(ArchiveInput& input, StanzaParser& parser) {
  LineReader lines(input, kMaxIndexLineBytes);
  std::string_view line;
  while (true) {
    auto more = lines.next(line);
    if (!more) return core::fail(more.error());
    if (!*more) break;
    if (auto parsed = parser.line(line, lines.line_number()); !parsed) {
      return core::fail(parsed.error());
    }
  }
  if (auto finished = parser.finish(lines.line_number()); !finished) {
    return core::fail(finished.error());
  }
  return parser.packages();
}

}  // namespace package_index_detail

core::Result<std::size_t> read_apt_packages(const std::string& path, const IndexContext& context,
                                            ImportSink& sink) {
  auto input = ArchiveInput::open(path, ArchiveInput::Kind::kStream);
  if (!input) return core::fail(input.error());
  ArchiveInput::Entry entry;
  auto first = input->next(entry);
  if (!first) return core::fail(first.error());
  StanzaParser parser(StanzaParser::Format::kApt, context, sink);
  if (!*first) return std::size_t{0};  // an empty file: an empty index
  return package_index_detail::read_lines(*input, parser);
}

core::Result<std::size_t> read_apkindex(const std::string& path, const IndexContext& context,
                                        ImportSink& sink) {
  auto input = ArchiveInput::open(path, ArchiveInput::Kind::kArchive);
  if (!input) return core::fail(input.error());
  ArchiveInput::Entry entry;
  while (true) {
    auto more = input->next(entry);
    if (!more) return core::fail(more.error());
    if (!*more) break;
    if (entry.name != "APKINDEX" || !entry.regular) continue;
    IndexContext member = context;
    member.file = context.file + ":APKINDEX";
    StanzaParser parser(StanzaParser::Format::kApk, member, sink);
    return package_index_detail::read_lines(*input, parser);
  }
  return core::fail(core::ErrorCode::kMalformedInput,
                    path + ": no APKINDEX member: not an Alpine package index");
}

}  // namespace hardock::vulndb
