// Where the vulnerability database lives, and the checks on its file before SQLite opens it.
#pragma once

#include <string>

#include "hardock/core/result.h"

namespace hardock::vulndb {

// /var/lib/hardock/vuln.db as root; else $XDG_DATA_HOME/hardock/vuln.db when XDG_DATA_HOME is
// an absolute path, else $HOME/.local/share/hardock/vuln.db; kNotFound when none applies.
[[nodiscard]] core::Result<std::string> default_database_path();

// For writing: creates the directory of `path` (0700) when missing, and the file (0600) when
// missing, never through a link planted in its place. An existing file must be a regular file
// of this user's (a looser mode is tightened to 0600): whoever can write it chooses what
// hardock reports.
[[nodiscard]] core::Result<void> prepare_database_file(const std::string& path);

// For reading: the file must exist (kNotFound, saying to run `hardock db import`), be a
// regular file, not a link, and belong to this user or to root.
[[nodiscard]] core::Result<void> check_database_file(const std::string& path);

}  // namespace hardock::vulndb
