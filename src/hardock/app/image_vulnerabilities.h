// `image` and `audit --images`: the images' inventories matched against the vulnerability
// database, when there is one. The database is optional: without --db and without a default
// file, the vulnerability checks are reported as not run, with the reason.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "hardock/app/vulndb_options.h"
#include "hardock/image/subject.h"
#include "hardock/vulnscan/assessment.h"

namespace CLI {
class App;
}

namespace hardock::app {

struct VulnFlags {
  VulnDbFlags db;
  bool ignore_unfixed = false;
};

void add_vuln_flags(CLI::App& command, VulnFlags& flags);

// Matches every subject that has an inventory and points its `assessment` into `out`. Returns
// the reason the vulnerability checks cannot run (no database), or an error when --db names a
// database that cannot be opened; empty when the subjects were matched.
[[nodiscard]] core::Result<std::string> assess_images(const VulnFlags& flags,
                                                      std::vector<image::ImageSubject>& subjects,
                                                      std::deque<vulnscan::Assessment>& out);

}  // namespace hardock::app
