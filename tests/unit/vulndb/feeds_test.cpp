// The Debian security tracker and Alpine secdb readers on the real excerpts (their traps:
// fixed_version "0", open entries, urgency with "**", "releases": [], secdb "0" versions and
// space-separated aliases) and on hostile input.
#include <gtest/gtest.h>

#include "collecting_sink.h"
#include "hardock/vulndb/alpine_secdb.h"
#include "hardock/vulndb/debian_tracker.h"

namespace hardock::vulndb {
namespace {

using Kind = vuln::RangeEvent::Kind;

TEST(DebianTracker, RealExcerpt) {
  CollectingSink sink;
  auto read = read_debian_tracker(test_data("debian-tracker/debian.json"), sink);
  ASSERT_TRUE(read) << read.error().message;
  // prototypejs CVE-2007-2383 has fixed_version "0" in every release: never affected.
  for (const auto& record : sink.records) EXPECT_NE(record.advisory.id, "CVE-2007-2383");
  const auto proto = sink.of("Debian:10", "prototypejs");
  ASSERT_EQ(proto.size(), 1u);
  EXPECT_EQ(proto[0].advisory.id, "CVE-2008-7220");
  EXPECT_EQ(proto[0].advisory.source, "debian-tracker");
  EXPECT_EQ(proto[0].advisory.rating, "high**");  // as given; the severity mapper strips "**"
  EXPECT_NE(proto[0].advisory.summary.find("Prototype JavaScript framework"), std::string::npos);
  ASSERT_EQ(proto[0].affected.ranges.size(), 1u);
  EXPECT_EQ(proto[0].affected.ranges[0].events[1].kind, Kind::kFixed);
  EXPECT_EQ(proto[0].affected.ranges[0].events[1].version, "1.6.0.2-1");
  // sid has no release number: kept as Debian:sid.
  EXPECT_EQ(sink.of("Debian:sid", "prototypejs").size(), 1u);
  // chromium CVE-2022-0456 is open in buster: every version affected, no fix; its urgency
  // differs from bookworm's, so each keeps its own.
  const auto buster = sink.of("Debian:10", "chromium");
  ASSERT_EQ(buster.size(), 1u);
  EXPECT_EQ(buster[0].advisory.rating, "end-of-life");
  ASSERT_EQ(buster[0].affected.ranges[0].events.size(), 1u);
  EXPECT_EQ(buster[0].affected.ranges[0].events[0].version, "0");
  const auto bookworm = sink.of("Debian:12", "chromium");
  ASSERT_EQ(bookworm.size(), 1u);
  EXPECT_EQ(bookworm[0].advisory.rating, "not yet assigned");
  EXPECT_EQ(bookworm[0].affected.ranges[0].events[1].version, "98.0.4758.80-1");
  // "releases": [] (chromium-browser CVE-2022-0358) is an entry with no release.
  EXPECT_TRUE(sink.of("Debian:12", "chromium-browser").empty());
}

std::string tracker_error(std::string_view json) {
  CollectingSink sink;
  auto read = decode_debian_tracker(json, "t.json", sink);
  return read ? "" : read.error().message;
}

TEST(DebianTracker, HostileInput) {
  EXPECT_EQ(tracker_error("[]"), "t.json: not a JSON object (the tracker's data)");
  EXPECT_EQ(tracker_error(R"({"p": 1})"), "t.json: package p is not an object");
  EXPECT_EQ(tracker_error(R"({"p": {"CVE-1": {"releases": [1]}}})"),
            "t.json: package p, CVE-1: releases is an array, not an object");
  EXPECT_EQ(tracker_error(R"({"p": {"CVE-1": {"releases": {"bookworm": {"fixed_version": 2}}}}})"),
            "t.json: package p, CVE-1: bookworm.fixed_version is not a string");
  EXPECT_EQ(tracker_error(R"({"p": {"CVE-1": {"description": ["x"]}}})"),
            "t.json: package p, CVE-1: description is not a string");
  EXPECT_NE(tracker_error(R"({"p": {"CVE-1": {"x": )" + std::string(50000, '[')).find("16 levels"),
            std::string::npos);
  EXPECT_NE(tracker_error(R"({"p": {)").find("not valid JSON"), std::string::npos);
  EXPECT_NE(tracker_error(R"({"a\u0001": {}})").find("control character"), std::string::npos);
}

TEST(AlpineSecdb, RealV321Main) {
  CollectingSink sink;
  auto read = read_alpine_secdb(test_data("alpine-secdb/v3.21-main.json"), sink);
  ASSERT_TRUE(read) << read.error().message;
  // "CVE-2021-27219 GHSL-2021-045": id and alias.
  bool glib = false;
  for (const auto& record : sink.of("Alpine:v3.21", "glib")) {
    if (record.advisory.id != "CVE-2021-27219") continue;
    glib = true;
    EXPECT_EQ(record.advisory.aliases, std::vector<std::string>{"GHSL-2021-045"});
    EXPECT_EQ(record.affected.ranges[0].events[1].version, "2.66.6-r0");
  }
  EXPECT_TRUE(glib);
  // Ids that are no CVE are kept; "0" entries (xen's CVE-2022-21127) are never affected.
  bool alpine_id = false;
  for (const auto& record : sink.of("Alpine:v3.21", "busybox")) {
    alpine_id = alpine_id || record.advisory.id == "ALPINE-13661";
  }
  EXPECT_TRUE(alpine_id);
  bool xsa = false;
  for (const auto& record : sink.of("Alpine:v3.21", "xen")) {
    EXPECT_NE(record.advisory.id, "CVE-2022-21127");
    xsa = xsa || record.advisory.id == "XSA-248";
  }
  EXPECT_TRUE(xsa);
}

TEST(AlpineSecdb, HostileInput) {
  CollectingSink sink;
  EXPECT_FALSE(decode_alpine_secdb("[]", "s", sink));
  auto bad = decode_alpine_secdb(
      R"({"distroversion":"v3.21","packages":[{"pkg":{"name":"a","secfixes":{"1-r0":[1]}}}]})", "s",
      sink);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "s: package a, version 1-r0: an id is not a string");
  EXPECT_FALSE(decode_alpine_secdb(R"({"distroversion":5})", "s", sink));
}

}  // namespace
}  // namespace hardock::vulndb
