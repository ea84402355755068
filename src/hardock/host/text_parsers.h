// Parsers of host text files other than dockerd's own configuration (daemon_sources.h has
// those). Pure: text in, records out, never a throw, no recursion; each is a fuzz target.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/host/host_facts.h"

namespace hardock::host {

// /proc/<pid>/mountinfo: mount point, filesystem type and source of each well-formed line
// (octal escapes such as \040 decoded); malformed lines are skipped.
std::vector<MountEntry> parse_mountinfo(std::string_view text);

// auditctl rules (/etc/audit/rules.d/*.rules, audit.rules): the paths watched by -w, and by
// -F path= / -F dir= on syscall rules, each with origin "<origin>:<line>".
std::vector<AuditRule> parse_audit_rules(std::string_view text, const std::string& origin);

// Rules name /var/run/x or /run/x for the same object; compare without a trailing "/".
std::string normalise_audit_path(std::string path);

// containerd's config.toml: every `tcp_address = "host:port"` value (containerd listens on TCP
// only when [grpc] tcp_address is set).
std::vector<std::string> parse_containerd_tcp(std::string_view text);

}  // namespace hardock::host
