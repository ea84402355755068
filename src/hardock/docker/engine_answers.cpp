#include "hardock/docker/engine_answers.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <unordered_set>
#include <utility>

#include "hardock/docker/json_reader.h"
#include "hardock/docker/proc_reader.h"
#include "hardock/io/json_guard.h"

namespace hardock::docker {

using core::Error;
using core::ErrorCode;
using nlohmann::json;

core::Result<nlohmann::json> parse_json_body(std::string_view body, const std::string& what) {
  // Before any parser sees it: nlohmann destroys (and dumps) values recursively, so a body
  // nested 100,000 deep would crash the process once parsed.
  if (auto nesting = io::json_nesting_error(body); !nesting.empty()) {
    return core::fail(Error{ErrorCode::kMalformedInput, "JSON " + nesting, {what}});
  }
  try {
    return json::parse(body);
  } catch (const json::parse_error& error) {
    return core::fail(Error{
        ErrorCode::kMalformedInput,
        "invalid JSON at byte " + std::to_string(error.byte) + " of " + std::to_string(body.size()),
        {what}});
  } catch (const json::exception& error) {
    // out_of_range: a number such as 1e999999 that no double holds.
    return core::fail(Error{ErrorCode::kMalformedInput, json_error_text(error), {what}});
  }
}

core::Result<ListedIds> list_ids(const json& list) {
  if (!list.is_array()) return core::fail(ErrorCode::kMalformedInput, "expected a JSON array");
  ListedIds out;
  std::unordered_set<std::string> seen;
  for (size_t index = 0; index < list.size(); ++index) {
    const json& item = list[index];
    const auto id = item.is_object() ? item.find("Id") : json::const_iterator();
    if (!item.is_object() || id == item.end() || !id->is_string() ||
        id->get_ref<const std::string&>().empty()) {
      if (out.without_id++ == 0) out.first_without_id = index;
      continue;
    }
    if (seen.insert(id->get<std::string>()).second) out.ids.push_back(id->get<std::string>());
  }
  return out;
}

core::Result<std::vector<Process>> parse_top(const json& top) {
  auto bad = [](std::string why) {
    return core::fail(ErrorCode::kMalformedInput, "top answer: " + std::move(why));
  };
  if (!top.is_object()) return bad("not an object");
  const auto titles = top.find("Titles");
  if (titles == top.end() || !titles->is_array()) return bad("no Titles array");
  int user = -1;
  int pid = -1;
  int command = -1;
  for (size_t column = 0; column < titles->size(); ++column) {
    const json& title_value = (*titles)[column];
    if (!title_value.is_string()) continue;
    const auto& title = title_value.get_ref<const std::string&>();
    const int at = static_cast<int>(column);
    if (title == "UID" || title == "USER" || title == "EUID") user = at;
    if (title == "PID") pid = at;
    if (title == "CMD" || title == "COMMAND" || title == "ARGS" || title == "Name") command = at;
  }
  if (pid < 0) return bad("no PID column");
  std::vector<Process> list;
  const auto rows = top.find("Processes");
  if (rows == top.end() || rows->is_null()) return list;  // an empty container
  if (!rows->is_array()) return bad("Processes is not an array");
  for (const auto& row : *rows) {
    if (!row.is_array()) return bad("a process row is not an array");
    auto cell = [&](int column) {
      return column >= 0 && static_cast<size_t>(column) < row.size() && row[column].is_string()
                 ? row[column].get<std::string>()
                 : std::string();
    };
    int64_t number = 0;
    const std::string pid_text = cell(pid);
    std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), number);
    list.push_back({number, user_from_uid(cell(user)), cell(command)});
  }
  return list;
}

}  // namespace hardock::docker
