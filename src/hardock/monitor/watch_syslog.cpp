#include "hardock/monitor/watch_syslog.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "hardock/io/escape.h"

namespace hardock::monitor {
namespace {

constexpr int kPriority = 3 * 8 + 4;  // daemon (3), warning (4)
constexpr std::size_t kMaxMessage = 64 * 1024;

std::string own_host() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "-";
  // RFC 5424 HOSTNAME is printable US-ASCII without spaces; so is a sane host name.
  std::string out;
  for (const char c : std::string_view(name.data())) {
    out += (c > 32 && c < 127) ? c : '_';
  }
  return out;
}

}  // namespace

core::Result<SyslogFormat> parse_syslog_format(std::string_view text) {
  if (text == "rfc3164") return SyslogFormat::kRfc3164;
  if (text == "rfc5424") return SyslogFormat::kRfc5424;
  return core::fail(core::ErrorCode::kInvalidArgument,
                    "--syslog-format: '" + io::terminal_safe(io::truncate(text, 40)) +
                        "' is not rfc3164 or rfc5424");
}

std::string syslog_message(SyslogFormat format, std::int64_t time_nano, std::string_view host,
                           std::string_view tag, int pid, std::string_view message) {
  const std::time_t seconds = static_cast<std::time_t>(time_nano / 1'000'000'000);
  std::tm tm{};
  std::array<char, 64> stamp{};
  std::string out = "<" + std::to_string(kPriority) + ">";
  if (format == SyslogFormat::kRfc3164) {
    localtime_r(&seconds, &tm);  // RFC 3164: local time, "Mmm dd hh:mm:ss", day space-padded
    std::strftime(stamp.data(), stamp.size(), "%b %e %H:%M:%S", &tm);
    out += stamp.data();
    out += " " + std::string(host) + " " + std::string(tag) + "[" + std::to_string(pid) + "]: ";
  } else {
    gmtime_r(&seconds, &tm);
    std::strftime(stamp.data(), stamp.size(), "%Y-%m-%dT%H:%M:%S", &tm);
    const auto micros = (time_nano % 1'000'000'000) / 1000;
    std::array<char, 16> fraction{};
    std::snprintf(fraction.data(), fraction.size(), ".%06lld", static_cast<long long>(micros));
    // VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG
    out += "1 " + std::string(stamp.data()) + fraction.data() + "Z " + std::string(host) + " " +
           std::string(tag) + " " + std::to_string(pid) + " alert - ";
  }
  out += io::one_line(io::truncate(message, kMaxMessage));
  return out;
}

SyslogSender::SyslogSender(std::string socket_path, SyslogFormat format)
    : path_(std::move(socket_path)), format_(format), host_(own_host()) {}

SyslogSender::~SyslogSender() {
  if (fd_ >= 0) ::close(fd_);
}

core::Result<void> SyslogSender::send(std::string_view message) {
  const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  const std::string datagram =
      syslog_message(format_, now, host_, "hardock-watch", static_cast<int>(getpid()), message);
  auto fail = [&](const char* what, int error) {
    return core::fail(core::ErrorCode::kIo,
                      "syslog socket " + path_ + ": " + what + ": " + std::strerror(error));
  };
  // Twice at most: a socket whose reader went away is reconnected once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0) {
      sockaddr_un address{};
      address.sun_family = AF_UNIX;
      if (path_.size() >= sizeof(address.sun_path)) {
        return core::fail(core::ErrorCode::kInvalidArgument,
                          "syslog socket " + path_ + ": path too long");
      }
      std::memcpy(address.sun_path, path_.data(), path_.size());
      fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd_ < 0) return fail("socket", errno);
      // A stalled reader delays alerts by a second at most, then this one is reported unsent.
      const timeval timeout{1, 0};
      ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
      if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        return fail("connect", error);
      }
    }
    if (::send(fd_, datagram.data(), datagram.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(datagram.size())) {
      return {};
    }
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (attempt == 1) return fail("send", error);
  }
  return {};
}

}  // namespace hardock::monitor
