// The minimisation plan on image trees walked from in-memory layers, with the inventory the
// real analyzers read from them; the Dockerfile snippet run by /bin/sh against stub commands.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hardock/image/minimise.h"
#include "package_test_util.h"

namespace hardock::image {
namespace {

using namespace test;  // NOLINT: the TarItem factories

std::string status_stanza(const std::string& name) {
  return "Package: " + name +
         "\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0\n\n";
}

TarItem setuid(std::string path, std::string data, unsigned mode = 04755) {
  return file(std::move(path), std::move(data), mode);
}

// A merged-/usr Debian image: bin -> usr/bin, and dpkg file lists that name /bin paths.
std::vector<std::vector<TarItem>> debian_layers() {
  return {
      {symlink("bin", "usr/bin"),
       symlink("sbin", "usr/sbin"),
       dir("usr/bin"),
       dir("usr/sbin"),
       file("etc/os-release", "ID=debian\nVERSION_ID=12\n"),
       file("usr/bin/bash", std::string(1000, 'b')),
       file("usr/bin/dash", std::string(500, 'd')),
       symlink("usr/bin/sh", "dash"),
       file("usr/bin/apt-get", std::string(200, 'a')),
       file("usr/bin/dpkg", std::string(150, 'p')),
       setuid("usr/bin/passwd", std::string(60, 'w')),
       setuid("usr/bin/su", std::string(40, 's')),
       setuid("usr/bin/chage", std::string(30, 'c'), 02755),
       file("usr/sbin/nologin", "n"),
       file("etc/passwd",
            "root:x:0:0:root:/root:/bin/bash\n"
            "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
            "sync:x:4:65534:sync:/bin:/bin/sync\n"
            "app:x:1000:1000::/home/app:/bin/bash\n"
            "bob:x:1001:1001::/home/bob:/bin/sh\n"),
       file("var/lib/dpkg/status", status_stanza("bash") + status_stanza("dash") +
                                       status_stanza("apt") + status_stanza("dpkg") +
                                       status_stanza("passwd") + status_stanza("login")),
       file("var/lib/dpkg/info/bash.list", "/.\n/bin\n/bin/bash\n"),
       file("var/lib/dpkg/info/dash.list", "/.\n/bin\n/bin/dash\n/bin/sh\n"),
       file("var/lib/dpkg/info/apt.list", "/.\n/usr/bin/apt-get\n"),
       file("var/lib/dpkg/info/dpkg.list", "/.\n/usr/bin/dpkg\n"),
       file("var/lib/dpkg/info/passwd.list", "/.\n/usr/bin/passwd\n/usr/bin/chage\n"),
       file("var/lib/dpkg/info/login.list", "/.\n/bin/su\n")},
      // The application layer: curl and an SSH server, and the apt lists of the install.
      {file("usr/bin/curl", std::string(300, 'u')),
       file("usr/share/doc/curl/copyright", std::string(50, 'x')),
       file("usr/sbin/sshd", std::string(700, 'h')), file("usr/bin/ssh", std::string(400, 'i')),
       file("usr/bin/scp", std::string(100, 'j')),
       file("var/lib/apt/lists/deb.debian.org_Packages", std::string(5000, 'l')),
       file("var/lib/apt/lists/lock", ""), dir("var/cache/apt/archives/partial"),
       file("var/lib/dpkg/status", status_stanza("bash") + status_stanza("dash") +
                                       status_stanza("apt") + status_stanza("dpkg") +
                                       status_stanza("passwd") + status_stanza("login") +
                                       status_stanza("curl") + status_stanza("openssh-server") +
                                       status_stanza("openssh-client")),
       file("var/lib/dpkg/info/curl.list", "/.\n/usr/bin/curl\n/usr/share/doc/curl/copyright\n"),
       file("var/lib/dpkg/info/openssh-server.list", "/.\n/usr/sbin/sshd\n"),
       file("var/lib/dpkg/info/openssh-client.list", "/.\n/usr/bin/ssh\n/usr/bin/scp\n"),
       file("app/server", std::string(2000, 'S'), 0755)},
  };
}

ImageConfig app_config() {
  ImageConfig config;
  config.user = "app";
  config.entrypoint = {"/app/server"};
  config.cmd = {"--port", "8080"};
  return config;
}

std::string row(const MinimiseItem& item) {
  std::string paths;
  for (const auto& path : item.paths) paths += (paths.empty() ? "" : ",") + path;
  return std::string(to_string(item.kind)) + "|" + item.name + "|" +
         std::string(to_string(item.action)) + "|" + item.package + "|" +
         std::to_string(item.size) + "|" + paths + "|" + item.detail;
}

std::vector<std::string> rows(const MinimisePlan& plan) {
  std::vector<std::string> out;
  for (const auto& item : plan.items) out.push_back(row(item));
  return out;
}

TEST(MinimisePlan, DebianItemsOwnersAndSizesAreExact) {
  const ImageTree tree = layered_tree(debian_layers());
  const Inventory inventory = analyze_image(tree);
  ASSERT_TRUE(inventory.errors.empty()) << inventory.errors.front();
  const MinimisePlan plan = make_minimise_plan(tree, inventory, app_config());
  EXPECT_EQ(rows(plan),
            (std::vector<std::string>{
                "shell|sh|remove-paths|dash|0|usr/bin/sh|",
                "shell|bash|remove-paths|bash|1000|usr/bin/bash|",
                "shell|dash|remove-paths|dash|500|usr/bin/dash|",
                "package-manager|apt-get|remove-paths|apt|200|usr/bin/apt-get|",
                "package-manager|dpkg|remove-paths|dpkg|150|usr/bin/dpkg|",
                "network-tool|curl|purge-package|curl|300|usr/bin/curl|",
                "network-tool|ssh|purge-package|openssh-client|400|usr/bin/ssh|",
                "network-tool|scp|purge-package|openssh-client|100|usr/bin/scp|",
                "ssh-server|sshd|purge-package|openssh-server|700|usr/sbin/sshd|",
                "privilege-tool|su|remove-paths|login|40|usr/bin/su|",
                "setuid-bit|chage|clear-setuid|passwd|0|usr/bin/chage|2755",
                "setuid-bit|passwd|clear-setuid|passwd|0|usr/bin/passwd|4755",
                "login-user|root|disable-login||0||/bin/bash",  // the image runs as app
                "login-user|bob|disable-login||0||/bin/sh",
                "package-cache|var/lib/apt/lists|clear-directory||5000|var/lib/apt/lists|",
            }));
  ASSERT_EQ(plan.purges.size(), 3U);
  EXPECT_EQ(plan.purges[0].name, "curl");
  EXPECT_EQ(plan.purges[0].size, 350);  // the binary and its documentation
  EXPECT_EQ(plan.purges[1].name, "openssh-server");
  EXPECT_EQ(plan.purges[2].name, "openssh-client");
  EXPECT_EQ(plan.purges[2].size, 500);
  // bash 1000 + dash 500 + apt-get 200 + dpkg 150 + su 40 + curl 350 + ssh/scp 500 + sshd 700
  // + the apt lists 5000.
  EXPECT_EQ(plan.total_size, 8440);
  EXPECT_EQ(plan.package_manager, "apt-get");
  EXPECT_EQ(plan.nologin_shell, "/usr/sbin/nologin");
  EXPECT_EQ(plan.application, "app/server");
  EXPECT_EQ(plan.libc, "");
}

TEST(MinimisePlan, RootImageKeepsRootsShellAndNothingFoundIsAnEmptyPlan) {
  const ImageTree tree = layered_tree(debian_layers());
  const Inventory inventory = analyze_image(tree);
  ImageConfig root;
  const MinimisePlan plan = make_minimise_plan(tree, inventory, root);
  std::vector<std::string> users;
  for (const auto& item : plan.items) {
    if (item.kind == MinimiseKind::kLoginUser) users.push_back(item.name);
  }
  EXPECT_EQ(users, (std::vector<std::string>{"app", "bob"}));

  const ImageTree empty = layered_tree({{file("app/server", "x", 0755)}});
  const MinimisePlan none = make_minimise_plan(empty, analyze_image(empty), root);
  EXPECT_TRUE(none.items.empty());
  EXPECT_EQ(none.total_size, 0);
  EXPECT_EQ(render_dockerfile_snippet(none), "# hardock minimisation plan: nothing to remove.\n");
}

TEST(MinimisePlan, DockerfileSnippetForTheDebianImage) {
  const ImageTree tree = layered_tree(debian_layers());
  const MinimisePlan plan = make_minimise_plan(tree, analyze_image(tree), app_config());
  EXPECT_EQ(
      render_dockerfile_snippet(plan),
      "# hardock minimisation plan: 15 items, 8.2 KiB (8440 bytes) freed.\n"
      "# Review it before use, and put it last: without a shell or a package manager later RUN\n"
      "# instructions and `docker exec` debugging stop working.\n"
      "USER root\n"
      "RUN set -eu; \\\n"
      "    apt-get purge -y 'curl' 'openssh-server' 'openssh-client'; \\\n"
      "    find '/var/lib/apt/lists' -mindepth 1 -delete; \\\n"
      "    usermod -s '/usr/sbin/nologin' -- 'root'; \\\n"
      "    usermod -s '/usr/sbin/nologin' -- 'bob'; \\\n"
      "    chmod u-s,g-s '/usr/bin/chage' '/usr/bin/passwd'; \\\n"
      "    rm -rf -- '/usr/bin/sh' '/usr/bin/bash' '/usr/bin/dash' '/usr/bin/apt-get' \\\n"
      "      '/usr/bin/dpkg' '/usr/bin/su'\n"
      "USER app\n");
}

TEST(MinimisePlan, MultiStageSuggestion) {
  const ImageTree tree = layered_tree(debian_layers());
  const MinimisePlan plan = make_minimise_plan(tree, analyze_image(tree), app_config());
  const std::string text = render_multistage_suggestion(plan, "registry.example/app:1.2");
  EXPECT_NE(text.find("FROM registry.example/app:1.2 AS app\n"), std::string::npos) << text;
  EXPECT_NE(text.find("FROM gcr.io/distroless/static-debian12\n"), std::string::npos) << text;
  EXPECT_NE(text.find("COPY --from=app /app/server /app/server\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ENTRYPOINT [\"/app/server\"]\nCMD [\"--port\", \"8080\"]\n"),
            std::string::npos)
      << text;
  const std::string hostile = render_multistage_suggestion(plan, "evil\nRUN rm -rf /");
  EXPECT_EQ(hostile.find("\nRUN"), std::string::npos) << hostile;
  EXPECT_NE(hostile.find("FROM IMAGE AS app\n"), std::string::npos) << hostile;
}

TEST(MinimisePlan, JsonAndText) {
  const ImageTree tree = layered_tree(debian_layers());
  const MinimisePlan plan = make_minimise_plan(tree, analyze_image(tree), app_config());
  const auto json = nlohmann::json::parse(minimise_plan_json(plan));
  EXPECT_EQ(json["total_size"], 8440);
  EXPECT_EQ(json["items"].size(), 15U);
  EXPECT_EQ(json["items"][5]["kind"], "network-tool");
  EXPECT_EQ(json["items"][5]["action"], "purge-package");
  EXPECT_EQ(json["items"][5]["paths"], nlohmann::json::array({"/usr/bin/curl"}));
  EXPECT_EQ(json["items"][5]["package"], "curl");
  EXPECT_EQ(json["items"][5]["size"], 300);
  EXPECT_EQ(json["purges"][0]["size"], 350);
  const std::string text = render_minimise_plan_text(plan);
  EXPECT_NE(text.find("network-tool  curl  (deb curl)  300 B  purge-package  /usr/bin/curl\n"),
            std::string::npos)
      << text;
}

std::string apk_entry(const std::string& name, const std::string& files) {
  return "P:" + name + "\nV:1.0-r0\nA:x86_64\no:" + name + "\n" + files + "\n";
}

// Alpine: busybox links, apk-tools, a curl package, the apk cache; ownership from the
// installed database's F:/R: lines.
TEST(MinimisePlan, AlpineWithBusyboxLinksAndApk) {
  const ImageTree tree = layered_tree({{
      file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"),
      file("bin/busybox", std::string(800, 'b'), 0755),
      symlink("bin/sh", "/bin/busybox"),
      symlink("usr/bin/wget", "/bin/busybox"),
      file("sbin/apk", std::string(90, 'a'), 0755),
      file("usr/bin/curl", std::string(250, 'c'), 0755),
      file("usr/lib/libcurl.so.4", std::string(600, 'l')),
      file("var/cache/apk/APKINDEX.abc.tar.gz", std::string(1234, 'i')),
      file("sbin/nologin", "n", 0755),
      file("etc/passwd", "root:x:0:0:root:/root:/bin/ash\nnobody:x:65534:65534::/:/sbin/nologin\n"),
      file("lib/apk/db/installed",
           apk_entry("musl", "F:lib\nR:ld-musl-x86_64.so.1\n") +
               apk_entry("busybox", "F:bin\nR:busybox\nF:usr/bin\nR:wget\n") +
               apk_entry("busybox-binsh", "F:bin\nR:sh\n") +
               apk_entry("apk-tools", "F:sbin\nR:apk\n") +
               apk_entry("curl", "F:usr/bin\nR:curl\n") +
               apk_entry("libcurl", "F:usr/lib\nR:libcurl.so.4\n")),
  }});
  const Inventory inventory = analyze_image(tree);
  ASSERT_TRUE(inventory.errors.empty()) << inventory.errors.front();
  ImageConfig config;
  config.user = "65534";
  config.cmd = {"curl", "--version"};
  const MinimisePlan plan = make_minimise_plan(tree, inventory, config);
  EXPECT_EQ(rows(plan), (std::vector<std::string>{
                            "shell|sh|remove-paths|busybox-binsh|0|bin/sh|",
                            "package-manager|apk|remove-paths|apk-tools|90|sbin/apk|",
                            "network-tool|wget|remove-paths|busybox|0|usr/bin/wget|",
                            "login-user|root|disable-login||0||/bin/ash",
                            "package-cache|var/cache/apk|clear-directory||1234|var/cache/apk|",
                        }));
  EXPECT_EQ(plan.total_size, 90 + 1234);
  // The image runs curl: it stays, and says so.
  EXPECT_EQ(plan.notes, (std::vector<std::string>{"kept /usr/bin/curl: the image runs it"}));
  EXPECT_TRUE(plan.purges.empty());
  EXPECT_EQ(plan.package_manager, "apk");
  EXPECT_EQ(plan.nologin_shell, "/sbin/nologin");
  EXPECT_EQ(plan.libc, "musl");
  EXPECT_TRUE(plan.busybox);
  EXPECT_EQ(plan.application, "usr/bin/curl");
  const std::string snippet = render_dockerfile_snippet(plan);
  EXPECT_NE(snippet.find("# busybox stays"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("# Alpine: usermod comes with the shadow package"), std::string::npos)
      << snippet;
  EXPECT_NE(snippet.find("USER 65534\n"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("apk del"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("# Note: kept /usr/bin/curl: the image runs it\n"), std::string::npos)
      << snippet;

  // An image that runs something else loses curl too (apk del: libcurl stays).
  ImageConfig other = config;
  other.cmd = {"/app"};
  const MinimisePlan without_curl = make_minimise_plan(tree, inventory, other);
  EXPECT_EQ(without_curl.total_size, 90 + 250 + 1234);
  EXPECT_NE(render_dockerfile_snippet(without_curl).find("    apk del 'curl'; \\\n"),
            std::string::npos)
      << render_dockerfile_snippet(without_curl);

  const std::string suggestion = render_multistage_suggestion(plan, "alpine:3.19");
  EXPECT_NE(suggestion.find("FROM scratch\n"), std::string::npos) << suggestion;
  EXPECT_NE(suggestion.find("COPY --from=app /usr/bin/curl /usr/bin/curl\n"), std::string::npos)
      << suggestion;
}

Package rpm_package(std::string name, std::vector<std::string> files) {
  Package package;
  package.ecosystem = "rpm";
  package.name = std::move(name);
  package.version = "1.0-1.el9";
  package.files = std::move(files);
  return package;
}

// An rpm image with dnf: a purgeable package is removed with dnf; the base packages are not.
TEST(MinimisePlan, RpmWithDnf) {
  const ImageTree tree = layered_tree({{
      symlink("bin", "usr/bin"),
      dir("usr/bin"),
      file("usr/bin/bash", std::string(700, 'b')),
      file("usr/bin/dnf", std::string(20, 'd')),
      file("usr/bin/curl", std::string(300, 'c')),
      setuid("usr/bin/sudo", std::string(200, 's'), 04111),
  }});
  Inventory inventory = analyze_image(tree);
  inventory.os.id = "rhel";
  inventory.packages = {rpm_package("bash", {"usr/bin/bash", "bin/bash"}),
                        rpm_package("dnf", {"usr/bin/dnf"}), rpm_package("curl", {"usr/bin/curl"}),
                        rpm_package("sudo", {"usr/bin/sudo", "etc/sudoers"})};
  const MinimisePlan plan = make_minimise_plan(tree, inventory, ImageConfig{});
  EXPECT_EQ(rows(plan), (std::vector<std::string>{
                            "shell|bash|remove-paths|bash|700|usr/bin/bash|",
                            "package-manager|dnf|remove-paths|dnf|20|usr/bin/dnf|",
                            "network-tool|curl|purge-package|curl|300|usr/bin/curl|",
                            "privilege-tool|sudo|purge-package|sudo|200|usr/bin/sudo|",
                        }));
  EXPECT_EQ(plan.total_size, 1220);
  EXPECT_EQ(plan.nologin_shell, "/bin/false");
  const std::string snippet = render_dockerfile_snippet(plan);
  EXPECT_NE(snippet.find("    dnf remove -y 'curl' 'sudo'; \\\n"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("    rm -rf -- '/usr/bin/bash' '/usr/bin/dnf'\n"), std::string::npos)
      << snippet;
  EXPECT_EQ(snippet.find("USER"), std::string::npos) << snippet;  // runs as root already
}

TEST(MinimisePlan, AnImageUserThatCannotBeWrittenIsACommentNotAnInstruction) {
  const ImageTree tree = layered_tree({{file("bin/bash", "b")}});
  ImageConfig config;
  config.user = "app\nRUN touch /pwned";
  const std::string snippet =
      render_dockerfile_snippet(make_minimise_plan(tree, analyze_image(tree), config));
  EXPECT_EQ(snippet.find("\nRUN touch"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("# The image's user cannot be written in a USER line: [app RUN touch "
                         "/pwned]; set USER again yourself.\n"),
            std::string::npos)
      << snippet;
  const std::string suggestion =
      render_multistage_suggestion(make_minimise_plan(tree, analyze_image(tree), config), "app");
  EXPECT_EQ(suggestion.find("\nRUN touch"), std::string::npos) << suggestion;
}

// --- hostile names, run by a real shell ---------------------------------------------------

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hardock-minimise-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The RUN instruction's shell text, continuation lines joined as the Dockerfile parser does.
std::string run_body(const std::string& snippet) {
  const auto start = snippet.find("\nRUN ");
  if (start == std::string::npos) return {};
  std::string body;
  std::size_t at = start + 5;
  while (at < snippet.size()) {
    auto end = snippet.find('\n', at);
    if (end == std::string::npos) end = snippet.size();
    std::string line = snippet.substr(at, end - at);
    at = end + 1;
    if (line.ends_with("\\")) {
      body += line.substr(0, line.size() - 1);
      continue;
    }
    body += line;
    break;
  }
  return body;
}

// Runs `body` with `/bin/sh -c` in `dir`, PATH holding only stubs of the commands the snippet
// uses, each logging its name and arguments (NUL-separated, one record per call).
std::vector<std::vector<std::string>> run_with_stubs(const std::string& body,
                                                     const ScratchDir& dir) {
  const auto stubs = dir.path() / "stubs";
  std::filesystem::create_directory(stubs);
  for (const char* name : {"apt-get", "apk", "find", "usermod", "chmod", "rm", "dnf", "rpm"}) {
    const auto stub = stubs / name;
    std::ofstream(stub) << "#!/bin/sh\nprintf '%s\\0' \"${0##*/}\" \"$@\" >> \"$LOG\"\n"
                           "printf '\\n\\0' >> \"$LOG\"\n";
    std::filesystem::permissions(stub, std::filesystem::perms::owner_all);
  }
  const auto script = dir.path() / "run-body";
  std::ofstream(script, std::ios::binary) << body;
  const auto log = dir.path() / "log";
  const std::string command = "cd '" + dir.path().string() + "' && env -i PATH='" + stubs.string() +
                              "' LOG='" + log.string() + "' /bin/sh -c \"$(cat '" +
                              script.string() + "')\" 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer{};
  std::size_t read = 0;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), read);
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output << "\n" << body;

  std::vector<std::vector<std::string>> calls(1);
  const std::string bytes = read_file(log.string());
  std::size_t at = 0;
  while (at < bytes.size()) {
    const auto nul = bytes.find('\0', at);
    if (nul == std::string::npos) break;
    std::string word = bytes.substr(at, nul - at);
    at = nul + 1;
    if (word == "\n") {
      calls.emplace_back();
    } else {
      calls.back().push_back(std::move(word));
    }
  }
  calls.pop_back();
  return calls;
}

TEST(MinimisePlan, HostileNamesAreQuotedOrLeftOutAndNothingIsInjected) {
  const std::string newline_path = "usr/bin/a\nrm -rf /tmp/victim";
  const ImageTree tree = layered_tree({{
      file("usr/bin/bash", "b"),
      file("sbin/apk", "apk"),
      setuid("usr/bin/$(touch x)", "1"),
      setuid("usr/bin/it's", "2"),
      setuid("usr/local/bin/`touch y`;", "3"),
      setuid(newline_path, "4"),
      setuid("usr/bin/<<EOF", "5"),
      setuid("usr/bin/-rf", "6"),
      setuid("usr/bin/a\\", "7"),
      file("etc/passwd",
           "root:x:0:0::/root:/bin/sh\n"
           "$(touch z):x:1001:1001::/home:/bin/sh\n"
           "-rf:x:1002:1002::/home:/bin/sh\n"
           "a'b\";touch w:x:1003:1003::/home:/bin/ash\n"),
      file("lib/apk/db/installed", "P:curl\nV:8.5.0-r0\nA:x86_64\n\n"),
      file("usr/bin/curl", std::string(10, 'c')),
  }});
  Inventory inventory = analyze_image(tree);
  // Package names from a hostile database: one reads as an option, one as a command.
  Package option;
  option.ecosystem = "apk";
  option.name = "--force-broken-world";
  option.files = {"usr/bin/curl"};
  inventory.packages.insert(inventory.packages.begin(), option);
  ImageConfig config;
  config.user = "0";
  const MinimisePlan plan = make_minimise_plan(tree, inventory, config);
  const std::string snippet = render_dockerfile_snippet(plan);

  // Each left-out name is named once in a one-line comment, never on a command line.
  EXPECT_NE(snippet.find("# Not representable in a Dockerfile (line break, NUL or heredoc marker), "
                         "setuid/setgid bit left on [/usr/bin/a rm -rf /tmp/victim]\n"),
            std::string::npos)
      << snippet;
  EXPECT_NE(snippet.find("setuid/setgid bit left on [/usr/bin/<<EOF]"), std::string::npos)
      << snippet;
  for (std::size_t at = 0; (at = snippet.find('\n', at)) != std::string::npos; ++at) {
    const std::string rest = snippet.substr(at + 1, 3);
    EXPECT_TRUE(rest.empty() || rest.starts_with("#") || rest.starts_with("RUN") ||
                rest.starts_with("   ") || rest.starts_with("USE"))
        << "a line that is no instruction of ours: " << snippet.substr(at + 1, 40);
  }

  ScratchDir dir;
  const auto calls = run_with_stubs(run_body(snippet), dir);
  for (const char* planted : {"x", "y", "z", "w", "victim"}) {
    EXPECT_FALSE(std::filesystem::exists(dir.path() / planted)) << planted;
  }
  EXPECT_FALSE(std::filesystem::exists("/tmp/victim"));
  EXPECT_EQ(calls, (std::vector<std::vector<std::string>>{
                       {"usermod", "-s", "/bin/false", "--", "$(touch z)"},
                       {"usermod", "-s", "/bin/false", "--", "-rf"},
                       {"usermod", "-s", "/bin/false", "--", "a'b\";touch w"},
                       {"chmod", "u-s,g-s", "/usr/bin/$(touch x)", "/usr/bin/-rf", "/usr/bin/a\\",
                        "/usr/bin/it's", "/usr/local/bin/`touch y`;"},
                       {"rm", "-rf", "--", "/usr/bin/bash", "/sbin/apk", "/usr/bin/curl"},
                   }))
      << snippet;
  // The option-like package is not purged: its file is removed by path.
  EXPECT_TRUE(plan.purges.empty());
}

}  // namespace
}  // namespace hardock::image
