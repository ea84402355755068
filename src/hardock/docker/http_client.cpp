#include "hardock/docker/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "hardock/io/json_guard.h"

namespace hardock::docker {
namespace {

using core::Error;
using core::ErrorCode;

struct Transfer;

// The memory that the bodies of parallel transfers hold together (their capacity, not their
// length: that is what the allocator gave). A transfer that would take more than `limit` waits
// (curl pauses it) until others finish, except the oldest transfer in flight, which always
// proceeds so that a batch cannot stall: the bodies stay under limit + one per-body cap.
struct Budget {
  size_t limit = 0;
  size_t held = 0;
  size_t peak = 0;
  std::set<size_t> active;  // indexes of transfers in flight, oldest first
  bool waiting = false;     // some transfer is paused for memory

  bool may_grow(size_t index, size_t bytes) const {
    return held + bytes <= limit || (!active.empty() && *active.begin() == index);
  }
};

// One reusable request slot: an easy handle plus what its callbacks fill.
struct Transfer {
  CURL* easy = nullptr;
  size_t index = 0;
  std::string method = "GET";
  std::string path;
  std::string body;
  size_t max_body = kDefaultMaxBodyBytes;
  Budget* budget = nullptr;  // parallel transfers only
  size_t held = 0;           // bytes of `budget` this transfer's body holds
  bool oversize = false;
  bool paused = false;
  char errbuf[CURL_ERROR_SIZE] = {};

  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

// Gives the body's memory back (to the budget too); clear() would keep the capacity.
void release_body(Transfer& transfer) {
  std::string().swap(transfer.body);
  if (transfer.budget != nullptr) transfer.budget->held -= transfer.held;
  transfer.held = 0;
}

// Grows the body to hold `needed` bytes without ever allocating past the per-body cap (a
// string's own doubling would: a 256 MiB answer took 512 MiB), within the budget when there is
// one. False: wait for memory (the budget is spent).
bool grow_body(Transfer& transfer, size_t needed) {
  std::string& body = transfer.body;
  size_t want = needed;
  if (body.empty()) {
    // First bytes: the length the answer announced, when it did (curl refused it above the cap).
    curl_off_t announced = -1;
    curl_easy_getinfo(transfer.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
    if (announced > 0 && static_cast<uint64_t>(announced) <= transfer.max_body) {
      want = std::max(want, static_cast<size_t>(announced));
    }
  } else {
    want = std::max(needed, std::min(body.capacity() * 2, transfer.max_body));
  }
  want = std::max(want, size_t{4096});
  want = std::min(want, transfer.max_body);
  const size_t grow = want > transfer.held ? want - transfer.held : 0;
  if (transfer.budget != nullptr && !transfer.budget->may_grow(transfer.index, grow)) {
    return false;
  }
  // A fresh string reserves exactly `want`; reserve() on a full one may double instead.
  std::string grown;
  grown.reserve(want);
  grown.append(body);
  body.swap(grown);
  if (transfer.budget != nullptr) {
    Budget& budget = *transfer.budget;
    budget.held = budget.held - transfer.held + body.capacity();
    budget.peak = std::max(budget.peak, budget.held);
  }
  transfer.held = body.capacity();
  return true;
}

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  const size_t needed = transfer->body.size() + bytes;
  if (needed > transfer->max_body) {
    transfer->oversize = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  if (needed > transfer->body.capacity() && !grow_body(*transfer, needed)) {
    transfer->paused = true;
    transfer->budget->waiting = true;
    return CURL_WRITEFUNC_PAUSE;  // curl keeps these bytes and offers them again on resume
  }
  transfer->body.append(data, bytes);
  return bytes;
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Options that never change for an endpoint; the URL is set per request.
core::Result<std::unique_ptr<Transfer>> make_transfer(const Endpoint& endpoint) {
  auto transfer = std::make_unique<Transfer>();
  transfer->easy = curl_easy_init();
  if (transfer->easy == nullptr) return core::fail(ErrorCode::kInternal, "curl_easy_init failed");
  CURL* easy = transfer->easy;
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->errbuf);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, endpoint.timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, endpoint.connect_timeout_ms);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "hardock");
  // An announced length above the cap is refused before any byte is read.
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(endpoint.max_body_bytes));
  transfer->max_body = endpoint.max_body_bytes;
  if (endpoint.transport == Transport::kUnix) {
    curl_easy_setopt(easy, CURLOPT_UNIX_SOCKET_PATH, endpoint.socket_path.c_str());
  }
  if (endpoint.tls) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, endpoint.tls_verify ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, endpoint.tls_verify ? 2L : 0L);
    if (!endpoint.ca.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, endpoint.ca.c_str());
    if (!endpoint.cert.empty()) curl_easy_setopt(easy, CURLOPT_SSLCERT, endpoint.cert.c_str());
    if (!endpoint.key.empty()) curl_easy_setopt(easy, CURLOPT_SSLKEY, endpoint.key.c_str());
  }
  return transfer;
}

void prepare(Transfer& transfer, const Endpoint& endpoint, size_t index, const std::string& path) {
  transfer.index = index;
  transfer.method = "GET";
  transfer.path = path;
  release_body(transfer);
  transfer.oversize = false;
  transfer.paused = false;
  transfer.errbuf[0] = '\0';
  std::string url = endpoint.base_url + path;
  curl_easy_setopt(transfer.easy, CURLOPT_URL, url.c_str());  // curl copies the string
}

// The engine answers errors as {"message": "..."}; anything else is shown trimmed.
std::string http_error_text(long status, const std::string& body) {
  std::string detail;
  // Never parse what nests too deep: destroying it would recurse as deep as it nests.
  auto parsed = body.size() <= (size_t{1} << 20) && io::json_nesting_error(body).empty()
                    ? nlohmann::json::parse(body, nullptr, false)
                    : nlohmann::json();
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
    detail = parsed["message"].get<std::string>();
  } else {
    detail = body;
  }
  if (detail.size() > 200) detail = detail.substr(0, 200) + "...";
  detail = one_line(detail);
  return "engine answered HTTP " + std::to_string(status) + (detail.empty() ? "" : ": " + detail);
}

Error transport_error(const Transfer& transfer, CURLcode code, long os_errno,
                      const Endpoint& endpoint) {
  std::string reason = one_line(transfer.errbuf[0] != '\0' ? std::string(transfer.errbuf)
                                                           : std::string(curl_easy_strerror(code)));
  const std::string& url = endpoint.url;
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      if (endpoint.transport == Transport::kUnix) {
        if (os_errno == ENOENT) {
          return {ErrorCode::kNotFound,
                  "cannot connect to " + url + ": no such socket — is dockerd running?",
                  {}};
        }
        if (os_errno == EACCES || os_errno == EPERM) {
          return {ErrorCode::kPermissionDenied,
                  "cannot connect to " + url +
                      ": permission denied — run with sudo or as a member of the docker group",
                  {}};
        }
        if (os_errno == ECONNREFUSED) {
          return {ErrorCode::kConnectionFailed,
                  "cannot connect to " + url + ": connection refused — is dockerd running?",
                  {}};
        }
        if (os_errno != 0) {
          return {ErrorCode::kConnectionFailed,
                  "cannot connect to " + url + ": " + std::strerror(static_cast<int>(os_errno)),
                  {}};
        }
      }
      return {ErrorCode::kConnectionFailed, "cannot connect to " + url + ": " + reason, {}};
    case CURLE_COULDNT_RESOLVE_HOST:
      return {
          ErrorCode::kConnectionFailed, "cannot resolve the host of " + url + ": " + reason, {}};
    case CURLE_OPERATION_TIMEDOUT:
      return {ErrorCode::kTimeout,
              "no complete answer from " + url + " within the timeout of " +
                  std::to_string(endpoint.timeout_ms) + " ms",
              {}};
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return {ErrorCode::kTlsFailure, "TLS with " + url + " failed: " + reason, {}};
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return {ErrorCode::kConnectionDropped,
              "connection to " + url + " dropped mid-response after " +
                  std::to_string(transfer.body.size()) + " body bytes: " + reason,
              {}};
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_WRITE_ERROR:
      if (transfer.oversize || code == CURLE_FILESIZE_EXCEEDED) {
        return {ErrorCode::kProtocol,
                "the answer from " + url + " is larger than the cap of " +
                    cap_text(endpoint.max_body_bytes) +
                    " per answer (HARDOCK_MAX_BODY_MB raises it)",
                {}};
      }
      return {ErrorCode::kInternal, "cannot store the response from " + url, {}};
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_HTTP2:
      return {ErrorCode::kProtocol, "unexpected answer from " + url + ": " + reason, {}};
    default:
      return {ErrorCode::kConnectionFailed, "request to " + url + " failed: " + reason, {}};
  }
}

core::Result<std::string> finish(Transfer& transfer, CURLcode code, const Endpoint& endpoint) {
  std::string what = transfer.method + " " + transfer.path;
  if (code != CURLE_OK) {
    long os_errno = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_OS_ERRNO, &os_errno);
    return core::fail(transport_error(transfer, code, os_errno, endpoint).with_context(what));
  }
  long status = 0;
  curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    const auto http_status = static_cast<core::HttpStatus>(status);
    return core::fail(Error{core::error_code_for(http_status),
                            http_error_text(status, transfer.body),
                            {std::move(what)},
                            http_status});
  }
  return std::move(transfer.body);
}

}  // namespace

struct HttpClient::State {
  Endpoint endpoint;
  std::unique_ptr<Transfer> single;  // sequential requests: one connection kept alive
  CURLM* multi = nullptr;            // parallel requests: its connection cache outlives calls
  std::vector<std::unique_ptr<Transfer>> pool;
  std::vector<Transfer*> idle;
  Budget budget;

  ~State() {
    // Handles are removed from the multi as they finish, so cleanup order is free.
    pool.clear();
    if (multi != nullptr) curl_multi_cleanup(multi);
  }
};

HttpClient::HttpClient(std::unique_ptr<State> state) : state_(std::move(state)) {}
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;
HttpClient::~HttpClient() = default;

core::Result<HttpClient> HttpClient::create(const Endpoint& endpoint) {
  auto state = std::make_unique<State>();
  state->endpoint = endpoint;
  auto single = make_transfer(endpoint);
  if (!single) return core::fail(single.error());
  state->single = std::move(*single);
  state->budget.limit = endpoint.max_total_bytes;
  state->multi = curl_multi_init();
  if (state->multi == nullptr) return core::fail(ErrorCode::kInternal, "curl_multi_init failed");
  // Keep as many connections cached as transfers may run at once.
  curl_multi_setopt(state->multi, CURLMOPT_MAXCONNECTS, static_cast<long>(endpoint.parallelism));
  return HttpClient(std::move(state));
}

const Endpoint& HttpClient::endpoint() const { return state_->endpoint; }

size_t HttpClient::peak_body_bytes() const { return state_->budget.peak; }

std::optional<std::string> HttpClient::last_header(const char* name) const {
  curl_header* header = nullptr;
  if (curl_easy_header(state_->single->easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK ||
      header == nullptr || header->value == nullptr) {
    return std::nullopt;
  }
  return std::string(header->value);
}

core::Result<std::string> HttpClient::get(const std::string& path) {
  Transfer& transfer = *state_->single;
  prepare(transfer, state_->endpoint, 0, path);
  CURLcode code = curl_easy_perform(transfer.easy);
  return finish(transfer, code, state_->endpoint);
}

namespace stream_detail {

struct Stream {
  const HttpClient::OnChunk* on_chunk = nullptr;
  const std::function<bool()>* keep_going = nullptr;
  long status = 0;
  bool stopped = false;
  std::string error_body;  // an error answer's body, bounded
  CURL* easy = nullptr;
};

size_t write_chunk(char* data, size_t size, size_t count, void* user) {
  auto* stream = static_cast<Stream*>(user);
  const size_t bytes = size * count;
  if (stream->status == 0) curl_easy_getinfo(stream->easy, CURLINFO_RESPONSE_CODE, &stream->status);
  if (stream->status < 200 || stream->status >= 300) {
    if (stream->error_body.size() < 4096)
      stream->error_body.append(data, std::min<size_t>(bytes, 4096));
    return bytes;
  }
  if (!(*stream->on_chunk)(std::string_view(data, bytes))) {
    stream->stopped = true;
    return 0;
  }
  return bytes;
}

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* stream = static_cast<Stream*>(user);
  if (*stream->keep_going && !(*stream->keep_going)()) {
    stream->stopped = true;
    return 1;  // aborts the transfer
  }
  return 0;
}

}  // namespace stream_detail

core::Result<void> HttpClient::stream(const std::string& path, const OnChunk& on_chunk,
                                      const std::function<bool()>& keep_going) {
  auto made = make_transfer(state_->endpoint);
  if (!made) return core::fail(made.error());
  Transfer& transfer = **made;
  prepare(transfer, state_->endpoint, 0, path);
  stream_detail::Stream stream{&on_chunk, &keep_going, 0, false, {}, transfer.easy};
  CURL* easy = transfer.easy;
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, stream_detail::write_chunk);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &stream);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 0L);  // a stream has no end to wait for
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(0));
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, stream_detail::progress);
  curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &stream);
  const CURLcode code = curl_easy_perform(easy);
  if (stream.stopped) return {};
  if (stream.status != 0 && (stream.status < 200 || stream.status >= 300)) {
    const auto http_status = static_cast<core::HttpStatus>(stream.status);
    return core::fail(Error{core::error_code_for(http_status),
                            http_error_text(stream.status, stream.error_body),
                            {"GET " + path},
                            http_status});
  }
  if (code != CURLE_OK) {
    long os_errno = 0;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
    return core::fail(
        transport_error(transfer, code, os_errno, state_->endpoint).with_context("GET " + path));
  }
  return {};
}

core::Result<HttpResponse> HttpClient::request(std::string_view method, const std::string& path,
                                               const std::string& body,
                                               std::string_view content_type, long timeout_ms) {
  Transfer& transfer = *state_->single;
  prepare(transfer, state_->endpoint, 0, path);
  transfer.method = std::string(method);
  CURL* easy = transfer.easy;
  curl_slist* headers = nullptr;
  if (method != "GET") {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, transfer.method.c_str());
    if (method == "POST" || method == "PUT") {
      // Always send a body (possibly empty): the engine wants Content-Length on POST and PUT.
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      const std::string type = "Content-Type: " + std::string(content_type);
      headers = curl_slist_append(headers, type.c_str());
      headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
      curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    }
  }
  if (timeout_ms > 0) curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
  CURLcode code = curl_easy_perform(easy);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  // Put the handle back into its GET shape for the next sequential request.
  curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, nullptr);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, state_->endpoint.timeout_ms);
  curl_slist_free_all(headers);
  if (code == CURLE_OK && status == 304) return HttpResponse{status, std::move(transfer.body)};
  auto result = finish(transfer, code, state_->endpoint);
  if (!result) return core::fail(result.error());
  return HttpResponse{status, std::move(*result)};
}

void HttpClient::get_many(const std::vector<std::string>& paths, const OnDone& on_done) {
  State& state = *state_;
  const size_t limit = std::min(paths.size(), static_cast<size_t>(state.endpoint.parallelism));
  size_t next = 0;
  size_t active = 0;
  while (next < paths.size() || active > 0) {
    // Keep at most `limit` transfers in flight; the rest wait here, not in curl.
    while (active < limit && next < paths.size()) {
      Transfer* transfer = nullptr;
      if (!state.idle.empty()) {
        transfer = state.idle.back();
        state.idle.pop_back();
      } else {
        auto created = make_transfer(state.endpoint);
        if (!created) {
          on_done(next, core::fail(created.error().with_context("GET " + paths[next])));
          ++next;
          continue;
        }
        transfer = created->get();
        state.pool.push_back(std::move(*created));
      }
      prepare(*transfer, state.endpoint, next, paths[next]);
      transfer->budget = &state.budget;
      state.budget.active.insert(next);
      curl_multi_add_handle(state.multi, transfer->easy);
      ++next;
      ++active;
    }
    if (active == 0) continue;
    int running = 0;
    curl_multi_perform(state.multi, &running);
    int queued = 0;
    bool finished = false;
    while (CURLMsg* message = curl_multi_info_read(state.multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* transfer = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
      CURLcode code = message->data.result;
      auto result = finish(*transfer, code, state.endpoint);
      curl_multi_remove_handle(state.multi, transfer->easy);
      --active;
      size_t index = transfer->index;
      // The body now belongs to `result`: its memory leaves the budget (and is freed once the
      // caller has parsed it).
      release_body(*transfer);
      state.budget.active.erase(index);
      state.idle.push_back(transfer);
      on_done(index, std::move(result));
      finished = true;
    }
    if (finished && state.budget.waiting) resume_paused();
    if (active > 0) curl_multi_poll(state.multi, nullptr, 0, 1000, nullptr);
  }
}

// Memory was given back: every transfer paused for it tries again (and pauses again when the
// budget is still spent; the oldest in flight never is).
void HttpClient::resume_paused() {
  State& state = *state_;
  state.budget.waiting = false;
  for (auto& transfer : state.pool) {
    if (!transfer->paused) continue;
    transfer->paused = false;
    curl_easy_pause(transfer->easy, CURLPAUSE_CONT);
  }
}

std::vector<core::Result<std::string>> HttpClient::get_many(const std::vector<std::string>& paths) {
  std::vector<core::Result<std::string>> results(paths.size(), std::string());
  get_many(paths, [&](size_t index, core::Result<std::string>&& body) {
    results[index] = std::move(body);
  });
  return results;
}

}  // namespace hardock::docker
