#include "hardock/monitor/webhook.h"

#include <curl/curl.h>

#include <chrono>

#include "hardock/io/escape.h"

namespace hardock::monitor {
namespace webhook_detail {

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

// Alerts waiting for the receiver; past this they are dropped and counted.
constexpr std::size_t kMaxQueued = 10'000;
// At exit, what is queued is delivered for at most this long.
constexpr auto kDrainFor = std::chrono::seconds(10);

}  // namespace webhook_detail

struct Webhook::State {
  std::string url;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  ~State() {
    if (headers != nullptr) curl_slist_free_all(headers);
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

Webhook::~Webhook() = default;

core::Result<std::unique_ptr<Webhook>> Webhook::create(const std::string& url) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "--webhook: expected an http:// or https:// URL, got '" +
                          io::one_line(io::terminal_safe(url)) + "'");
  }
  std::unique_ptr<Webhook> hook(new Webhook());
  hook->state_ = std::make_unique<State>();
  State& state = *hook->state_;
  state.url = url;
  state.easy = curl_easy_init();
  if (state.easy == nullptr) return core::fail(core::ErrorCode::kInternal, "curl_easy_init failed");
  state.headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(state.easy, CURLOPT_URL, state.url.c_str());
  curl_easy_setopt(state.easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(state.easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(state.easy, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(state.easy, CURLOPT_HTTPHEADER, state.headers);
  curl_easy_setopt(state.easy, CURLOPT_WRITEFUNCTION, webhook_detail::discard);
  curl_easy_setopt(state.easy, CURLOPT_USERAGENT, "hardock-watch");
  return hook;
}

core::Result<void> Webhook::post(std::string_view json) {
  CURL* easy = state_->easy;
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, json.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json.size()));
  const CURLcode code = curl_easy_perform(easy);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK) {
    return core::fail(
        core::ErrorCode::kConnectionFailed,
        "webhook: the alert was not delivered: " + std::string(curl_easy_strerror(code)));
  }
  if (status < 200 || status >= 300) {
    return core::fail(core::ErrorCode::kProtocol,
                      "webhook: the receiver answered HTTP " + std::to_string(status));
  }
  return {};
}

WebhookSender::WebhookSender(std::unique_ptr<Webhook> hook,
                             std::function<void(const std::string&)> say)
    : hook_(std::move(hook)), say_(std::move(say)), thread_([this] { run(); }) {}

WebhookSender::~WebhookSender() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (undelivered_ > 0) {
    say_(std::to_string(undelivered_) + " alerts not delivered to the webhook");
  }
}

void WebhookSender::send(std::string json) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= webhook_detail::kMaxQueued) {
      if (undelivered_++ == 0) say_("the webhook is behind; alerts to it are being dropped");
      return;
    }
    queue_.push_back(std::move(json));
  }
  wake_.notify_one();
}

void WebhookSender::run() {
  bool failing = false;
  std::chrono::steady_clock::time_point give_up_at = std::chrono::steady_clock::time_point::max();
  while (true) {
    std::string json;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_ && give_up_at == std::chrono::steady_clock::time_point::max()) {
        give_up_at = std::chrono::steady_clock::now() + webhook_detail::kDrainFor;
      }
      if (queue_.empty() || std::chrono::steady_clock::now() > give_up_at) {
        undelivered_ += queue_.size();
        return;
      }
      json = std::move(queue_.front());
      queue_.pop_front();
    }
    auto sent = hook_->post(json);
    if (!sent) {
      std::lock_guard lock(mutex_);
      ++undelivered_;
    }
    if (!sent && !failing) say_(sent.error().message);
    if (sent && failing) say_("the webhook receives alerts again");
    failing = !sent;
  }
}

}  // namespace hardock::monitor
