// The image configuration (the OCI / Docker image config JSON) as hardock needs it: what the
// image runs as, exposes and carries in its environment, labels and history, and the ordered
// diff ids of its layers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::image {

struct HistoryStep {
  std::string created;
  std::string created_by;  // the Dockerfile instruction, as the builder recorded it
  std::string comment;
  bool empty_layer = false;
};

struct ImageConfig {
  std::string architecture;
  std::string os;
  std::string variant;
  std::string created;  // RFC 3339
  std::string user;     // config.User
  std::vector<std::string> env;
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> exposed_ports;  // "22/tcp"
  std::map<std::string, std::string> labels;
  std::optional<std::vector<std::string>> healthcheck;  // Test; nullopt when none is set
  std::vector<std::string> diff_ids;                    // rootfs.diff_ids, base first
  std::vector<HistoryStep> history;
};

// Parses an image config document. Bounded (io::json_nesting_error first); a wrong type is an
// error naming the field ("config.User: expected a string").
[[nodiscard]] core::Result<ImageConfig> parse_image_config(std::string_view json);

}  // namespace hardock::image
