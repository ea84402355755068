// Alerts POSTed to an HTTP(S) receiver (a chat bridge, a SIEM collector), one JSON body each.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

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

// Alerts handed to a Webhook on a thread of its own, from a bounded queue: a receiver that is
// slow or down (5 s per POST) never holds up the alerts to files, syslog and the store. What
// fails is said through `say` once per run of failures; past the bound alerts are dropped and
// counted.
class WebhookSender {
 public:
  WebhookSender(std::unique_ptr<Webhook> hook, std::function<void(const std::string&)> say);
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;
  // Delivers what is queued (for at most 10 s), then says how many were not delivered.
  ~WebhookSender();

  void send(std::string json);

 private:
  void run();

  std::unique_ptr<Webhook> hook_;
  std::function<void(const std::string&)> say_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::uint64_t undelivered_ = 0;
  std::thread thread_;
};

}  // namespace hardock::monitor
