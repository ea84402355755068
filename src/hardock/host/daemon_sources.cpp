#include "hardock/host/daemon_sources.h"

#include <map>
#include <nlohmann/json.hpp>

#include "hardock/host/daemon_flags.h"
#include "hardock/io/escape.h"
#include "hardock/io/json_guard.h"

namespace hardock::host {
namespace {

// The line of each top-level key of a JSON object text (first occurrence).
// nlohmann keeps no positions, so a small scanner finds them.
std::map<std::string, size_t> top_level_key_lines(std::string_view text) {
  std::map<std::string, size_t> lines;
  size_t line = 1;
  int depth = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '\n') ++line;
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c != '"') continue;
    const size_t start = pos + 1;
    const size_t key_line = line;
    for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
      if (text[pos] == '\\')
        ++pos;
      else if (text[pos] == '\n')
        ++line;
    }
    if (depth != 1 || pos >= text.size()) continue;
    size_t after = pos + 1;
    while (after < text.size() &&
           std::string_view(" \t\r\n").find(text[after]) != std::string_view::npos) {
      ++after;
    }
    if (after < text.size() && text[after] == ':') {
      // Keys are plain names in daemon.json: escapes are not decoded.
      lines.emplace(std::string(text.substr(start, pos - start)), key_line);
    }
  }
  return lines;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> json_values(const nlohmann::json& value) {
  auto scalar = [](const nlohmann::json& item) {
    return item.is_string() ? item.get<std::string>() : item.dump();
  };
  if (value.is_array()) {
    std::vector<std::string> out;
    for (const auto& item : value) out.push_back(scalar(item));
    return out;
  }
  return {scalar(value)};
}

// Physical lines joined at trailing backslashes, each with the number of its
// first physical line.
std::vector<std::pair<std::string, size_t>> logical_lines(std::string_view text) {
  std::vector<std::pair<std::string, size_t>> out;
  std::string current;
  size_t first_line = 0;
  size_t line = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view raw = text.substr(pos, end - pos);
    ++line;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (current.empty()) first_line = line;
    if (!raw.empty() && raw.back() == '\\') {
      current.append(raw.substr(0, raw.size() - 1));
      current += ' ';
    } else {
      current.append(raw);
      out.emplace_back(std::move(current), first_line);
      current.clear();
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  if (!current.empty()) out.emplace_back(std::move(current), first_line);
  return out;
}

// nlohmann's what() without its "[json.exception.parse_error.101] parse error at line 1,
// column 2: " prefix and without the "; last read: '...'" that quotes the file: daemon.json may
// be a link to a secret (/etc/shadow), and a report must not carry a piece of it.
std::string exception_detail(const nlohmann::json::exception& error) {
  std::string_view detail = error.what();
  if (detail.starts_with("[json.exception.")) {
    const auto bracket = detail.find("] ");
    if (bracket != std::string_view::npos) detail.remove_prefix(bracket + 2);
  }
  if (detail.starts_with("parse error")) {
    const auto colon = detail.find(": ");
    if (colon != std::string_view::npos) detail.remove_prefix(colon + 2);
  }
  if (const auto quoted = detail.find("; last read: "); quoted != std::string_view::npos) {
    detail = detail.substr(0, quoted);
  }
  return io::truncate(detail, 200);
}

// "an object", "a string", "null".
std::string with_article(std::string_view type) {
  if (type == "null") return "null";
  const bool vowel =
      !type.empty() && std::string_view("aeiou").find(type[0]) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + std::string(type);
}

}  // namespace

std::pair<size_t, size_t> line_column(std::string_view text, size_t offset) {
  size_t line = 1;
  size_t column = 1;
  for (size_t pos = 0; pos < offset && pos < text.size(); ++pos) {
    if (text[pos] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

core::Result<std::vector<DaemonSetting>> parse_daemon_json(std::string_view text,
                                                           const std::string& path,
                                                           DaemonJsonTypes types) {
  std::vector<DaemonSetting> settings;
  if (trim(text).empty()) return settings;
  if (const std::string nesting = io::json_nesting_error(text); !nesting.empty()) {
    const std::size_t at = nesting.rfind(' ');
    const std::size_t byte = at == std::string::npos ? 0 : std::stoul(nesting.substr(at + 1));
    const auto [line, column] = line_column(text, byte);
    return core::fail(core::ErrorCode::kMalformedInput,
                      path + ": line " + std::to_string(line) + ", column " +
                          std::to_string(column) + ": " +
                          nesting.substr(0, nesting.find(" at byte")));
  }
  try {
    nlohmann::json document;
    try {
      document = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
      // error.byte counts the characters read, the offending one included.
      const auto [line, column] = line_column(text, error.byte == 0 ? 0 : error.byte - 1);
      return core::fail(core::ErrorCode::kMalformedInput, path + ": line " + std::to_string(line) +
                                                              ", column " + std::to_string(column) +
                                                              ": " + exception_detail(error));
    }
    if (!document.is_object()) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        path + ": expected a JSON object at the top level");
    }
    const auto lines = top_level_key_lines(text);
    for (const auto& [key, value] : document.items()) {
      const auto line = lines.find(key);
      // Appended, not path + (cond ? "" : ...): g++ 12 -O3 warns falsely (-Wstringop-overflow).
      std::string line_text;
      if (line != lines.end()) line_text = std::to_string(line->second);
      if (types == DaemonJsonTypes::kDockerd && is_boolean_setting(key) && !value.is_boolean()) {
        std::string message = path;
        if (!line_text.empty()) message += ": line " + line_text;
        message += ": \"" + io::truncate(key, 100) + "\" must be true or false, not " +
                   with_article(value.type_name()) + " (dockerd refuses to start with it)";
        return core::fail(core::ErrorCode::kMalformedInput, std::move(message));
      }
      DaemonSetting setting;
      setting.key = key;
      setting.values = json_values(value);
      setting.origin = SettingOrigin::kFile;
      setting.source = path;
      if (!line_text.empty()) {
        setting.source += ':';
        setting.source += line_text;
      }
      settings.push_back(std::move(setting));
    }
  } catch (const nlohmann::json::exception& error) {
    // A number out of range (1e999999) and any other refusal of the parser or the dump.
    return core::fail(core::ErrorCode::kMalformedInput, path + ": " + exception_detail(error));
  }
  return settings;
}

void apply_unit_file(std::string_view text, const std::string& path, UnitKeys& keys) {
  std::string section;
  for (const auto& [line, number] : logical_lines(text)) {
    const std::string stripped = trim(line);
    if (stripped.empty() || stripped[0] == '#' || stripped[0] == ';') continue;
    if (stripped.front() == '[' && stripped.back() == ']') {
      section = stripped.substr(1, stripped.size() - 2);
      continue;
    }
    const auto eq = stripped.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(std::string_view(stripped).substr(0, eq));
    const std::string value = trim(std::string_view(stripped).substr(eq + 1));
    std::vector<UnitEntry>* list = nullptr;
    if (section == "Service" && key == "ExecStart") list = &keys.exec_start;
    if (section == "Service" && key == "EnvironmentFile") list = &keys.environment_file;
    if (section == "Service" && key == "Environment") list = &keys.environment;
    if (section == "Socket" && key == "ListenStream") list = &keys.listen_stream;
    UnitEntry entry{value, path + ":" + key};
    if (section == "Service" && key == "User") {
      if (value.empty())
        keys.user.reset();
      else
        keys.user = entry;
    }
    if (list == nullptr) continue;
    // systemd: an empty assignment resets the list built so far (how a
    // drop-in replaces ExecStart).
    if (value.empty())
      list->clear();
    else
      list->push_back(std::move(entry));
  }
}

std::vector<EnvAssignment> parse_env_file(std::string_view text, const std::string& path) {
  std::vector<EnvAssignment> out;
  for (const auto& [line, number] : logical_lines(text)) {
    std::string stripped = trim(line);
    if (stripped.empty() || stripped[0] == '#') continue;
    if (stripped.starts_with("export ")) stripped = trim(std::string_view(stripped).substr(7));
    const auto eq = stripped.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    const std::string name = stripped.substr(0, eq);
    if (name.find_first_of(" \t") != std::string::npos) continue;
    std::string value = stripped.substr(eq + 1);
    // The value is one shell word: drop its quotes, keep its spaces.
    std::string unquoted;
    char quote = 0;
    for (size_t pos = 0; pos < value.size(); ++pos) {
      const char c = value[pos];
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
        continue;
      }
      if (quote != 0 && c == quote) {
        quote = 0;
        continue;
      }
      if (quote == 0 && c == '#' && (pos == 0 || value[pos - 1] == ' ' || value[pos - 1] == '\t'))
        break;
      if (c == '\\' && quote != '\'' && pos + 1 < value.size()) {
        unquoted += value[++pos];
        continue;
      }
      unquoted += c;
    }
    out.push_back({name, trim(unquoted), path + ":" + std::to_string(number)});
  }
  return out;
}

std::vector<WordSource> exec_start_words(
    const UnitKeys& keys,
    const std::function<std::vector<EnvAssignment>(const std::string&)>& read_env_file) {
  if (keys.exec_start.empty()) return {};
  std::map<std::string, EnvAssignment> env;
  for (const auto& entry : keys.environment) {
    for (const auto& word : split_words(entry.value)) {
      const auto eq = word.find('=');
      if (eq != std::string::npos)
        env[word.substr(0, eq)] = {word.substr(0, eq), word.substr(eq + 1), entry.source};
    }
  }
  for (const auto& entry : keys.environment_file) {
    std::string path = entry.value;
    if (path.starts_with("-")) path.erase(0, 1);  // "-": optional file
    for (auto& assignment : read_env_file(path)) env[assignment.name] = assignment;
  }
  const UnitEntry& exec = keys.exec_start.back();
  std::vector<WordSource> words;
  std::string_view command = exec.value;
  while (!command.empty() &&
         std::string_view("-@+!:").find(command.front()) != std::string_view::npos) {
    command.remove_prefix(1);
  }
  for (const auto& word : split_words(command)) {
    std::string name;
    if (word.size() > 3 && word.starts_with("${") && word.ends_with("}")) {
      name = word.substr(2, word.size() - 3);
    } else if (word.size() > 1 && word.starts_with("$")) {
      name = word.substr(1);
    }
    if (name.empty()) {
      words.push_back({word, exec.source});
      continue;
    }
    auto found = env.find(name);
    if (found == env.end()) continue;  // unset: expands to nothing
    for (auto& part : split_words(found->second.value)) {
      words.push_back({std::move(part), found->second.source});
    }
  }
  return words;
}

}  // namespace hardock::host
