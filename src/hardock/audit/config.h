// Audit policy knobs that change what checks consider a finding.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::audit {

struct AuditConfig {
  // Segmentation by sensitivity (the paper's network level).
  std::string sensitivity_label = "hardock.sensitivity";
  std::vector<std::string> sensitivity_levels = {"public", "internal", "restricted"};  // low->high

  // CIS 6.1 / 6.2: sprawl thresholds.
  int64_t max_unused_images = 5;        // images no container uses
  int64_t max_stopped_containers = 10;  // stopped containers kept around
  double max_stopped_ratio = 0.5;       // stopped / all, above which sprawl is reported

  // Engine age: a release older than this many months (relative to the
  // snapshot's collected_at) is reported.
  int64_t max_engine_age_months = 12;

  // Environment keys and labels whose values are known not to be secrets (exact,
  // case-insensitive): the secret checks leave them alone.
  std::vector<std::string> accepted_secret_keys;

  // Images: older than this (days since they were built, at collection time) is reported; the
  // registries images may come from (empty: not judged).
  int64_t max_image_age_days = 180;
  std::vector<std::string> trusted_registries;

  // Vulnerabilities (HDK-I-014): leave out those with no fix yet (--ignore-unfixed), and the
  // waived ones: a waiver names an advisory id or alias, optionally one package, and may expire.
  bool ignore_unfixed = false;
  struct VulnerabilityWaiver {
    std::string id;       // "CVE-2024-1234", "DSA-5678-1"
    std::string package;  // empty: every package
    std::string until;    // "YYYY-MM-DD", empty: no expiry; from that day on it no longer holds
    std::string reason;
  };
  std::vector<VulnerabilityWaiver> vulnerability_waivers;

  std::string store;  // "store": where runs are recorded; empty: the default (store/store.h)

  // Returns the index of `level` in sensitivity_levels, or -1 if unknown.
  [[nodiscard]] int level_index(const std::string& level) const;
};

// Loads a YAML-free, JSON config file: {"sensitivity": {"label": "...", "levels": [...]},
// "sprawl": {...}, "engine": {"max_age_months": 12}, "image": {"max_age_days": 180,
// "trusted_registries": ["registry.example:5000"]}, "secrets": {"accept": ["TOKEN_URL"]}}.
// Unknown keys are an error.
[[nodiscard]] core::Result<AuditConfig> load_audit_config(const std::string& path);

}  // namespace hardock::audit
