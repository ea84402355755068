// Image subjects from a check example's "image_subjects" member, for tests:
//   {"id": "sha256:..", "repo_tags": [..], "references": [..], "used_by": [..],
//    "config": {<image config JSON>},
//    "files": [{"path": "usr/bin/su", "mode": "04755", "type": "file", "content": "..."}],
//    "assessment": {"ecosystem": "Debian:12", "vulnerabilities": [..], "outdated": [..],
//                   "support": [..]}}
// With "files" the subject has a file tree (one layer) and the inventory the analyzers and the
// secret scan make of it, as the layer walk would. With "assessment", what the vulnerability
// database said of it (each list present is known; an absent one was not looked at).
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hardock/image/analyzer.h"
#include "hardock/image/secret_scan.h"
#include "hardock/image/subject.h"
#include "hardock/vulnscan/assessment.h"

namespace hardock::audit::test {

struct ImageFragment {
  std::deque<image::ImageTree> trees;  // stable addresses for the subjects' pointers
  std::deque<image::Inventory> inventories;
  std::deque<vulnscan::Assessment> assessments;
  std::vector<image::ImageSubject> subjects;
  bool present = false;
};

inline std::vector<std::string> strings(const nlohmann::json& item, const char* key) {
  std::vector<std::string> out;
  if (item.contains(key)) {
    for (const auto& value : item.at(key)) out.push_back(value.get<std::string>());
  }
  return out;
}

inline void decode_assessment(const nlohmann::json& item, vulnscan::Assessment& out) {
  out.ecosystem = item.value("ecosystem", "");
  // A part absent from the example was not looked at, as assess() says when the database lacks
  // it (only Debian has support lists).
  out.vulnerabilities_unknown_reason = "absent from the example";
  out.suites_unknown_reason = "absent from the example";
  if (out.ecosystem.starts_with("Debian:")) out.support_unknown_reason = "absent from the example";
  if (item.contains("vulnerabilities")) {
    out.vulnerabilities_known = true;
    for (const auto& entry : item.at("vulnerabilities")) {
      vulnscan::PackageVulnerability flaw;
      flaw.package = entry.at("package").get<std::string>();
      flaw.installed = entry.at("installed").get<std::string>();
      flaw.matched_name = entry.value("matched_name", flaw.package);
      flaw.matched_version = entry.value("matched_version", flaw.installed);
      flaw.id = entry.at("id").get<std::string>();
      flaw.aliases = strings(entry, "aliases");
      flaw.fixed = entry.value("fixed", "");
      flaw.severity = *core::parse_severity(entry.value("severity", "medium"));
      flaw.severity_source = "test";
      flaw.sources = {"test"};
      out.vulnerabilities.push_back(flaw);
    }
  }
  if (item.contains("outdated")) {
    out.suites_known = true;
    for (const auto& entry : item.at("outdated")) {
      out.outdated.push_back({entry.at("package"), entry.at("installed"), entry.at("newer"),
                              entry.at("suite"), entry.value("security", false)});
    }
  }
  if (item.contains("support")) {
    out.support_known = true;
    for (const auto& entry : item.at("support")) {
      out.support.push_back({entry.at("source_package"), strings(entry, "binaries"),
                             entry.value("ended", false), entry.value("version", ""),
                             entry.value("date", ""), entry.value("note", ""),
                             entry.value("list", "")});
    }
  }
}

inline void decode_images(const nlohmann::json& document, ImageFragment& out) {
  if (!document.is_object() || !document.contains("image_subjects")) return;
  out.present = true;
  for (const auto& item : document.at("image_subjects")) {
    image::ImageSubject subject;
    subject.id = item.value("id", "sha256:0");
    subject.repo_tags = strings(item, "repo_tags");
    subject.references = strings(item, "references");
    subject.used_by = strings(item, "used_by");
    subject.name = subject.repo_tags.empty() ? subject.id : subject.repo_tags.front();
    auto config = image::parse_image_config(item.value("config", nlohmann::json::object()).dump());
    EXPECT_TRUE(config.has_value()) << config.error().to_string();
    if (config) subject.config = *config;
    if (item.contains("files")) {
      image::LayerRecord record;
      std::vector<image::FileSecret> secrets;
      for (const auto& file : item.at("files")) {
        image::FileEntry entry;
        const std::string type = file.value("type", "file");
        entry.type = type == "directory" ? image::EntryType::kDirectory
                     : type == "symlink" ? image::EntryType::kSymlink
                                         : image::EntryType::kFile;
        entry.mode = static_cast<uint32_t>(std::stoul(file.value("mode", "0644"), nullptr, 8));
        entry.link = file.value("link", "");
        if (file.contains("content")) {
          entry.content = file.at("content").get<std::string>();
          entry.size = static_cast<int64_t>(entry.content->size());
          image::SecretScan::scan(file.at("path"), 0, *entry.content, secrets);
        }
        record.entries.push_back({file.at("path").get<std::string>(), entry});
      }
      out.trees.emplace_back();
      out.trees.back().add(std::move(record));
      out.inventories.push_back(image::analyze_image(out.trees.back()));
      out.inventories.back().secrets = secrets;
      subject.tree = &out.trees.back();
      subject.inventory = &out.inventories.back();
    }
    if (item.contains("assessment")) {
      out.assessments.emplace_back();
      decode_assessment(item.at("assessment"), out.assessments.back());
      subject.assessment = &out.assessments.back();
    }
    out.subjects.push_back(std::move(subject));
  }
}

}  // namespace hardock::audit::test
