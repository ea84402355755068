// The dpkg database parsers, apart from the analyzer (analyzers/dpkg.cpp) so that tests and the
// fuzz target reach them: the status file (RFC 822-style stanzas) and the owned-file lists of
// /var/lib/dpkg/info/<package>.list.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/image/analyzers/db_file.h"

namespace hardock::image::dpkg {

struct StatusEntry {
  std::string name;
  std::string version;  // as written, epoch included ("1:2.36-9+deb12u4")
  std::string architecture;
  std::string source_name;     // the Source field's name, or `name`
  std::string source_version;  // the Source field's "(version)", or `version`
  std::string status;          // the Status field as written ("install ok installed")
  bool installed = false;
  std::size_t line = 0;  // where the stanza starts, 1-based
};

struct StatusFile {
  std::vector<StatusEntry> entries;  // installed or not, in file order (at most `max_entries`)
  std::size_t stanzas = 0;           // stanzas seen, counted past the cap too
  // "line 12: ..." (malformed lines, stanzas without a Package or Version, duplicate fields).
  analyzers::ProblemList problems;
  bool capped = false;  // more stanzas than max_entries
};

// Parses a status file or one status.d file. Stanzas are separated by blank (or whitespace-only)
// lines; a field is "Name: value", continuation lines start with a space or a tab; field names
// are case-insensitive. A package counts as installed when its Status says its files are on disk
// (the third word is "installed", "triggers-pending", "triggers-awaited", "half-configured" or
// "unpacked", whatever the selection: "install ok installed" and "hold ok installed" alike); in
// a status.d file (distroless: dpkg is absent, each file describes what is there) a stanza
// without Status counts as installed. Linear in the input, never recursive; never throws.
StatusFile parse_status(std::string_view text, bool status_d, std::size_t max_entries);

// The paths of a .list file, normalised ("/usr/bin/dpkg" -> "usr/bin/dpkg"), the root "/." and
// paths that climb above the root left out, at most `max_paths` (then `capped`).
struct FileList {
  std::vector<std::string> paths;
  bool capped = false;
};
FileList parse_file_list(std::string_view text, std::size_t max_paths);

}  // namespace hardock::image::dpkg
