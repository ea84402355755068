// dockerd's command line: splitting a command string into words and turning
// flags into settings keyed by their daemon.json name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/host/daemon_config.h"

namespace hardock::host {

// Shell-like word splitting: whitespace separates, '...' and "..." quote,
// backslash escapes (outside single quotes). Unbalanced quotes end at the end.
std::vector<std::string> split_words(std::string_view text);

// The flags in `args` (no program name), each as a kFlag setting whose source
// is `source` (or, per word, `word_sources[i]` when it is not empty). Unknown
// flags keep their own name as key. `--config-file` is returned too (key
// "config-file"), although daemon.json has no such key.
struct WordSource {
  std::string word;
  std::string source;
};
std::vector<DaemonSetting> parse_dockerd_flags(const std::vector<WordSource>& args);

// True when daemon.json `key` is one of dockerd's boolean settings ("icc", "live-restore"):
// dockerd refuses to start when its value is anything but true or false.
bool is_boolean_setting(std::string_view key);

// True when `word` names a dockerd binary ("/usr/bin/dockerd", "dockerd").
bool is_dockerd_program(std::string_view word);

}  // namespace hardock::host
