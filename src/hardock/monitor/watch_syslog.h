// Alerts to syslog: one datagram per alert on a local unix socket (/dev/log by default), facility
// daemon, severity warning, tag hardock-watch, in RFC 3164 (the BSD format glibc's syslog()
// writes, with the host name) or RFC 5424. hardock writes the datagrams itself, so the socket can
// be another one (`--syslog-socket`: a relay's, a test receiver's).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hardock/core/result.h"

namespace hardock::monitor {

enum class SyslogFormat { kRfc3164, kRfc5424 };

// "rfc3164" or "rfc5424"; kInvalidArgument otherwise.
[[nodiscard]] core::Result<SyslogFormat> parse_syslog_format(std::string_view text);

// One message, without a trailing newline. `time_nano`: Unix time in nanoseconds. The message is
// cut to one line (a newline would split it in a receiver). Priority: daemon.warning (28).
[[nodiscard]] std::string syslog_message(SyslogFormat format, std::int64_t time_nano,
                                         std::string_view host, std::string_view tag, int pid,
                                         std::string_view message);

class SyslogSender {
 public:
  SyslogSender(std::string socket_path, SyslogFormat format);
  ~SyslogSender();
  SyslogSender(const SyslogSender&) = delete;
  SyslogSender& operator=(const SyslogSender&) = delete;

  // Sends one message; connects (again) as needed: a syslog daemon that restarted is found
  // again. kIo naming the socket when it cannot be sent.
  [[nodiscard]] core::Result<void> send(std::string_view message);
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
  SyslogFormat format_;
  std::string host_;
  int fd_ = -1;
};

}  // namespace hardock::monitor
