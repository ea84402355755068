// JsonStream writes what nlohmann's dump(2) writes for the same document, byte for byte, so the
// streamed report keeps the layout readers and diffs were used to; misuse is refused.
#include "hardock/report/json_stream.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "fixture.h"
#include "hardock/audit/registry.h"
#include "hardock/report/report.h"

namespace hardock::report::detail {
namespace {

using Json = nlohmann::ordered_json;

std::string nlohmann_layout(const std::string& text) {
  return Json::parse(text).dump(2, ' ', false, Json::error_handler_t::replace);
}

TEST(JsonStream, NestedAndEmptyContainersMatchNlohmann) {
  std::string out;
  JsonStream json(out);
  json.begin_object()
      .field("a", 1)
      .key("list")
      .begin_array()
      .value("x")
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .null()
      .value(true)
      .end_array()
      .key("empty")
      .begin_object()
      .end_object()
      .field("count", size_t{42})
      .field("negative", int64_t{-7})
      .key("absent")
      .optional("")
      .key("present")
      .optional("yes")
      .end_object();
  EXPECT_TRUE(json.complete());
  EXPECT_EQ(out, nlohmann_layout(out));
  EXPECT_EQ(Json::parse(out)["list"][1], Json::object());
  EXPECT_TRUE(Json::parse(out)["absent"].is_null());
}

TEST(JsonStream, StringsAreEscapedAsNlohmannEscapesThem) {
  const std::string nasty = std::string("quote \" backslash \\ tab \t nl \n bell \x07 del \x7f ") +
                            "utf8 \xc3\xa9 invalid \xff\xfe end";
  std::string out;
  JsonStream json(out);
  json.begin_object().field(nasty, nasty).end_object();
  Json expected = Json::object();
  expected[nasty] = nasty;
  EXPECT_EQ(out, expected.dump(2, ' ', false, Json::error_handler_t::replace));
  EXPECT_NE(out.find("\xef\xbf\xbd"), std::string::npos) << "invalid UTF-8 becomes U+FFFD";
  EXPECT_EQ(out.find("\xff"), std::string::npos);
}

// ASCII is escaped by JsonStream itself (nlohmann only sees text with a byte above 0x7F): every
// ASCII byte, alone and inside a longer word, is written as nlohmann writes it.
// Every byte also at every place of a 16-byte block and of the tail after blocks (the test for
// bytes to escape reads sixteen or eight at a time).
TEST(JsonStream, EveryAsciiByteIsEscapedAsNlohmannEscapesIt) {
  for (int byte = 0; byte < 0x80; ++byte) {
    std::vector<std::string> texts = {
        std::string(1, static_cast<char>(byte)),
        "abcdefgh" + std::string(1, static_cast<char>(byte)) + "\"\n"};
    for (std::size_t at = 0; at < 37; ++at) {
      std::string text(37, 'a');
      text[at] = static_cast<char>(byte);
      texts.push_back(text);
    }
    for (const std::string& text : texts) {
      std::string out;
      JsonStream json(out);
      json.begin_array().value(text).end_array();
      Json expected = Json::array();
      expected.push_back(text);
      ASSERT_EQ(out, expected.dump(2, ' ', false, Json::error_handler_t::replace)) << byte;
    }
  }
}

// Chunks of an array written by streams continued on other strings, appended in order, are the
// bytes one stream writes: the report's findings are formatted that way on several threads.
TEST(JsonStream, ContinuedChunksAreTheBytesOfOneStream) {
  auto document = [](JsonStream& json) -> JsonStream& {
    return json.begin_object().field("schema", "x").key("items").begin_array();
  };
  std::string whole;
  JsonStream one(whole);
  document(one);
  for (int i = 0; i < 5; ++i) one.begin_object().field("n", i).end_object();
  one.end_array().end_object();

  std::string chunked;
  JsonStream main(chunked);
  document(main);
  for (int first : {0, 2, 3}) {
    std::string text;
    JsonStream chunk = main.continued_in(text, first > 0);
    for (int i = first; i < (first == 0 ? 2 : first == 2 ? 3 : 5); ++i) {
      chunk.begin_object().field("n", i).end_object();
    }
    chunked += text;
  }
  main.mark_filled();
  main.end_array().end_object();
  EXPECT_EQ(chunked, whole);
  EXPECT_TRUE(main.complete());

  std::string empty_whole;
  JsonStream empty_one(empty_whole);
  document(empty_one).end_array().end_object();
  std::string empty_chunked;
  JsonStream empty_main(empty_chunked);
  document(empty_main).end_array().end_object();  // no chunk, not filled: "[]"
  EXPECT_EQ(empty_chunked, empty_whole);

  std::string other;
  JsonStream outside(other);
  outside.begin_object();
  std::string text;
  EXPECT_THROW((void)outside.continued_in(text, false), std::logic_error);
}

TEST(JsonStream, MisuseIsRefused) {
  std::string out;
  JsonStream object(out);
  object.begin_object();
  EXPECT_THROW(object.value("no key"), std::logic_error);
  EXPECT_THROW(object.end_array(), std::logic_error);
  object.key("k");
  EXPECT_THROW(object.key("again"), std::logic_error);
  EXPECT_THROW(object.end_object(), std::logic_error);
  object.value(1).end_object();
  EXPECT_THROW(object.end_object(), std::logic_error);
  EXPECT_THROW(object.value(2), std::logic_error) << "one top-level value";

  std::string other;
  JsonStream array(other);
  array.begin_array();
  EXPECT_THROW(array.key("k"), std::logic_error);
  EXPECT_FALSE(array.complete());
}

TEST(JsonStream, WholeReportHasNlohmannsLayout) {
  testing::Fixture fixture;
  const std::string text = render(Format::kJson, fixture.input(), RenderOptions{});
  EXPECT_EQ(text, nlohmann_layout(text) + "\n");
  const std::string catalogue = render_catalogue(CatalogueFormat::kJson, audit::all_checks());
  EXPECT_EQ(catalogue, nlohmann_layout(catalogue) + "\n");
}

// Members written once and appended again as bytes are the bytes written each time, in an
// empty object and after other members alike; members left open are refused.
TEST(JsonStream, AppendedMembersAreTheBytesWrittenAgain) {
  const auto members = [](JsonStream& json) {
    json.field("title", "a \"quoted\" title").key("refs").begin_object().field("cis", "4.1");
    json.key("list").begin_array().value(1).value("two").end_array().end_object();
  };
  std::string direct;
  JsonStream one(direct);
  one.begin_array();
  for (int i = 0; i < 3; ++i) {
    one.begin_object();
    members(one);
    one.field("n", i).end_object();
    one.begin_object().field("n", i);
    members(one);
    one.end_object();
  }
  one.end_array();

  std::string copied;
  JsonStream two(copied);
  two.begin_array();
  std::string first_bytes, later_bytes;
  for (int i = 0; i < 3; ++i) {
    two.begin_object();
    if (i == 0) {
      first_bytes = two.write_members(members);
    } else {
      two.append_members(first_bytes);
    }
    two.field("n", i).end_object();
    two.begin_object().field("n", i);
    if (i == 0) {
      later_bytes = two.write_members(members);
    } else {
      two.append_members(later_bytes);
    }
    two.end_object();
  }
  two.end_array();
  EXPECT_EQ(copied, direct);
  EXPECT_NE(first_bytes, later_bytes) << "the first member takes no comma";
  EXPECT_TRUE(two.complete());

  std::string out;
  JsonStream misuse(out);
  misuse.begin_object();
  EXPECT_THROW(misuse.write_members([](JsonStream& json) { json.key("open"); }), std::logic_error);
  std::string other;
  JsonStream array(other);
  array.begin_array();
  EXPECT_THROW(array.append_members("\"k\": 1"), std::logic_error);
  EXPECT_THROW(array.write_members([](JsonStream&) {}), std::logic_error);
}

}  // namespace
}  // namespace hardock::report::detail
