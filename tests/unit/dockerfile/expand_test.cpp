// Variable expansion as the Dockerfile reference documents it (Environment replacement).
#include <gtest/gtest.h>

#include <string>

#include "hardock/dockerfile/expand.h"

namespace hardock::dockerfile {
namespace {

struct Case {
  const char* word;
  const char* value;
  bool complete = true;
};

const Env& env() {
  static const Env e{{"A", "a"}, {"E", ""}, {"U", std::nullopt}, {"P", "dir/file.tar.gz"}};
  return e;
}

TEST(Expand, Table) {
  const Case cases[] = {
      {"$A", "a"},
      {"${A}", "a"},
      {"x${A}y$A", "xaya"},
      {"${A:-d}", "a"},
      {"${E:-d}", "d"},
      {"${N:-d}", "d"},
      {"${E-d}", ""},
      {"${N-d}", "d"},
      {"${A:+x}", "x"},
      {"${E:+x}", ""},
      {"${N:+x}", ""},
      {"${E+x}", "x"},
      {"${N+x}", ""},
      {"${N:-${A:-z}}", "a"},
      {"${N:-${M:-${O:-deep}}}", "deep"},
      {"\\$A", "$A"},
      {"'$A'", "$A"},
      {"\"$A\"", "a"},
      {"\"a b\"", "a b"},
      {"\"\\$A \\\" \\x\"", "$A \" \\x"},
      {"a\\ b", "a b"},
      {"${N:-'a b'}", "a b"},
      {"${P#*/}", "file.tar.gz"},
      {"${P##*.}", "gz"},
      {"${P%.*}", "dir/file.tar"},
      {"${P%%.*}", "dir/file"},
      {"${P/file/x}", "dir/x.tar.gz"},
      {"${P//./_}", "dir/file_tar_gz"},
      {"$", "$"},
      {"a$", "a$"},
      {"$1x", "x"},
      {"${U}", "", false},
      {"${U:-d}", "d", false},
      {"pre-$U", "pre-", false},
      {"${A:?must be set}", "a"},
  };
  for (const auto& c : cases) {
    const Expanded result = expand_word(c.word, env(), '\\');
    EXPECT_TRUE(result.error.empty()) << c.word << ": " << result.error;
    EXPECT_EQ(result.value, c.value) << c.word;
    EXPECT_EQ(result.complete, c.complete) << c.word;
  }
}

TEST(Expand, BacktickEscape) {
  EXPECT_EQ(expand_word("`$A", env(), '`').value, "$A");
  EXPECT_EQ(expand_word("C:\\$A", env(), '`').value, "C:\\a");
}

TEST(Expand, MalformedWordsAreErrorsNotCrashes) {
  for (const char* word : {"${A", "${A:-x", "${}", "${A:x}", "${A^}", "'open", "\"open",
                           "${N:?must be set}", "${E:?}"}) {
    EXPECT_FALSE(expand_word(word, env(), '\\').error.empty()) << word;
  }
}

TEST(Expand, DeepNestingStopsAtTheBound) {
  std::string deep;
  for (int k = 0; k < 10000; ++k) deep += "${N:-";
  deep += "x";
  for (int k = 0; k < 10000; ++k) deep += "}";
  EXPECT_EQ(expand_word(deep, env(), '\\').error, "substitutions nested too deep");
}

}  // namespace
}  // namespace hardock::dockerfile
