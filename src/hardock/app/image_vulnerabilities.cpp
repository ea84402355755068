#include "hardock/app/image_vulnerabilities.h"

#include <sys/stat.h>

#include <iostream>

#include "hardock/app/cli11.h"
#include "hardock/io/escape.h"
#include "hardock/vulndb/database.h"
#include "hardock/vulnscan/assess.h"

namespace hardock::app {

void add_vuln_flags(CLI::App& command, VulnFlags& flags) {
  add_vulndb_flags(command, flags.db);
  command.add_flag("--ignore-unfixed", flags.ignore_unfixed,
                   "Leave out vulnerabilities that have no fixed version yet");
}

core::Result<std::string> assess_images(const VulnFlags& flags,
                                        std::vector<image::ImageSubject>& subjects,
                                        std::deque<vulnscan::Assessment>& out) {
  auto path = vulndb_path(flags.db);
  if (!path) return "no vulnerability database: " + path.error().message;
  struct stat status {};
  if (flags.db.db.empty() && ::lstat(path->c_str(), &status) != 0) {
    // The default database is not there: the checks say so; --db naming a missing file is an
    // error instead (a typo must not turn into "not run").
    return "no vulnerability database at " + *path + " (hardock db import FEED)";
  }
  auto database = open_vulndb(flags.db, vulndb::Database::Access::kRead);
  if (!database) return core::fail(database.error());
  for (auto& subject : subjects) {
    if (subject.inventory == nullptr) continue;
    auto assessment = vulnscan::assess(*subject.inventory, *database);
    if (!assessment) {
      // The database could not be read for this image: each part is could-not-look.
      const std::string reason =
          "vulnerability database " + *path + ": " + assessment.error().message;
      std::cerr << "hardock: warning: image " << io::terminal_safe(subject.name) << ": "
                << io::terminal_safe(reason) << "\n";
      vulnscan::Assessment failed;
      failed.vulnerabilities_unknown_reason = reason;
      failed.suites_unknown_reason = reason;
      failed.support_unknown_reason = reason;
      out.push_back(std::move(failed));
    } else {
      out.push_back(std::move(*assessment));
    }
    subject.assessment = &out.back();
  }
  return std::string();
}

}  // namespace hardock::app
