// Docker CLI contexts, read the way the docker CLI stores them (a directory per context named by
// the SHA-256 of its name); the files here are written by the real `docker context create` in
// the engine test, and by hand here for the cases the CLI would not make.
#include "hardock/docker/context.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

namespace hardock::docker {
namespace {

class Contexts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::string(::testing::TempDir()) + "hardock-contexts-" + std::to_string(getpid());
    std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str());
    env_["DOCKER_CONFIG"] = dir_;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  void write(const std::string& relative, const std::string& text) {
    const std::string path = dir_ + "/" + relative;
    std::system(("mkdir -p $(dirname " + path + ")").c_str());
    std::ofstream(path) << text;
  }
  EnvGetter env() const {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }

  std::string dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(Contexts, NoneOrDefaultMeansNoContext) {
  auto none = current_context(env());
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  write("config.json", R"({"currentContext":"default"})");
  auto fallback = current_context(env());
  ASSERT_TRUE(fallback.has_value());
  EXPECT_FALSE(fallback->has_value());
}

TEST_F(Contexts, ANamedContextThatDoesNotExistIsAnError) {
  env_["DOCKER_CONTEXT"] = "nosuch";
  auto context = current_context(env());
  ASSERT_FALSE(context.has_value());
  EXPECT_EQ(context.error().code, core::ErrorCode::kNotFound);
  EXPECT_NE(context.error().to_string().find("docker context nosuch"), std::string::npos);
}

TEST_F(Contexts, CurrentContextFromConfigWithItsTlsFiles) {
  write("config.json", R"({"currentContext":"prod"})");
  std::string id;
  {
    // The directory name is the SHA-256 of the name; compute it as the CLI does.
    FILE* pipe = ::popen("printf %s prod | sha256sum | cut -d' ' -f1", "r");
    char buffer[80] = {};
    ASSERT_NE(std::fgets(buffer, sizeof buffer, pipe), nullptr);
    ::pclose(pipe);
    id = std::string(buffer).substr(0, 64);
  }
  write(
      "contexts/meta/" + id + "/meta.json",
      R"({"Name":"prod","Endpoints":{"docker":{"Host":"tcp://10.0.0.5:2376","SkipTLSVerify":false}}})");
  write("contexts/tls/" + id + "/docker/ca.pem", "x");
  write("contexts/tls/" + id + "/docker/cert.pem", "x");
  auto context = current_context(env());
  ASSERT_TRUE(context.has_value()) << context.error().to_string();
  ASSERT_TRUE(context->has_value());
  EXPECT_EQ((*context)->host, "tcp://10.0.0.5:2376");
  EXPECT_EQ((*context)->ca, dir_ + "/contexts/tls/" + id + "/docker/ca.pem");
  EXPECT_TRUE((*context)->key.empty());
  // DOCKER_CONTEXT wins over currentContext.
  env_["DOCKER_CONTEXT"] = "default";
  auto overridden = current_context(env());
  ASSERT_TRUE(overridden.has_value());
  EXPECT_FALSE(overridden->has_value());
}

TEST_F(Contexts, HostileMetadataIsAClearError) {
  env_["DOCKER_CONTEXT"] = "x";
  FILE* pipe = ::popen("printf %s x | sha256sum | cut -d' ' -f1", "r");
  char buffer[80] = {};
  ASSERT_NE(std::fgets(buffer, sizeof buffer, pipe), nullptr);
  ::pclose(pipe);
  const std::string id = std::string(buffer).substr(0, 64);
  write("contexts/meta/" + id + "/meta.json", std::string(100000, '[') + std::string(100000, ']'));
  auto deep = current_context(env());
  ASSERT_FALSE(deep.has_value());
  EXPECT_NE(deep.error().to_string().find("nested deeper"), std::string::npos);
  write("contexts/meta/" + id + "/meta.json", R"({"Endpoints":{"docker":{"Host":7}}})");
  auto typed = current_context(env());
  ASSERT_FALSE(typed.has_value());
  EXPECT_EQ(typed.error().code, core::ErrorCode::kMalformedInput);
}

}  // namespace
}  // namespace hardock::docker
