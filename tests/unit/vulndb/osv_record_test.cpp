// The OSV decoder on real records (osv.dev's Debian and Alpine conversions, AlmaLinux), on a
// hand-written record with every range form, and on hostile input.
#include "hardock/vulndb/osv_record.h"

#include <gtest/gtest.h>

#include "collecting_sink.h"
#include "hardock/io/bounded_read.h"

namespace hardock::vulndb {
namespace {

using Kind = vuln::RangeEvent::Kind;

OsvRecord decode_file(const std::string& name) {
  auto text = io::read_regular_file(test_data(name), 1 << 20);
  EXPECT_TRUE(text) << name;
  auto record = decode_osv_record(text ? *text : "", name);
  EXPECT_TRUE(record) << (record ? "" : record.error().message);
  return record ? *record : OsvRecord{};
}

std::string error_of(std::string_view json) {
  auto record = decode_osv_record(json, "rec.json");
  return record ? "" : record.error().message;
}

TEST(OsvRecord, RealDebianRecord) {
  const OsvRecord record = decode_file("osv/DSA-3029-1.json");
  EXPECT_EQ(record.advisory.id, "DSA-3029-1");
  EXPECT_EQ(record.advisory.source, "osv");
  EXPECT_EQ(record.advisory.aliases, std::vector<std::string>{"CVE-2014-3616"});
  EXPECT_EQ(record.advisory.summary, "nginx - security update");
  EXPECT_EQ(record.advisory.rating, "");
  EXPECT_EQ(record.advisory.modified, "2014-09-20T08:18:07Z");
  ASSERT_EQ(record.affected.size(), 1u);
  EXPECT_EQ(record.affected[0].ecosystem, "Debian:7");
  EXPECT_EQ(record.affected[0].package, "nginx");
  ASSERT_EQ(record.affected[0].ranges.size(), 1u);
  const auto& events = record.affected[0].ranges[0].events;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::kIntroduced);
  EXPECT_EQ(events[0].version, "0");
  EXPECT_EQ(events[1].kind, Kind::kFixed);
  EXPECT_EQ(events[1].version, "1.2.1-2.2+wheezy3");
}

TEST(OsvRecord, RealAlpineRecordNamesEveryRelease) {
  const OsvRecord record = decode_file("osv/CVE-2022-27449.json");
  EXPECT_EQ(record.advisory.id, "CVE-2022-27449");
  ASSERT_GE(record.affected.size(), 3u);
  EXPECT_EQ(record.affected[0].ecosystem, "Alpine:v3.12");
  EXPECT_EQ(record.affected[1].ecosystem, "Alpine:v3.13");
  EXPECT_EQ(record.affected[1].ranges[0].events[1].version, "10.5.16-r0");
}

TEST(OsvRecord, AlmaLinuxCvesFromRelatedAndRatingFromSummary) {
  const OsvRecord record = decode_file("almalinux9/ALSA-2022-4940.json");
  EXPECT_EQ(record.advisory.aliases, std::vector<std::string>{"CVE-2022-1271"});
  EXPECT_EQ(record.advisory.rating, "Important");
  EXPECT_EQ(record.advisory.summary, "Important: xz security update");
  ASSERT_EQ(record.affected.size(), 4u);
  EXPECT_EQ(record.affected[0].ecosystem, "AlmaLinux:9");
  EXPECT_EQ(record.affected[2].package, "xz-libs");
  EXPECT_EQ(record.affected[2].ranges[0].events[1].version, "5.2.5-8.el9_0");
}

TEST(OsvRecord, EveryRangeForm) {
  const OsvRecord record = decode_file("ranges/TEST-RANGES-1.json");
  // CVEs of related join the aliases once; other related ids do not.
  EXPECT_EQ(record.advisory.aliases, (std::vector<std::string>{"CVE-2025-0001", "CVE-2025-0002"}));
  EXPECT_EQ(record.advisory.cvss_vectors,
            (std::vector<std::string>{
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}));
  EXPECT_EQ(record.advisory.rating, "Important");
  // The git-only package is dropped: five entries left.
  ASSERT_EQ(record.affected.size(), 5u);
  EXPECT_EQ(record.affected[1].package, "last-affected");
  EXPECT_EQ(record.affected[1].ranges[0].events[1].kind, Kind::kLastAffected);
  EXPECT_EQ(record.affected[1].ranges[0].events[1].version, "1.4-2");
  EXPECT_EQ(record.affected[2].ranges[0].events[1].kind, Kind::kLimit);
  const auto& multiple = record.affected[3];
  ASSERT_EQ(multiple.ranges.size(), 2u);  // the GIT range is not kept
  ASSERT_EQ(multiple.ranges[1].events.size(), 3u);
  EXPECT_EQ(multiple.ranges[1].events[2].kind, Kind::kIntroduced);
  EXPECT_EQ(multiple.ranges[1].events[2].version, "1:3.0-1.el9");
  EXPECT_EQ(record.affected[4].package, "listed");
  EXPECT_TRUE(record.affected[4].ranges.empty());
  EXPECT_EQ(record.affected[4].versions, (std::vector<std::string>{"1.0-1", "1.0-2", "1.1-1"}));
}

TEST(OsvRecord, RatingOnlyFromRedHatWords) {
  auto record = decode_osv_record(R"({"id":"X","summary":"Importantly: no"})", "x");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->advisory.rating, "");
  record = decode_osv_record(R"({"id":"X","summary":"Low: yes"})", "x");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->advisory.rating, "Low");
}

TEST(OsvRecord, HostileInputIsAOneLineError) {
  EXPECT_EQ(error_of("[1]"), "rec.json: is not a JSON object (an OSV record)");
  EXPECT_EQ(error_of("{"), "rec.json: is not valid JSON");
  EXPECT_EQ(error_of(R"({"summary":"x"})"), "rec.json: has no id");
  EXPECT_EQ(error_of(R"({"id":5})"), "rec.json: id is not a string");
  EXPECT_EQ(error_of(R"({"id":"X","aliases":"CVE-1"})"), "rec.json: aliases is not an array");
  EXPECT_EQ(error_of(R"({"id":"X","affected":[{"package":{"ecosystem":"Debian:12","name":1}}]})"),
            "rec.json: affected[0].package.name is not a string");
  EXPECT_EQ(
      error_of(R"({"id":"X","affected":[{"package":{"ecosystem":"E","name":"n"},"ranges":[{"type":
      "ECOSYSTEM","events":[{"introduced":"0","fixed":"1"}]}]}]})"),
      "rec.json: affected[0].ranges[0].events[0] has more than one of introduced, fixed, "
      "last_affected, limit");
  EXPECT_EQ(error_of(R"({"id":"a\u0007b"})"), "rec.json: id holds a control character");
  EXPECT_EQ(error_of(R"({"id":")" + std::string(600, 'x') + "\"}"),
            "rec.json: id longer than 512 bytes");
  // Nesting far deeper than any record: refused before the parser builds it.
  const std::string deep =
      R"({"id":"X","x":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_NE(error_of(deep).find("nested deeper than 32"), std::string::npos) << error_of(deep);
  // Above the size cap, whatever it holds.
  const std::string huge =
      R"({"id":"X","details":")" + std::string(kMaxOsvRecordBytes, 'a') + "\"}";
  EXPECT_NE(error_of(huge).find("larger than 16 MiB"), std::string::npos);
  // A long summary is cut, not refused.
  auto record =
      decode_osv_record(R"({"id":"X","summary":")" + std::string(100000, 's') + "\"}", "x");
  ASSERT_TRUE(record);
  EXPECT_LT(record->advisory.summary.size(), 2100u);
}

}  // namespace
}  // namespace hardock::vulndb
