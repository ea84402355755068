// The apk installed database parser (lib/apk/db/installed), apart from the analyzer
// (analyzers/apk.cpp) so that tests and the fuzz target reach it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/image/analyzers/db_file.h"

namespace hardock::image::apk {

struct InstalledEntry {
  std::string name;                // P:
  std::string version;             // V: ("3.1.4-r5")
  std::string architecture;        // A:
  std::string origin;              // o: the source (origin) package, or `name` when absent
  std::vector<std::string> files;  // F: directory + R: file, normalised
  std::size_t line = 0;            // where the record starts, 1-based
};

struct InstalledFile {
  std::vector<InstalledEntry> entries;  // in file order, at most `max_entries`
  analyzers::ProblemList problems;      // "line 9: ..."
  bool capped = false;                  // more records than max_entries
  bool files_capped = false;            // more owned files than max_files (later ones dropped)
};

// Records are separated by blank lines; each line is "K:value" with a one-letter key. Only the
// keys hardock uses are kept (P V A o F R); the rest (checksums, sizes, dependencies, ACLs) are
// skipped. Linear in the input, never throws.
InstalledFile parse_installed(std::string_view text, std::size_t max_entries,
                              std::size_t max_files);

}  // namespace hardock::image::apk
