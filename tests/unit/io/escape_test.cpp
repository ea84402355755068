// One escaping function per output language: each reads back as exactly the input (shell,
// YAML, JSON are parsed back here), and nothing hostile survives into a terminal or Markdown.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "hardock/io/escape.h"

namespace hardock::io {
namespace {

// Hostile strings every generator must survive (issue: artefacts are code).
const std::string kHostile[] = {
    "/x\ntouch PWNED\n#",
    "a'b\"c",
    "$(touch PWNED)",
    "`touch PWNED`",
    "; rm -rf / ;",
    "\x1b]0;title\x07\x1b[2J",
    "left\u202Eright",
    "tab\there\r\n",
    "\\ back \\\\",
    "bad utf8 \xff\xfe",
    "--- !!python/object:os.system",
    "{{ template }} ${VAR} %s",
    std::string("nul\0inside", 10),
    "",
};

TEST(ValidUtf8, KeepsValidAndReplacesInvalidSequences) {
  EXPECT_EQ(valid_utf8("plain é 日本 🐳"), "plain é 日本 🐳");
  EXPECT_EQ(valid_utf8("a\xff"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(valid_utf8("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(valid_utf8("\xe6\x97"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
  EXPECT_EQ(valid_utf8("\xf4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");         // above U+10FFFF
}

TEST(TerminalSafe, ShowsControlCharactersAsText) {
  EXPECT_EQ(terminal_safe("a\x1b[2Jb\tc\nd\x7f"), "a\\x1B[2Jb c d\\x7F");
  EXPECT_EQ(terminal_safe("\xc2\x9b"
                          "31m"),
            "\\x9B31m");  // C1 CSI
  EXPECT_EQ(terminal_safe("é"), "é");
}

// printable_ascii() reads sixteen or eight bytes at a time: every byte value, at every place in
// a block and in the tail, must be judged as one byte at a time would, and terminal_safe() must
// not change.
TEST(TerminalSafe, WordAtATimeScanJudgesEveryByteAtEveryPlace) {
  // Lengths around the eight- and sixteen-byte steps, whose tails are read as the last eight or
  // sixteen bytes (some bytes twice).
  for (std::size_t length : {1U, 2U, 7U, 8U, 9U, 15U, 16U, 17U, 19U, 31U, 32U, 33U, 47U}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int value = 0; value < 256; ++value) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(value);
        const bool printable = value >= 0x20 && value < 0x7f;
        ASSERT_EQ(printable_ascii(text), printable) << "byte " << value << " at " << at;
        ASSERT_EQ(printable_ascii_except(text, '"', '\\'),
                  printable && value != '"' && value != '\\')
            << "byte " << value << " at " << at << " of " << length;
        std::string appended = "x";
        append_terminal_safe(appended, text);
        ASSERT_EQ(appended, "x" + terminal_safe(text));
        if (printable) {
          ASSERT_EQ(terminal_safe(text), text);
        }
        if (value < 0x20 || value == 0x7f) {
          ASSERT_NE(terminal_safe(text), text);
        }
      }
    }
  }
  EXPECT_TRUE(printable_ascii(""));
}

TEST(XmlEscape, EscapesMarkupAndDropsForbiddenCharacters) {
  EXPECT_EQ(xml_escape("<a href=\"x\">&'", false), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  EXPECT_EQ(xml_escape("a\nb\tc\rd", false), "a\nb\tc&#13;d");
  EXPECT_EQ(xml_escape("a\nb\tc", true), "a&#10;b&#9;c");
  EXPECT_EQ(xml_escape("\x01\x0b\xef\xbf\xbe", false), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(HtmlEscape, EscapesMarkupInTextAndAttributes) {
  EXPECT_EQ(html_escape("<script>alert('x')</script>", false),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(html_escape("\" onmouseover=\"x\" a='b' & c", true),
            "&quot; onmouseover=&quot;x&quot; a=&#39;b&#39; &amp; c");
  EXPECT_EQ(html_escape("a\nb\tc", false), "a\nb\tc");
  EXPECT_EQ(html_escape("a\nb\tc", true), "a&#10;b&#9;c");
}

TEST(HtmlEscape, ShowsControlAndBidiCharacters) {
  EXPECT_EQ(html_escape("a\x1b[31mb\rc\x7f", false), "a\\x1B[31mb\\x0Dc\\x7F");
  EXPECT_EQ(html_escape(std::string_view("\0x", 2), false), "\\x00x");
  EXPECT_EQ(html_escape("\xc2\x9b", false), "\\x9B");  // C1 CSI
  EXPECT_EQ(html_escape("a\xe2\x80\xae"
                        "b",
                        false),
            "a\\u{202E}b");                                       // RLO
  EXPECT_EQ(html_escape("\xef\xbf\xbf", false), "\xEF\xBF\xBD");  // U+FFFF
  EXPECT_EQ(html_escape("\xff\xc0\xaf", false), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(html_escape("caf\xc3\xa9 \xf0\x9f\x90\xb3", false), "caf\xc3\xa9 \xf0\x9f\x90\xb3");
}

TEST(HtmlEscape, OutputIsValidUtf8AndOpensNoMarkup) {
  std::string every_byte;
  for (int byte = 0; byte < 256; ++byte) every_byte += static_cast<char>(byte);
  for (bool attribute : {false, true}) {
    const std::string out = html_escape(every_byte + every_byte, attribute);
    EXPECT_EQ(valid_utf8(out), out);
    EXPECT_EQ(out.find('<'), std::string::npos);
    EXPECT_EQ(out.find('>'), std::string::npos);
    EXPECT_EQ(out.find('"'), std::string::npos);
    EXPECT_EQ(out.find('\''), std::string::npos);
    EXPECT_EQ(out.find('\r'), std::string::npos);
    if (attribute) {
      EXPECT_EQ(out.find('\n'), std::string::npos);
    }
  }
}

TEST(MarkdownEscape, EscapesPunctuationAndNewlines) {
  EXPECT_EQ(markdown_escape("a|b"), "a\\|b");
  EXPECT_EQ(markdown_escape("*x* _y_ `z` [l](u) <h> ~s~ & \\"),
            "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<h\\> \\~s\\~ \\& \\\\");
  EXPECT_EQ(markdown_escape("one\ntwo\x1b\x01"), "one<br>two");
}

// Runs `script` with /bin/sh and returns what it printed.
std::string run_shell(const std::string& script) {
  FILE* pipe = ::popen(("/bin/sh -c " + shell_quote(script)).c_str(), "r");
  if (pipe == nullptr) return "<popen failed>";
  std::string out;
  char buffer[256];
  size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
  ::pclose(pipe);
  return out;
}

TEST(ShellQuote, TheShellReadsBackExactlyTheInput) {
  for (const std::string& text : kHostile) {
    if (!shell_representable(text)) continue;
    SCOPED_TRACE(text);
    EXPECT_EQ(run_shell("printf %s " + shell_quote(text)), valid_utf8(text));
  }
  EXPECT_FALSE(shell_representable(std::string("a\0b", 3)));
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
}

TEST(OneLine, ACommentCanNeverEndAndStartACommand) {
  for (const std::string& text : kHostile) {
    SCOPED_TRACE(text);
    const std::string line = one_line(text);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_EQ(line.find('\x1b'), std::string::npos);
    EXPECT_EQ(line.find("\u202E"), std::string::npos);
    // As a comment in a script, nothing of it runs.
    EXPECT_EQ(run_shell("# " + line + "\necho done"), "done\n");
  }
  EXPECT_EQ(one_line("a\u202Eb"), "a\\u{202E}b");
}

TEST(YamlQuote, EveryParserReadsBackTheInput) {
  for (const std::string& text : kHostile) {
    SCOPED_TRACE(text);
    const YAML::Node node = YAML::Load("key: " + yaml_quote(text) + "\n");
    ASSERT_TRUE(node["key"].IsScalar());
    EXPECT_EQ(node["key"].as<std::string>(), valid_utf8(text));
  }
}

TEST(JsonQuote, IsValidJsonThatReadsBackTheInput) {
  for (const std::string& text : kHostile) {
    SCOPED_TRACE(text);
    const auto parsed = nlohmann::json::parse(json_quote(text));
    EXPECT_EQ(parsed.get<std::string>(), valid_utf8(text));
  }
}

TEST(TerminalSafe, BidiOverridesAreShownNotObeyed) {
  EXPECT_EQ(terminal_safe("a\u202Eb\u2066c"), "a\\u{202E}b\\u{2066}c");
  EXPECT_EQ(terminal_safe("\x1b]8;;http://x\x07"), "\\x1B]8;;http://x\\x07");
}

TEST(MarkdownCode, FenceOutgrowsBackticksInside) {
  EXPECT_EQ(markdown_code("a"), "`a`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code("`x`"), "`` `x` ``");
  EXPECT_EQ(markdown_code("a\nb"), "`a b`");
}

TEST(Truncate, CutsOnACodePointAndNamesTheLength) {
  EXPECT_EQ(truncate("short", 10), "short");
  EXPECT_EQ(truncate(std::string(100, 'x'), 4), "xxxx... [100 bytes]");
  // "é" is two bytes: a cut inside it moves back to before it.
  EXPECT_EQ(truncate("aé", 2), "a... [3 bytes]");
}

}  // namespace
}  // namespace hardock::io
