#include "hardock/image/source_http.h"
#include "hardock/core/text.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

namespace hardock::image {

struct HttpStream::State {
  CURL* easy = nullptr;
  CURLM* multi = nullptr;
  curl_slist* headers = nullptr;
  HttpRequest request;
  std::string buffer;
  std::size_t offset = 0;
  bool paused = false;
  bool body_started = false;
  bool done = false;
  CURLcode result = CURLE_OK;
  uint64_t body_bytes = 0;
  std::string overflow;                                 // set when the body passed max_bytes
  std::map<std::string, std::string> response_headers;  // lower-case names, final answer
  char errbuf[CURL_ERROR_SIZE] = {};

  ~State() {
    if (multi != nullptr && easy != nullptr) curl_multi_remove_handle(multi, easy);
    if (easy != nullptr) curl_easy_cleanup(easy);
    if (multi != nullptr) curl_multi_cleanup(multi);
    if (headers != nullptr) curl_slist_free_all(headers);
  }
};

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

// A header line is at most CURL_MAX_HTTP_HEADER (100 KiB) long; the answer's headers together are
// bounded here too, since a registry could send many.
constexpr std::size_t kMaxHeaders = 200;

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<HttpStream::State*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    state->response_headers.clear();  // a new answer (after a redirect or a 100 Continue)
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos && state->response_headers.size() < kMaxHeaders) {
    state->response_headers[core::ascii_lower(trim(line.substr(0, colon)))] =
        std::string(trim(line.substr(colon + 1)));
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<HttpStream::State*>(user);
  const std::size_t bytes = size * count;
  if (state->buffer.size() - state->offset >= HttpStream::kBufferBytes) {
    state->paused = true;  // libcurl keeps these bytes and offers them again on resume
    return CURL_WRITEFUNC_PAUSE;
  }
  state->body_bytes += bytes;
  if (state->body_bytes > state->request.max_bytes) {
    state->overflow = state->request.what + ": answer over " +
                      std::to_string(state->request.max_bytes) + " bytes";
    return 0;  // ends the transfer (CURLE_WRITE_ERROR)
  }
  if (state->offset == state->buffer.size()) {
    state->buffer.clear();
    state->offset = 0;
  } else if (state->offset > HttpStream::kBufferBytes / 2) {
    state->buffer.erase(0, state->offset);
    state->offset = 0;
  }
  state->buffer.append(data, bytes);
  state->body_started = true;
  return bytes;
}

core::ErrorCode code_for(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return core::ErrorCode::kConnectionFailed;
    case CURLE_OPERATION_TIMEDOUT:
      return core::ErrorCode::kTimeout;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
      return core::ErrorCode::kTlsFailure;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return core::ErrorCode::kConnectionDropped;
    default:
      return core::ErrorCode::kProtocol;
  }
}

// The one-line reason a transfer ended in error.
core::Error transfer_error(const HttpStream::State& state) {
  if (!state.overflow.empty() || state.result == CURLE_FILESIZE_EXCEEDED) {
    return {
        core::ErrorCode::kProtocol,
        state.request.what + ": answer over " + std::to_string(state.request.max_bytes) + " bytes",
        {}};
  }
  const std::string reason =
      state.errbuf[0] != '\0' ? std::string(state.errbuf) : curl_easy_strerror(state.result);
  return {code_for(state.result), state.request.what + ": " + reason, {}};
}

}  // namespace

HttpStream::HttpStream(std::unique_ptr<State> state) : state_(std::move(state)) {}
HttpStream::~HttpStream() = default;

core::Result<std::unique_ptr<HttpStream>> HttpStream::open(const HttpTransport& transport,
                                                           HttpRequest request) {
  auto state = std::make_unique<State>();
  state->request = std::move(request);
  state->easy = curl_easy_init();
  state->multi = curl_multi_init();
  if (state->easy == nullptr || state->multi == nullptr) {
    return core::fail(core::ErrorCode::kInternal, "libcurl could not be initialised");
  }
  CURL* easy = state->easy;
  curl_easy_setopt(easy, CURLOPT_URL, state->request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);  // registries redirect blobs to storage
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR,
                   transport.allow_plain_http_redirects ? "http,https" : "https");
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, state->errbuf);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, transport.connect_timeout_ms);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, transport.stall_timeout_seconds);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "hardock");
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(state->request.max_bytes));
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, state.get());
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, state.get());
  if (!transport.unix_socket.empty()) {
    curl_easy_setopt(easy, CURLOPT_UNIX_SOCKET_PATH, transport.unix_socket.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, transport.verify_peer ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, transport.verify_peer ? 2L : 0L);
  if (!transport.ca_file.empty()) {
    // CAINFO alone would replace the system store; CAPATH keeps it, as the docker daemon does
    // for certs.d (its CA is added to the system's, not used instead).
    curl_easy_setopt(easy, CURLOPT_CAINFO, transport.ca_file.c_str());
    curl_easy_setopt(easy, CURLOPT_CAPATH, "/etc/ssl/certs");
  }
  if (!transport.client_cert.empty()) {
    curl_easy_setopt(easy, CURLOPT_SSLCERT, transport.client_cert.c_str());
  }
  if (!transport.client_key.empty()) {
    curl_easy_setopt(easy, CURLOPT_SSLKEY, transport.client_key.c_str());
  }
  for (const auto& header : state->request.headers) {
    state->headers = curl_slist_append(state->headers, header.c_str());
  }
  if (state->headers != nullptr) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, state->headers);
  curl_multi_add_handle(state->multi, easy);

  std::unique_ptr<HttpStream> stream(new HttpStream(std::move(state)));
  // Until the answer's first body byte or its end: then its status and headers are known.
  while (!stream->state_->body_started && !stream->state_->done) stream->pump();
  State& started = *stream->state_;
  if (started.done && started.result != CURLE_OK && !started.body_started) {
    return tl::unexpected(transfer_error(started));
  }
  return stream;
}

void HttpStream::pump() {
  State& state = *state_;
  int running = 0;
  curl_multi_perform(state.multi, &running);
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(state.multi, &queued)) {
    if (message->msg == CURLMSG_DONE) {
      state.done = true;
      state.result = message->data.result;
    }
  }
  if (!state.done && state.offset == state.buffer.size() && !state.paused) {
    curl_multi_poll(state.multi, nullptr, 0, 1000, nullptr);
  }
}

long HttpStream::status() const {
  long status = 0;
  curl_easy_getinfo(state_->easy, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

std::optional<std::string> HttpStream::header(std::string_view name) const {
  auto found = state_->response_headers.find(core::ascii_lower(name));
  if (found == state_->response_headers.end()) return std::nullopt;
  return found->second;
}

core::Result<std::size_t> HttpStream::read(char* buffer, std::size_t size) {
  State& state = *state_;
  for (;;) {
    if (state.offset < state.buffer.size()) {
      const std::size_t count = std::min(size, state.buffer.size() - state.offset);
      std::memcpy(buffer, state.buffer.data() + state.offset, count);
      state.offset += count;
      return count;
    }
    if (!state.overflow.empty()) return tl::unexpected(transfer_error(state));
    if (state.done) {
      if (state.result == CURLE_OK) return 0;
      return tl::unexpected(transfer_error(state));
    }
    if (state.paused) {
      state.paused = false;
      curl_easy_pause(state.easy, CURLPAUSE_CONT);  // may deliver bytes at once
      continue;
    }
    pump();
  }
}

core::Result<std::string> HttpStream::read_all() {
  std::string out;
  char block[1 << 16];
  for (;;) {
    auto got = read(block, sizeof block);
    if (!got) return core::fail(got.error());
    if (*got == 0) return out;
    out.append(block, *got);
  }
}

core::Result<HttpAnswer> http_get(const HttpTransport& transport, HttpRequest request) {
  auto stream = HttpStream::open(transport, std::move(request));
  if (!stream) return core::fail(stream.error());
  HttpAnswer answer;
  answer.status = (*stream)->status();
  answer.content_type = (*stream)->header("content-type").value_or("");
  answer.www_authenticate = (*stream)->header("www-authenticate").value_or("");
  answer.docker_content_digest = (*stream)->header("docker-content-digest").value_or("");
  auto body = (*stream)->read_all();
  if (!body) return core::fail(body.error());
  answer.body = std::move(*body);
  return answer;
}

std::string url_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

}  // namespace hardock::image
