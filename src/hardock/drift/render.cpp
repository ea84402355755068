// The drift renderers. One walk per format over the report; every string that came from a
// snapshot or a finding goes through the format's escaping function (io/escape.h), and is cut
// to kMaxText bytes in the formats people read (a 20 MB container name stays one short line).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "hardock/drift/drift.h"
#include "hardock/io/escape.h"

namespace hardock::drift {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxText = 200;

std::string short_id(std::string_view id) {
  if (id.starts_with("sha256:")) id.remove_prefix(7);
  return std::string(id.substr(0, 12));
}

std::string run_label(std::int64_t run, const std::string& at) {
  std::string text = run > 0 ? "run " + std::to_string(run) : std::string("snapshot");
  if (!at.empty()) text += " (" + at + ")";
  return text;
}

struct Counts {
  std::size_t added = 0, removed = 0, recreated = 0, renamed = 0, changed = 0;
};

Counts count(const DriftReport& report) {
  Counts counts;
  for (const auto& container : report.containers) {
    switch (container.change) {
      case ContainerChange::kAdded:
        ++counts.added;
        break;
      case ContainerChange::kRemoved:
        ++counts.removed;
        break;
      case ContainerChange::kRecreated:
        ++counts.recreated;
        break;
      case ContainerChange::kRenamed:
        ++counts.renamed;
        break;
      case ContainerChange::kChanged:
        ++counts.changed;
        break;
    }
  }
  return counts;
}

std::string counts_text(const Counts& counts) {
  return std::to_string(counts.added) + " added, " + std::to_string(counts.removed) + " removed, " +
         std::to_string(counts.recreated) + " recreated, " + std::to_string(counts.renamed) +
         " renamed, " + std::to_string(counts.changed) + " changed";
}

struct NetworkCounts {
  std::size_t added = 0, removed = 0, recreated = 0, changed = 0;
};

NetworkCounts count_networks(const DriftReport& report) {
  NetworkCounts counts;
  for (const auto& network : report.networks) {
    switch (network.change) {
      case NetworkChange::kAdded:
        ++counts.added;
        break;
      case NetworkChange::kRemoved:
        ++counts.removed;
        break;
      case NetworkChange::kRecreated:
        ++counts.recreated;
        break;
      case NetworkChange::kChanged:
        ++counts.changed;
        break;
    }
  }
  return counts;
}

std::string network_counts_text(const DriftReport& report) {
  const NetworkCounts counts = count_networks(report);
  return std::to_string(report.networks_before) + " -> " + std::to_string(report.networks_after) +
         " (" + std::to_string(counts.added) + " added, " + std::to_string(counts.removed) +
         " removed, " + std::to_string(counts.recreated) + " recreated, " +
         std::to_string(counts.changed) + " changed)";
}

std::string shown(std::string_view value) { return value.empty() ? "(unset)" : std::string(value); }

// ---- table (a terminal)

std::string term(std::string_view text) { return io::terminal_safe(io::truncate(text, kMaxText)); }

void table_field(std::string& out, const FieldChange& field, const char* indent) {
  out += indent + term(field.field) + ":";
  if (field.added.empty() && field.removed.empty()) {
    out += " " + term(shown(field.before)) + " -> " + term(shown(field.after));
  }
  for (const auto& item : field.added) out += " +" + term(item);
  for (const auto& item : field.removed) out += " -" + term(item);
  if (!field.security) out += "  (informational)";
  out += "\n";
}

void table_findings(std::string& out, const char* what, const std::vector<FindingDrift>& list) {
  for (const auto& finding : list) {
    out += "  ";
    out += what;
    out += " " + std::string(core::to_string(finding.severity)) + " " + term(finding.check) + " " +
           term(finding.target) + ": " + term(finding.title);
    if (finding.status != "fail") out += " [" + finding.status + "]";
    out += "\n";
  }
}

// ---- Markdown

std::string md(std::string_view text) { return io::markdown_escape(io::truncate(text, kMaxText)); }
// Inline code inside a table cell: GFM ends a cell at any unescaped '|', code spans included,
// and reads "\|" there as '|'.
std::string md_code(std::string_view text) {
  if (text.empty()) return "*unset*";
  std::string out;
  for (const char c : io::markdown_code(io::truncate(text, kMaxText))) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string md_field_value(const FieldChange& field) {
  if (field.added.empty() && field.removed.empty()) {
    return md_code(field.before) + " → " + md_code(field.after);
  }
  std::string out;
  for (const auto& item : field.added) out += (out.empty() ? "" : " ") + ("\\+" + md_code(item));
  for (const auto& item : field.removed) out += (out.empty() ? "" : " ") + ("\\-" + md_code(item));
  return out;
}

// ---- HTML

std::string html(std::string_view text) {
  return io::xml_escape(io::truncate(text, kMaxText), false);
}
std::string html_code(std::string_view text) {
  return text.empty() ? std::string("<em>unset</em>") : "<code>" + html(text) + "</code>";
}

std::string html_field_value(const FieldChange& field) {
  if (field.added.empty() && field.removed.empty()) {
    return html_code(field.before) + " &rarr; " + html_code(field.after);
  }
  std::string out;
  for (const auto& item : field.added) {
    out += "<span style=\"color:#1a7f37\">+" + html_code(item) + "</span> ";
  }
  for (const auto& item : field.removed) {
    out += "<span style=\"color:#cf222e\">&minus;" + html_code(item) + "</span> ";
  }
  return out;
}

json field_json(const FieldChange& field) {
  json out = {{"field", field.field}, {"security", field.security}};
  if (field.added.empty() && field.removed.empty()) {
    out["before"] = field.before.empty() ? json() : json(field.before);
    out["after"] = field.after.empty() ? json() : json(field.after);
  } else {
    out["added"] = field.added;
    out["removed"] = field.removed;
  }
  return out;
}

json finding_json(const FindingDrift& finding) {
  return {{"fingerprint", finding.fingerprint},
          {"check", finding.check},
          {"title", finding.title},
          {"severity", core::to_string(finding.severity)},
          {"status", finding.status},
          {"target", finding.target},
          {"evidence", finding.evidence}};
}

json optional_id(const std::string& id) { return id.empty() ? json() : json(id); }

}  // namespace

std::string render_table(const DriftReport& report) {
  std::string out = "Drift";
  if (!report.host.empty()) out += " on " + term(report.host);
  out += ": " + run_label(report.before_run, term(report.before_at)) + " -> " +
         run_label(report.after_run, term(report.after_at)) + "\n";
  out += "Containers: " + std::to_string(report.containers_before) + " -> " +
         std::to_string(report.containers_after) + " (" + counts_text(count(report)) + ")\n";
  for (const auto& container : report.containers) {
    const char* mark = container.change == ContainerChange::kAdded     ? "+"
                       : container.change == ContainerChange::kRemoved ? "-"
                                                                       : "~";
    out += "  " + std::string(mark) + " " + std::string(to_string(container.change)) + " " +
           term(container.name);
    if (container.change == ContainerChange::kRenamed) {
      out += " (was " + term(container.before_name) + ")";
    }
    if (container.change == ContainerChange::kRecreated) {
      out += " (id " + term(short_id(container.before_id)) + " -> " +
             term(short_id(container.after_id)) + ")";
    }
    if (container.change == ContainerChange::kAdded ||
        container.change == ContainerChange::kRemoved) {
      out += " image " + term(shown(container.image));
    }
    out += "\n";
    for (const auto& field : container.fields) table_field(out, field, "      ");
  }
  out += "Networks: " + network_counts_text(report) + "\n";
  for (const auto& network : report.networks) {
    const char* mark = network.change == NetworkChange::kAdded     ? "+"
                       : network.change == NetworkChange::kRemoved ? "-"
                                                                   : "~";
    out += "  " + std::string(mark) + " " + std::string(to_string(network.change)) + " " +
           term(network.name);
    if (network.change == NetworkChange::kRecreated) {
      out += " (id " + term(short_id(network.before_id)) + " -> " +
             term(short_id(network.after_id)) + ")";
    }
    if (network.change == NetworkChange::kAdded || network.change == NetworkChange::kRemoved) {
      out += " driver " + term(shown(network.driver));
    }
    out += "\n";
    for (const auto& field : network.fields) table_field(out, field, "      ");
  }
  out += "Daemon: " +
         (report.daemon.empty() ? std::string("no change")
                                : std::to_string(report.daemon.size()) + " change(s)") +
         "\n";
  for (const auto& field : report.daemon) table_field(out, field, "  ");
  out += "Images: " + std::to_string(report.images.size()) + " added or removed\n";
  for (const auto& image : report.images) {
    out += std::string("  ") + (image.added ? "+ " : "- ") + term(short_id(image.id));
    if (!image.reference.empty()) out += " " + term(image.reference);
    out += "\n";
  }
  out += "Findings: " + std::to_string(report.new_findings.size()) + " new, " +
         std::to_string(report.fixed_findings.size()) + " fixed, " +
         std::to_string(report.persisting_findings) + " persisting\n";
  table_findings(out, "new  ", report.new_findings);
  table_findings(out, "fixed", report.fixed_findings);
  out += "Disk use: ";
  if (!report.disk_before_collected || !report.disk_after_collected) {
    out += std::string("not compared (not collected in the ") +
           (!report.disk_before_collected && !report.disk_after_collected ? "either run"
            : report.disk_before_collected                                ? "newer run"
                                                                          : "older run") +
           ")\n";
  } else {
    out += report.disk.empty() ? "no change\n" : "\n";
    for (const auto& field : report.disk) table_field(out, field, "  ");
  }
  out +=
      std::string("Security-relevant drift: ") + (report.security_relevant() ? "yes" : "no") + "\n";
  return out;
}

std::string render_json(const DriftReport& report) {
  const Counts counts = count(report);
  json containers = json::array();
  for (const auto& container : report.containers) {
    json fields = json::array();
    for (const auto& field : container.fields) fields.push_back(field_json(field));
    containers.push_back({{"name", container.name},
                          {"change", to_string(container.change)},
                          {"before_id", optional_id(container.before_id)},
                          {"after_id", optional_id(container.after_id)},
                          {"before_name", optional_id(container.before_name)},
                          {"image", container.image},
                          {"security_relevant", container.security_relevant()},
                          {"fields", std::move(fields)}});
  }
  json networks = json::array();
  for (const auto& network : report.networks) {
    json fields = json::array();
    for (const auto& field : network.fields) fields.push_back(field_json(field));
    networks.push_back({{"name", network.name},
                        {"change", to_string(network.change)},
                        {"before_id", optional_id(network.before_id)},
                        {"after_id", optional_id(network.after_id)},
                        {"driver", network.driver},
                        {"fields", std::move(fields)}});
  }
  const NetworkCounts network_counts = count_networks(report);
  json daemon = json::array();
  for (const auto& field : report.daemon) daemon.push_back(field_json(field));
  json images = json::array();
  for (const auto& image : report.images) {
    images.push_back({{"change", image.added ? "added" : "removed"},
                      {"id", image.id},
                      {"reference", optional_id(image.reference)}});
  }
  json new_findings = json::array();
  for (const auto& finding : report.new_findings) new_findings.push_back(finding_json(finding));
  json fixed_findings = json::array();
  for (const auto& finding : report.fixed_findings) fixed_findings.push_back(finding_json(finding));
  json disk = json::array();
  for (const auto& field : report.disk) disk.push_back(field_json(field));
  json document = {
      {"schema", kDriftSchema},
      {"host", optional_id(report.host)},
      {"before",
       {{"run", report.before_run > 0 ? json(report.before_run) : json()},
        {"collected_at", optional_id(report.before_at)},
        {"containers", report.containers_before},
        {"networks", report.networks_before},
        {"disk_usage_collected", report.disk_before_collected}}},
      {"after",
       {{"run", report.after_run > 0 ? json(report.after_run) : json()},
        {"collected_at", optional_id(report.after_at)},
        {"containers", report.containers_after},
        {"networks", report.networks_after},
        {"disk_usage_collected", report.disk_after_collected}}},
      {"security_relevant", report.security_relevant()},
      {"summary",
       {{"containers",
         {{"added", counts.added},
          {"removed", counts.removed},
          {"recreated", counts.recreated},
          {"renamed", counts.renamed},
          {"changed", counts.changed}}},
        {"networks",
         {{"added", network_counts.added},
          {"removed", network_counts.removed},
          {"recreated", network_counts.recreated},
          {"changed", network_counts.changed}}},
        {"daemon", report.daemon.size()},
        {"images", report.images.size()},
        {"findings",
         {{"new", report.new_findings.size()},
          {"fixed", report.fixed_findings.size()},
          {"persisting", report.persisting_findings}}}}},
      {"containers", std::move(containers)},
      {"networks", std::move(networks)},
      {"daemon", std::move(daemon)},
      {"images", std::move(images)},
      {"findings", {{"new", std::move(new_findings)}, {"fixed", std::move(fixed_findings)}}},
      {"disk", std::move(disk)},
  };
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_markdown(const DriftReport& report) {
  std::string out = "# Drift";
  if (!report.host.empty()) out += " on " + md(report.host);
  out += "\n\n" + md(run_label(report.before_run, report.before_at)) + " → " +
         md(run_label(report.after_run, report.after_at)) + "\n\n";
  out += std::string("**Security-relevant drift: ") + (report.security_relevant() ? "yes" : "no") +
         "**\n\n";
  out += "## Containers\n\n" + std::to_string(report.containers_before) + " → " +
         std::to_string(report.containers_after) + " (" + counts_text(count(report)) + ")\n\n";
  if (!report.containers.empty()) {
    out += "| container | change | field | before → after |\n|---|---|---|---|\n";
    for (const auto& container : report.containers) {
      std::string change(to_string(container.change));
      if (container.change == ContainerChange::kRenamed) {
        change += " (was " + md(container.before_name) + ")";
      }
      if (container.fields.empty()) {
        out += "| " + md(container.name) + " | " + change + " | image | " +
               md_code(container.image) + " |\n";
        continue;
      }
      for (const auto& field : container.fields) {
        out += "| " + md(container.name) + " | " + change + " | " + md(field.field) + " | " +
               md_field_value(field) + " |\n";
      }
    }
    out += "\n";
  }
  out += "## Networks\n\n" + md(network_counts_text(report)) + "\n\n";
  if (!report.networks.empty()) {
    out += "| network | change | field | before → after |\n|---|---|---|---|\n";
    for (const auto& network : report.networks) {
      const std::string change(to_string(network.change));
      if (network.fields.empty()) {
        out += "| " + md(network.name) + " | " + change + " | driver | " + md_code(network.driver) +
               " |\n";
        continue;
      }
      for (const auto& field : network.fields) {
        out += "| " + md(network.name) + " | " + change + " | " + md(field.field) + " | " +
               md_field_value(field) + " |\n";
      }
    }
    out += "\n";
  }
  out += "## Daemon\n\n";
  if (report.daemon.empty())
    out += "No change.\n\n";
  else {
    out += "| setting | before → after |\n|---|---|\n";
    for (const auto& field : report.daemon) {
      out += "| " + md(field.field) + " | " + md_field_value(field) + " |\n";
    }
    out += "\n";
  }
  out += "## Images\n\n";
  if (report.images.empty()) out += "No change.\n\n";
  for (const auto& image : report.images) {
    out += std::string("- ") + (image.added ? "added " : "removed ") + md_code(short_id(image.id));
    if (!image.reference.empty()) out += " " + md_code(image.reference);
    out += "\n";
  }
  if (!report.images.empty()) out += "\n";
  out += "## Findings\n\n" + std::to_string(report.new_findings.size()) + " new, " +
         std::to_string(report.fixed_findings.size()) + " fixed, " +
         std::to_string(report.persisting_findings) + " persisting.\n\n";
  if (!report.new_findings.empty() || !report.fixed_findings.empty()) {
    out += "| | severity | check | target | title |\n|---|---|---|---|---|\n";
    for (const auto* list : {&report.new_findings, &report.fixed_findings}) {
      for (const auto& finding : *list) {
        out += std::string("| ") + (list == &report.new_findings ? "new" : "fixed") + " | " +
               std::string(core::to_string(finding.severity)) + " | " + md(finding.check) + " | " +
               md(finding.target) + " | " + md(finding.title) + " |\n";
      }
    }
    out += "\n";
  }
  out += "## Disk use\n\n";
  if (!report.disk_before_collected || !report.disk_after_collected) {
    out += "Not compared: disk use was not collected in both runs.\n";
  } else if (report.disk.empty()) {
    out += "No change.\n";
  } else {
    out += "| category | before → after |\n|---|---|\n";
    for (const auto& field : report.disk) {
      out += "| " + md(field.field) + " | " + md_field_value(field) + " |\n";
    }
  }
  return out;
}

std::string render_html_section(const DriftReport& report) {
  static constexpr const char* kTable =
      "<table style=\"border-collapse:collapse;width:100%;font-size:90%\">";
  static constexpr const char* kCell = "<td style=\"border:1px solid #ccc;padding:2px 6px\">";
  static constexpr const char* kHead =
      "<th style=\"border:1px solid #ccc;padding:2px 6px;text-align:left\">";
  std::string out = "<section class=\"hardock-drift\">\n<h2>Drift";
  if (!report.host.empty()) out += " on " + html(report.host);
  out += "</h2>\n<p>" + html(run_label(report.before_run, report.before_at)) + " &rarr; " +
         html(run_label(report.after_run, report.after_at)) + "</p>\n";
  out += std::string("<p><strong>Security-relevant drift: ") +
         (report.security_relevant() ? "yes" : "no") + "</strong></p>\n";
  out += "<h3>Containers</h3>\n<p>" + std::to_string(report.containers_before) + " &rarr; " +
         std::to_string(report.containers_after) + " (" + counts_text(count(report)) + ")</p>\n";
  if (!report.containers.empty()) {
    out += std::string(kTable) + "\n<tr>" + kHead + "container</th>" + kHead + "change</th>" +
           kHead + "field</th>" + kHead + "before &rarr; after</th></tr>\n";
    for (const auto& container : report.containers) {
      std::string change(to_string(container.change));
      if (container.change == ContainerChange::kRenamed) {
        change += " (was " + html(container.before_name) + ")";
      }
      if (container.fields.empty()) {
        out += std::string("<tr>") + kCell + html(container.name) + "</td>" + kCell + change +
               "</td>" + kCell + "image</td>" + kCell + html_code(container.image) + "</td></tr>\n";
        continue;
      }
      for (const auto& field : container.fields) {
        out += std::string("<tr>") + kCell + html(container.name) + "</td>" + kCell + change +
               "</td>" + kCell + html(field.field) + "</td>" + kCell + html_field_value(field) +
               "</td></tr>\n";
      }
    }
    out += "</table>\n";
  }
  out += "<h3>Networks</h3>\n<p>" + html(network_counts_text(report)) + "</p>\n";
  if (!report.networks.empty()) {
    out += std::string(kTable) + "\n<tr>" + kHead + "network</th>" + kHead + "change</th>" + kHead +
           "field</th>" + kHead + "before &rarr; after</th></tr>\n";
    for (const auto& network : report.networks) {
      const std::string change(to_string(network.change));
      if (network.fields.empty()) {
        out += std::string("<tr>") + kCell + html(network.name) + "</td>" + kCell + change +
               "</td>" + kCell + "driver</td>" + kCell + html_code(network.driver) + "</td></tr>\n";
        continue;
      }
      for (const auto& field : network.fields) {
        out += std::string("<tr>") + kCell + html(network.name) + "</td>" + kCell + change +
               "</td>" + kCell + html(field.field) + "</td>" + kCell + html_field_value(field) +
               "</td></tr>\n";
      }
    }
    out += "</table>\n";
  }
  auto field_table = [&](const char* title, const std::vector<FieldChange>& fields,
                         const char* empty) {
    out += std::string("<h3>") + title + "</h3>\n";
    if (fields.empty()) {
      out += std::string("<p>") + empty + "</p>\n";
      return;
    }
    out += std::string(kTable) + "\n";
    for (const auto& field : fields) {
      out += std::string("<tr>") + kCell + html(field.field) + "</td>" + kCell +
             html_field_value(field) + "</td></tr>\n";
    }
    out += "</table>\n";
  };
  field_table("Daemon", report.daemon, "No change.");
  out += "<h3>Images</h3>\n";
  if (report.images.empty())
    out += "<p>No change.</p>\n";
  else {
    out += "<ul>\n";
    for (const auto& image : report.images) {
      out += std::string("<li>") + (image.added ? "added " : "removed ") +
             html_code(short_id(image.id));
      if (!image.reference.empty()) out += " " + html_code(image.reference);
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  out += "<h3>Findings</h3>\n<p>" + std::to_string(report.new_findings.size()) + " new, " +
         std::to_string(report.fixed_findings.size()) + " fixed, " +
         std::to_string(report.persisting_findings) + " persisting.</p>\n";
  if (!report.new_findings.empty() || !report.fixed_findings.empty()) {
    out += std::string(kTable) + "\n<tr>" + kHead + "</th>" + kHead + "severity</th>" + kHead +
           "check</th>" + kHead + "target</th>" + kHead + "title</th></tr>\n";
    for (const auto* list : {&report.new_findings, &report.fixed_findings}) {
      for (const auto& finding : *list) {
        out += std::string("<tr>") + kCell + (list == &report.new_findings ? "new" : "fixed") +
               "</td>" + kCell + std::string(core::to_string(finding.severity)) + "</td>" + kCell +
               html(finding.check) + "</td>" + kCell + html(finding.target) + "</td>" + kCell +
               html(finding.title) + "</td></tr>\n";
      }
    }
    out += "</table>\n";
  }
  if (!report.disk_before_collected || !report.disk_after_collected) {
    out += "<h3>Disk use</h3>\n<p>Not compared: disk use was not collected in both runs.</p>\n";
  } else {
    field_table("Disk use", report.disk, "No change.");
  }
  out += "</section>\n";
  return out;
}

std::string render_html(const DriftReport& report) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<title>hardock drift</title></head>\n<body style=\"font-family:sans-serif;"
         "max-width:70em;margin:1em auto\">\n" +
         render_html_section(report) + "</body></html>\n";
}

core::Result<std::string> render(const DriftReport& report, std::string_view format) {
  if (format == "table") return render_table(report);
  if (format == "json") return render_json(report);
  if (format == "markdown" || format == "md") return render_markdown(report);
  if (format == "html") return render_html(report);
  return core::fail(
      core::ErrorCode::kInvalidArgument,
      "unknown drift format '" + io::terminal_safe(format) + "' (table, json, markdown, html)");
}

}  // namespace hardock::drift
