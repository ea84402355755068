#include "hardock/monitor/watch.h"

#include <gtest/gtest.h>

namespace hardock::monitor {
namespace {

TEST(WatchEvents, ParsesTheEngineFormat) {
  auto event = parse_event(
      R"({"status":"exec_create: sh","id":"c1","Type":"container","Action":"exec_create: sh",)"
      R"("Actor":{"ID":"c1","Attributes":{"execID":"e9","name":"web"}},"scope":"local",)"
      R"("time":1700000000,"timeNano":1700000000123456789})");
  ASSERT_TRUE(event) << event.error().message;
  EXPECT_EQ(event->type, "container");
  EXPECT_EQ(event->action, "exec_create: sh");
  EXPECT_EQ(event->id, "c1");
  EXPECT_EQ(event->name, "web");
  EXPECT_EQ(event->exec_id, "e9");
  EXPECT_EQ(event->time_nano, 1700000000123456789);

  auto connect = parse_event(
      R"({"Type":"network","Action":"connect","Actor":{"ID":"n1","Attributes":{"container":"c2"}},"time":5})");
  ASSERT_TRUE(connect);
  EXPECT_EQ(connect->container_id, "c2");
  EXPECT_EQ(connect->time_nano, 5'000'000'000);
}

TEST(WatchEvents, RejectsWhatIsNotAnEvent) {
  EXPECT_FALSE(parse_event("not json"));
  EXPECT_FALSE(parse_event("[]"));
  EXPECT_FALSE(parse_event(R"({"Type":"container","time":1})"));      // no action
  EXPECT_FALSE(parse_event(R"({"Type":"container","Action":"x"})"));  // no time
  EXPECT_FALSE(parse_event(std::string(5000, '[')));
}

EngineEvent at(std::int64_t nano, std::string action, std::string id) {
  EngineEvent event;
  event.type = "container";
  event.action = std::move(action);
  event.id = std::move(id);
  event.time_nano = nano;
  return event;
}

TEST(WatchEvents, DeduperDropsRepeatsAndOlderEventsKeepsSameTimeDistinct) {
  EventDeduper seen;
  EXPECT_TRUE(seen.first_time(at(10, "create", "a")));
  EXPECT_TRUE(seen.first_time(at(10, "create", "b")));   // same nanosecond, another object
  EXPECT_FALSE(seen.first_time(at(10, "create", "a")));  // replayed after a reconnect
  EXPECT_FALSE(seen.first_time(at(9, "start", "z")));    // older than handled
  EXPECT_TRUE(seen.first_time(at(11, "start", "a")));
  EXPECT_EQ(seen.newest(), 11);
}

}  // namespace
}  // namespace hardock::monitor
