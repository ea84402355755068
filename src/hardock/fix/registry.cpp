// The one table of fixes: finding code -> fix. Codes not listed stay findings (a note).
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix {

const std::vector<FixEntry>& fix_table() {
  static const std::vector<FixEntry> table = {
      {"HDK-B-001", "add a non-root USER (creating it where the base is known)", fixes::user_root},
      {"HDK-B-003", "pin the base image to its digest", fixes::pin_digest},
      {"HDK-B-005", "ADD of local files -> COPY", fixes::add_local},
      {"HDK-B-007", "remove EXPOSE 22", fixes::expose_ssh},
      {"HDK-B-014", "add HEALTHCHECK (with --fix-healthcheck CMD)", fixes::healthcheck},
      {"HDK-B-042", "merge a RUN that only updates into the next RUN", fixes::update_alone},
      {"HDK-B-043", "add -y to package installs", fixes::assume_yes},
      {"HDK-B-044", "add --no-install-recommends to apt-get install", fixes::apt_recommends},
      {"HDK-B-045", "remove the apt lists in the same RUN", fixes::apt_lists},
      {"HDK-B-046", "add --no-cache to apk add", fixes::apk_cache},
      {"HDK-B-047", "add yum/dnf/microdnf clean all", fixes::yum_dnf_cache},
      {"HDK-B-048", "add zypper clean", fixes::zypper_cache},
      {"HDK-B-049", "add --no-cache-dir to pip install", fixes::pip_cache},
      {"HDK-B-051", "remove the SSH server package from installs", fixes::ssh_server},
      {"HDK-B-054", "set SHELL with -o pipefail after FROM", fixes::pipefail},
  };
  return table;
}

}  // namespace hardock::fix
