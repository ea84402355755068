// The Engine API's answers that are not one object of the snapshot model (those are decoded in
// snapshot.h): the JSON body itself, the lists (/containers/json, /networks) and /top. Each takes
// whatever an engine sends and returns a value or an Error naming what is wrong; none throws or
// recurses on input depth (fuzz/engine_answer_fuzz.cpp).
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"

namespace hardock::docker {

// Parses a body as JSON; `what` names the request in the error. Never throws: nesting deeper
// than io::kMaxJsonDepth, malformed JSON and numbers out of range (1e999999) are
// kMalformedInput naming `what` (and the byte offset where known).
[[nodiscard]] core::Result<nlohmann::json> parse_json_body(std::string_view body,
                                                           const std::string& what);

// The ids of a list answer ([{"Id": "..."}, ...]), each once, in order. Items without a
// non-empty string Id are counted, not dropped silently: the caller records them.
struct ListedIds {
  std::vector<std::string> ids;
  size_t without_id = 0;        // items with no usable Id
  size_t first_without_id = 0;  // the position of the first of them
};
// kMalformedInput when the answer is not an array.
[[nodiscard]] core::Result<ListedIds> list_ids(const nlohmann::json& list);

// A /top answer ({"Titles": ["UID","PID","COMMAND"], "Processes": [["0","42","sleep 1"], ...]})
// as processes, users as user_from_uid() spells them. kMalformedInput (naming what) for an answer
// without Titles or a PID column, or rows that are not arrays.
[[nodiscard]] core::Result<std::vector<Process>> parse_top(const nlohmann::json& top);

}  // namespace hardock::docker
