// An image read from the analysis cache (image_cache/) is judged exactly as the freshly walked
// one: every check's bad and good example whose images have a file tree goes through the cache
// (stored, then loaded in place of the tree and inventory) and the check must give the same
// findings on both. A check that comes to read something the cache does not keep (file bytes,
// say) fails here until the cache keeps it and its version is bumped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hardock/audit/registry.h"
#include "hardock/image_cache/analysis_cache.h"
#include "image_fragment.h"

namespace hardock::audit {
namespace {

std::string finding_line(const core::Finding& finding) {
  return std::string(finding.check_code) + " " + finding.target.id + " " +
         std::string(core::to_string(finding.status)) + " " +
         std::string(core::to_string(finding.severity)) + " " + finding.evidence;
}

std::vector<std::string> lines_of(const std::vector<core::Finding>& findings) {
  std::vector<std::string> lines;
  for (const auto& finding : findings) lines.push_back(finding_line(finding));
  return lines;
}

TEST(ImageCacheChecks, EveryCheckJudgesACachedImageAsTheFreshOne) {
  char pattern[] = "/tmp/hardock-cache-checks-XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  std::vector<std::string> notes;
  auto cache = image_cache::AnalysisCache::open(dir, "unit", notes);
  ASSERT_TRUE(cache) << cache.error().to_string();

  const AuditConfig config;
  int compared = 0;
  int with_findings = 0;
  for (const Check* check : all_checks()) {
    if (check->needs == Input::kDockerfile) continue;  // Dockerfile text, no image
    for (std::string_view fragment : {check->bad, check->good}) {
      SCOPED_TRACE(std::string(check->info.code) + ": " + std::string(fragment.substr(0, 80)));
      auto document = nlohmann::json::parse(fragment, nullptr, false);
      test::ImageFragment fresh;
      test::decode_images(document, fresh);
      std::vector<image::ImageSubject> cached_subjects = fresh.subjects;
      std::deque<image_cache::ImageAnalysis> restored;
      for (auto& subject : cached_subjects) {
        if (subject.tree == nullptr) continue;
        auto stored = cache->store(subject.id, *subject.tree, *subject.inventory);
        ASSERT_TRUE(stored) << stored.error().to_string();
        auto loaded = cache->load(subject.id);
        ASSERT_TRUE(loaded) << loaded.error().to_string();
        ASSERT_TRUE(loaded->has_value());
        restored.push_back(std::move(**loaded));
        subject.tree = &restored.back().tree;
        subject.inventory = &restored.back().inventory;
      }
      if (restored.empty()) continue;
      auto snapshot = docker::decode_snapshot_text(fragment);
      ASSERT_TRUE(snapshot) << snapshot.error().to_string();
      const auto on_fresh =
          check->run(*check, AuditContext{*snapshot, config, nullptr, true, &fresh.subjects});
      const auto on_cached =
          check->run(*check, AuditContext{*snapshot, config, nullptr, true, &cached_subjects});
      EXPECT_EQ(lines_of(on_cached), lines_of(on_fresh));
      ++compared;
      if (!on_fresh.empty()) ++with_findings;
    }
  }
  // The file checks' examples: both outcomes are compared, not only quiet ones.
  EXPECT_GE(compared, 10);
  EXPECT_GE(with_findings, 5);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hardock::audit
