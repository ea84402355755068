// The secret rules: what they find, what they leave alone, and that no match carries a secret.
#include "hardock/secrets/secrets.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

namespace hardock::secrets {
namespace {

TEST(SecretsInText, FindsEachKindWithItsPosition) {
  // Fake credentials in the issuers' documented shapes.
  const std::string text =
      "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
      "curl https://deploy:hunter22@git.example.com/repo.git\n"
      "-----BEGIN OPENSSH PRIVATE KEY-----\n"
      "token ghp_0123456789abcdefghijABCDEFGHIJ012345\n";
  const auto found = in_text(text);
  std::vector<std::string> rules;
  for (const auto& match : found) rules.push_back(match.rule);
  EXPECT_EQ(rules, (std::vector<std::string>{"aws-access-key-id", "aws-secret-access-key",
                                             "url-credentials", "private-key", "github-token"}));
  EXPECT_EQ(text.substr(found[0].offset, found[0].length), "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(found[0].redacted, "AKIA****************");
  EXPECT_EQ(text.substr(found[2].offset, found[2].length), "hunter22");
  for (const auto& match : found) {
    const std::string secret = text.substr(match.offset, match.length);
    if (secret.size() > 4) {
      EXPECT_EQ(match.redacted.find(secret.substr(4)), std::string::npos);
    }
  }
}

TEST(SecretsInText, LeavesOrdinaryTextAlone) {
  EXPECT_TRUE(in_text("apt-get install -y curl && rm -rf /var/lib/apt/lists/*").empty());
  EXPECT_TRUE(in_text("-----BEGIN CERTIFICATE-----").empty());
  EXPECT_TRUE(in_text("https://example.com/path@v1").empty());
}

// in_text looks for a literal of some rule before it runs the rules: each rule, alone in a word
// of its own and in every case its pattern allows, is still found.
TEST(SecretsInText, FindsEachRuleAlone) {
  const std::string key40(40, 'K');
  const std::pair<std::string, std::string> cases[] = {
      {"-----BEGIN RSA PRIVATE KEY-----", "private-key"},
      {"AKIAIOSFODNN7EXAMPLE", "aws-access-key-id"},
      {"ASIAIOSFODNN7EXAMPLE", "aws-access-key-id"},
      {"ABIAIOSFODNN7EXAMPLE", "aws-access-key-id"},
      {"ACCAIOSFODNN7EXAMPLE", "aws-access-key-id"},
      {"A3TXIOSFODNN7EXAMPLE", "aws-access-key-id"},
      {"aws_secret_access_key=" + key40, "aws-secret-access-key"},
      {"AWS_SECRET_ACCESS_KEY=" + key40, "aws-secret-access-key"},
      {"aWsSecretAccessKey: " + key40, "aws-secret-access-key"},
      {"Aws_Secret_AccessKey='" + key40, "aws-secret-access-key"},
      {"aW\xC5\xBFSecretAccessKey: " + key40, "aws-secret-access-key"},  // U+017F folds to s
      {"ghp_" + std::string(36, 'a'), "github-token"},
      {"ghs_" + std::string(36, 'a'), "github-token"},
      {"ghr_" + std::string(36, 'a'), "github-token"},
      {"glpat-" + std::string(20, 'b'), "gitlab-token"},
      {"xoxb-" + std::string(12, 'c'), "slack-token"},
      {"AIza" + std::string(35, 'd'), "google-api-key"},
      {"rk_live_" + std::string(24, 'e'), "stripe-key"},
      {"npm_" + std::string(36, 'f'), "npm-token"},
      {"_authToken=" + std::string(12, 'g'), "npmrc-auth-token"},
      {"eyJ" + std::string(12, 'h') + ".eyJ" + std::string(12, 'i') + "." + std::string(12, 'j'),
       "jwt"},
      {"ftp://user:hunter22@example.com", "url-credentials"},
      {"a://b:ccc@", "url-credentials"},  // the shortest text any rule matches
      {"\"auth\": \"ZGVwbG95Omh1bnRlcjIy\"", "docker-auth"},
  };
  // After nothing, one and two spaces: in_text reads every other position for the literals.
  for (const std::string prefix : {"", " ", "  "}) {
    for (const auto& [alone, rule] : cases) {
      const std::string text = prefix + alone;
      const auto found = in_text(text);
      ASSERT_FALSE(found.empty()) << text;
      EXPECT_EQ(found.front().rule, rule) << text;
    }
  }
  EXPECT_TRUE(in_text("ftp://user:hunter22.example.com").empty());  // no '@': no credentials
  EXPECT_TRUE(in_text("a://b:cc@").empty());
}

// Texts that hold a rule's first bytes again and again stay linear: "://" without an '@' after
// it was a search to the end of the text for each "://".
TEST(SecretsInText, RepeatedLiteralsStayLinear) {
  std::string text;
  for (int k = 0; k < 200'000; ++k) text += "://";
  EXPECT_TRUE(in_text(text).empty());
  EXPECT_TRUE(in_text(std::string(600'000, 'a') + "w").empty());
  EXPECT_TRUE(in_text(text + "x@y").empty());  // no user:password before the '@'
}

TEST(SecretsInAssignment, NamesAndValues) {
  auto named = in_assignment("DB_PASSWORD", "s3cr3t");
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->rule, "secret-named-variable");
  EXPECT_EQ(named->redacted, "****");
  EXPECT_TRUE(in_assignment("MYSQL_ROOT_PASSWORD", "x").has_value());
  EXPECT_TRUE(in_assignment("GITHUB_TOKEN", "abc").has_value());
  auto by_value = in_assignment("OPTS", "--key=AKIAIOSFODNN7EXAMPLE");
  ASSERT_TRUE(by_value.has_value());
  EXPECT_EQ(by_value->rule, "aws-access-key-id");
  // Not secrets: references, empty values, look-alike names, accepted keys.
  EXPECT_FALSE(in_assignment("DB_PASSWORD_FILE", "/run/secrets/db").has_value());
  EXPECT_FALSE(in_assignment("DB_PASSWORD", "${DB_PASSWORD}").has_value());
  EXPECT_FALSE(in_assignment("DB_PASSWORD", "").has_value());
  EXPECT_FALSE(in_assignment("PASSENGER_COUNT", "3").has_value());
  EXPECT_FALSE(in_assignment("AUTHOR", "me").has_value());
  EXPECT_FALSE(in_assignment("PATH", "/usr/bin").has_value());
  EXPECT_FALSE(in_assignment("API_TOKEN", "dummy", {"api_token"}).has_value());
}

TEST(SecretFiles, ByName) {
  EXPECT_EQ(file_rule("root/.ssh/id_rsa"), "ssh-private-key-file");
  EXPECT_EQ(file_rule("home/ci/.git-credentials"), "git-credentials-file");
  EXPECT_EQ(file_rule("app/.env"), "dotenv-file");
  EXPECT_EQ(file_rule("app/.env.production"), "dotenv-file");
  EXPECT_FALSE(file_rule("app/.env.example").has_value());
  EXPECT_EQ(file_rule("root/.aws/credentials"), "aws-credentials-file");
  EXPECT_FALSE(file_rule("etc/credentials").has_value());
  EXPECT_FALSE(file_rule("usr/bin/id_rsa_tool").has_value());
}

TEST(SecretsInText, HostileInputIsLinearAndBounded) {
  std::string many;
  for (int index = 0; index < 10000; ++index) many += "AKIAIOSFODNN7EXAMPLE ";
  const auto found = in_text(many);
  EXPECT_EQ(found.size(), 100u);  // reported, not enumerated
  EXPECT_TRUE(in_text(std::string(1 << 20, 'a')).empty());
}

// Eight token rules are matched as code: on generated text near their shapes (prefixes, runs of
// their classes of every length around their bounds, boundaries, several tokens in a row) they
// find exactly what their RE2 patterns find, and the literal filter loses none of them.
TEST(SecretsInText, CodedRulesFindWhatTheirPatternsFind) {
  const std::vector<std::string> pieces = {"ghp_",
                                           "gho_",
                                           "ghx_",
                                           "gh",
                                           "AKIA",
                                           "ASIA",
                                           "ABIA",
                                           "ACCA",
                                           "A3T",
                                           "A3",
                                           "xoxb-",
                                           "xoxz-",
                                           "xox",
                                           "AIza",
                                           "sk_live_",
                                           "rk_live_",
                                           "_live_",
                                           "npm_",
                                           "eyJ",
                                           ".eyJ",
                                           ".",
                                           "-",
                                           "_",
                                           " ",
                                           "\n",
                                           "=",
                                           ":",
                                           "/",
                                           "glpat-",
                                           "://",
                                           "@",
                                           "aws",
                                           "\xC5",
                                           "a",
                                           "Z",
                                           "9",
                                           "eyJabcdefghi",
                                           ".eyJ0123456789-",
                                           ".abc_def-ghij",
                                           "AKIAABCDEFGHIJKLMNOP",
                                           "A3TXABCDEFGHIJKLMNOP",
                                           "ABCDEFGHIJKLMNOP",
                                           "0123456789"};
  const std::string classes[] = {"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                                 "abcXYZ019-", "abcXYZ0189_-."};
  std::mt19937 random(12);  // fixed: the same texts every run
  std::size_t found = 0;
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string text;
    const auto count = random() % 12;
    for (std::size_t piece = 0; piece < count; ++piece) {
      if (random() % 3 != 0) {
        text += pieces[random() % pieces.size()];
        continue;
      }
      const std::string& cls = classes[random() % std::size(classes)];
      const auto length = random() % 8 == 0 ? random() % 300 : random() % 60;
      for (std::size_t k = 0; k < length; ++k) text += cls[random() % cls.size()];
    }
    const auto coded = in_text(text);
    const auto patterns = in_text_by_patterns(text);
    found += patterns.size();
    ASSERT_EQ(coded.size(), patterns.size()) << text;
    for (std::size_t k = 0; k < coded.size(); ++k) {
      EXPECT_EQ(coded[k].rule, patterns[k].rule) << text;
      EXPECT_EQ(coded[k].offset, patterns[k].offset) << text;
      EXPECT_EQ(coded[k].length, patterns[k].length) << text;
      EXPECT_EQ(coded[k].redacted, patterns[k].redacted) << text;
    }
  }
  EXPECT_GT(found, 500u);  // the texts do hold tokens
}

TEST(SecretsInText, CodedRulesAreLinear) {
  // Starts of a JWT and of tokens in one long run: each start shares the run's measured end.
  std::string jwt;
  for (int index = 0; index < 100000; ++index) jwt += "-eyJ";
  EXPECT_TRUE(in_text(jwt).empty());
  std::string slack;
  for (int index = 0; index < 100000; ++index) slack += " xoxb-abc";
  EXPECT_TRUE(in_text(slack).empty());
  std::string github = " ghp_" + std::string(1 << 20, 'a');
  EXPECT_TRUE(in_text(github).empty());  // longer than 255: no word boundary within reach
}

}  // namespace
}  // namespace hardock::secrets
