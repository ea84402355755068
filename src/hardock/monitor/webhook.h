// Alerts POSTed to an HTTP(S) receiver (a chat bridge, a SIEM collector), one JSON body each.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "hardock/core/result.h"

namespace hardock::monitor {

class Webhook {
 public:
  // `url`: http:// or https:// (certificates verified). kInvalidArgument for anything else.
  [[nodiscard]] static core::Result<std::unique_ptr<Webhook>> create(const std::string& url);
  ~Webhook();
  Webhook(const Webhook&) = delete;
  Webhook& operator=(const Webhook&) = delete;

  // POSTs `json` (Content-Type: application/json), 5 s at most; a non-2xx answer is an error.
  [[nodiscard]] core::Result<void> post(std::string_view json);

 private:
  Webhook() = default;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hardock::monitor
