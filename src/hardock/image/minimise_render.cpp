// The minimisation plan as a Dockerfile snippet, a multi-stage suggestion, text and JSON.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "hardock/image/minimise.h"
#include "hardock/io/escape.h"

namespace hardock::image {
namespace {

// A Dockerfile is read line by line before any shell sees it: a line break ends the
// instruction, and BuildKit reads "<<WORD" as the start of a heredoc. NUL no shell word holds.
bool dockerfile_safe(std::string_view text) {
  return io::shell_representable(text) && text.find('\n') == std::string_view::npos &&
         text.find('\r') == std::string_view::npos && text.find("<<") == std::string_view::npos;
}

// Words a Dockerfile reads literally in USER, FROM and COPY (no $ substitution, no spaces).
bool plain_word(std::string_view text) {
  return !text.empty() && text.front() != '-' && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
           c == '/' || c == ':' || c == '@' || c == '+';
  });
}

std::string human_size(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  auto value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(units)) {
    value /= 1024.0;
    ++unit;
  }
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), unit == 0 ? "%.0f %s" : "%.1f %s", value,
                units[unit]);
  return buffer.data();
}

// Builds the shell commands of the RUN instruction, leaving out what no line can carry.
class Commands {
 public:
  // `words` (already quoted) after `head`, a few per line.
  void add(std::string head, const std::vector<std::string>& words) {
    if (words.empty()) return;
    std::string command = std::move(head);
    for (std::size_t i = 0; i < words.size(); ++i) {
      command += (i > 0 && i % 4 == 0) ? " \\\n      " : " ";
      command += words[i];
    }
    commands_.push_back(std::move(command));
  }
  // The quoted word, or nullopt (and a note) when `text` cannot be written.
  std::optional<std::string> word(std::string_view text, std::string_view what) {
    if (dockerfile_safe(text)) return io::shell_quote(text);
    left_out_.push_back(std::string(what) + " [" + io::one_line(text) + "]");
    return std::nullopt;
  }
  [[nodiscard]] const std::vector<std::string>& commands() const { return commands_; }
  [[nodiscard]] const std::vector<std::string>& left_out() const { return left_out_; }

 private:
  std::vector<std::string> commands_;
  std::vector<std::string> left_out_;
};

std::string purge_command(std::string_view manager) {
  if (manager == "apt-get") return "apt-get purge -y";
  if (manager == "apk") return "apk del";
  if (manager == "dnf") return "dnf remove -y";
  if (manager == "microdnf") return "microdnf remove";
  if (manager == "yum") return "yum remove -y";
  return "rpm -e";
}

}  // namespace

std::string render_dockerfile_snippet(const MinimisePlan& plan) {
  if (plan.items.empty()) return "# hardock minimisation plan: nothing to remove.\n";
  Commands commands;
  std::vector<std::string> words;
  for (const auto& purge : plan.purges) {
    if (auto quoted = commands.word(purge.name, "package left out of the purge")) {
      words.push_back(std::move(*quoted));
    }
  }
  commands.add(purge_command(plan.package_manager), words);
  for (const auto& item : plan.items) {
    if (item.action != MinimiseAction::kClearDirectory) continue;
    for (const auto& path : item.paths) {
      if (auto quoted = commands.word("/" + path, "cache left in place")) {
        commands.add("find", {*quoted, "-mindepth 1 -delete"});
      }
    }
  }
  for (const auto& item : plan.items) {
    if (item.action != MinimiseAction::kDisableLogin) continue;
    if (auto quoted = commands.word(item.name, "account left with its login shell")) {
      commands.add("usermod -s", {io::shell_quote(plan.nologin_shell), "--", *quoted});
    }
  }
  words.clear();
  for (const auto& item : plan.items) {
    if (item.action != MinimiseAction::kClearSetuid) continue;
    for (const auto& path : item.paths) {
      if (auto quoted = commands.word("/" + path, "setuid/setgid bit left on")) {
        words.push_back(std::move(*quoted));
      }
    }
  }
  commands.add("chmod u-s,g-s", words);
  // Shells and the package manager go last: the commands above need them.
  words.clear();
  for (const auto& item : plan.items) {
    if (item.action != MinimiseAction::kRemovePaths) continue;
    for (const auto& path : item.paths) {
      if (auto quoted = commands.word("/" + path, "path left in place")) {
        words.push_back(std::move(*quoted));
      }
    }
  }
  commands.add("rm -rf --", words);

  std::string out = "# hardock minimisation plan: " + std::to_string(plan.items.size()) +
                    " items, " + human_size(plan.total_size) + " (" +
                    std::to_string(plan.total_size) + " bytes) freed.\n";
  out +=
      "# Review it before use, and put it last: without a shell or a package manager later RUN\n"
      "# instructions and `docker exec` debugging stop working.\n";
  if (plan.busybox) {
    out +=
        "# busybox stays: the applets of the removed links remain reachable as `busybox NAME`.\n";
  }
  if (plan.os_id == "alpine" &&
      std::any_of(plan.items.begin(), plan.items.end(), [](const MinimiseItem& item) {
        return item.action == MinimiseAction::kDisableLogin;
      })) {
    out += "# Alpine: usermod comes with the shadow package (apk add shadow) before this RUN.\n";
  }
  for (const auto& note : plan.notes) out += "# Note: " + io::one_line(note) + "\n";
  for (const auto& note : commands.left_out()) {
    out +=
        "# Not representable in a Dockerfile (line break, NUL or heredoc marker), " + note + "\n";
  }
  const bool switch_user = !runs_as_root(plan.run_as);
  if (switch_user) out += "USER root\n";
  if (commands.commands().empty()) {
    out += "# (every command was left out)\n";
  } else {
    out += "RUN set -eu; \\\n    ";
    for (std::size_t i = 0; i < commands.commands().size(); ++i) {
      if (i > 0) out += "; \\\n    ";
      out += commands.commands()[i];
    }
    out += "\n";
  }
  if (switch_user) {
    if (plain_word(plan.run_as)) {
      out += "USER " + plan.run_as + "\n";
    } else {
      out += "# The image's user cannot be written in a USER line: [" + io::one_line(plan.run_as) +
             "]; set USER again yourself.\n";
    }
  }
  return out;
}

std::string render_multistage_suggestion(const MinimisePlan& plan,
                                         std::string_view image_reference) {
  std::string out =
      "# Multi-stage rewrite (suggestion): keep the current image as a build stage and copy only\n"
      "# the application into a minimal base: no shell, package manager, compiler or network\n"
      "# tools to remove, and no setuid files or login accounts.\n";
  std::string from = "IMAGE";
  if (plain_word(image_reference)) {
    from = std::string(image_reference);
  } else {
    out += "# The image reference cannot be written in a FROM line: [" +
           io::one_line(image_reference) + "]; replace IMAGE.\n";
  }
  std::string base;
  const std::string& interpreter = plan.interpreter;
  if (interpreter.starts_with("python")) {
    base = "gcr.io/distroless/python3-debian12";
  } else if (interpreter.starts_with("node")) {
    base = "gcr.io/distroless/nodejs20-debian12";
  } else if (interpreter.starts_with("java")) {
    base = "gcr.io/distroless/java17-debian12";
  } else if (plan.libc == "musl") {
    base = "scratch";
    out +=
        "# musl (Alpine): copy /lib/ld-musl-*.so.1 and the libraries `ldd` lists for the\n"
        "# program too, or build it statically.\n";
  } else if (plan.libc == "glibc") {
    base =
        plan.needs_libstdcxx ? "gcr.io/distroless/cc-debian12" : "gcr.io/distroless/base-debian12";
  } else {
    base = "gcr.io/distroless/static-debian12";
    out += "# No C library package found: this assumes a statically linked program.\n";
  }
  if (!interpreter.empty() && (interpreter == "sh" || interpreter == "bash" ||
                               interpreter == "ash" || interpreter == "dash")) {
    out += "# The image starts a shell (" + io::one_line(interpreter) +
           "): make the program itself the exec-form ENTRYPOINT first.\n";
  } else if (!interpreter.empty()) {
    out += "# The program runs on " + io::one_line(interpreter) +
           ": copy the application's code and its dependencies, not only the runtime.\n";
  }
  out += "FROM " + from + " AS app\n";
  out += "FROM " + base + "\n";
  const std::string program = plan.application.empty() ? std::string() : "/" + plan.application;
  if (program.empty()) {
    out += "# The entrypoint's program was not found in the image: copy the application here.\n";
    out += "# COPY --from=app /path/to/app /app\n";
  } else if (plain_word(program)) {
    out += "COPY --from=app " + program + " " + program + "\n";
  } else {
    out += "# The program's path cannot be written in a COPY line: [" + io::one_line(program) +
           "]; copy it under a plain name.\n";
  }
  if (runs_as_root(plan.run_as)) {
    out += "USER 65532:65532\n";
  } else if (plain_word(plan.run_as)) {
    out += "# scratch and distroless have no accounts of the image's: a numeric USER is safest.\n";
    out += "USER " + plan.run_as + "\n";
  } else {
    out += "# The image's user cannot be written in a USER line: [" + io::one_line(plan.run_as) +
           "]; set a numeric USER.\n";
  }
  auto exec_form = [](const std::vector<std::string>& argv) {
    std::string line = "[";
    for (std::size_t i = 0; i < argv.size(); ++i) {
      if (i > 0) line += ", ";
      line += io::json_quote(argv[i]);
    }
    return line + "]";
  };
  if (!plan.entrypoint.empty()) out += "ENTRYPOINT " + exec_form(plan.entrypoint) + "\n";
  if (!plan.cmd.empty()) out += "CMD " + exec_form(plan.cmd) + "\n";
  return out;
}

std::string render_minimise_plan_text(const MinimisePlan& plan) {
  if (plan.items.empty()) return "Minimisation plan: nothing to remove.\n";
  std::string out = "Minimisation plan: " + std::to_string(plan.items.size()) + " items, " +
                    human_size(plan.total_size) + " freed\n";
  for (const auto& item : plan.items) {
    out += "  " + std::string(to_string(item.kind)) + "  " + io::terminal_safe(item.name);
    if (!item.package.empty()) {
      out +=
          "  (" + io::terminal_safe(item.ecosystem) + " " + io::terminal_safe(item.package) + ")";
    }
    if (item.size > 0) out += "  " + human_size(item.size);
    if (!item.detail.empty()) out += "  " + io::terminal_safe(item.detail);
    out += "  " + std::string(to_string(item.action));
    for (const auto& path : item.paths) out += "  /" + io::terminal_safe(path);
    out += "\n";
  }
  for (const auto& purge : plan.purges) {
    out += "  purge " + io::terminal_safe(purge.ecosystem) + " " + io::terminal_safe(purge.name) +
           ": " + human_size(purge.size) + "\n";
  }
  for (const auto& note : plan.notes) out += "  note: " + io::terminal_safe(note) + "\n";
  return out;
}

std::string minimise_plan_json(const MinimisePlan& plan) {
  using Json = nlohmann::json;
  auto text = [](std::string_view raw) { return io::valid_utf8(raw); };
  Json items = Json::array();
  for (const auto& item : plan.items) {
    Json paths = Json::array();
    for (const auto& path : item.paths) paths.push_back(text("/" + path));
    items.push_back({{"kind", to_string(item.kind)},
                     {"action", to_string(item.action)},
                     {"name", text(item.name)},
                     {"paths", std::move(paths)},
                     {"package", text(item.package)},
                     {"ecosystem", text(item.ecosystem)},
                     {"size", item.size},
                     {"detail", text(item.detail)}});
  }
  Json purges = Json::array();
  for (const auto& purge : plan.purges) {
    purges.push_back(
        {{"ecosystem", text(purge.ecosystem)}, {"name", text(purge.name)}, {"size", purge.size}});
  }
  Json notes = Json::array();
  for (const auto& note : plan.notes) notes.push_back(text(note));
  const Json document = {
      {"items", std::move(items)},
      {"purges", std::move(purges)},
      {"total_size", plan.total_size},
      {"package_manager", text(plan.package_manager)},
      {"nologin_shell", text(plan.nologin_shell)},
      {"run_as", text(plan.run_as)},
      {"application", plan.application.empty() ? "" : text("/" + plan.application)},
      {"notes", std::move(notes)}};
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace hardock::image
