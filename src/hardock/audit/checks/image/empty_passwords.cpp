// Accounts that log in without a password (/etc/shadow or /etc/passwd field empty), and
// duplicate user or group ids, which make ownership ambiguous.
#include <map>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace empty_passwords {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings = image_rules::unwalked(self, context);
  for (const auto& image : *context.images) {
    if (image.tree == nullptr || image.inventory == nullptr) continue;
    std::vector<std::string> parts;
    std::vector<std::string> empty;
    for (const auto& user : image.inventory->users) {
      if (user.empty_password) empty.push_back(user.name + " (shell " + user.shell + ")");
    }
    if (!empty.empty())
      parts.push_back("accounts without a password: " + image_rules::listed(empty));
    auto duplicates = [](const std::vector<image::Account>& accounts) {
      std::map<int64_t, std::vector<std::string>> by_id;
      for (const auto& account : accounts) {
        if (account.id >= 0) by_id[account.id].push_back(account.name);
      }
      std::vector<std::string> out;
      for (const auto& [id, names] : by_id) {
        if (names.size() > 1)
          out.push_back(std::to_string(id) + " (" + image_rules::listed(names) + ")");
      }
      return out;
    };
    if (auto uids = duplicates(image.inventory->users); !uids.empty()) {
      parts.push_back("duplicate uids: " + image_rules::listed(uids));
    }
    if (auto gids = duplicates(image.inventory->groups); !gids.empty()) {
      parts.push_back("duplicate gids: " + image_rules::listed(gids));
    }
    if (parts.empty()) continue;
    std::string evidence;
    for (const auto& part : parts) evidence += (evidence.empty() ? "" : "; ") + part;
    core::Finding finding = core::make_finding(self.info, image_target(image), evidence);
    if (empty.empty()) finding.severity = core::Severity::kLow;  // duplicates only
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace empty_passwords

extern const Check kImageAccounts;  // listed in checks/list.h
const Check kImageAccounts{
    .info =
        {
            .code = "HDK-I-008",
            .slug = "image-account-defects",
            .title = "Image has accounts without a password or duplicate ids",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "DSS05.04",
            .description = "An account with an empty password field logs in without one "
                           "wherever a login is offered (su, an SSH server, a console); "
                           "duplicate uids or gids make two names the same owner, so file "
                           "ownership and audit records lie.",
            .remediation = "Lock the accounts (passwd -l NAME, or '!' in /etc/shadow) and give "
                           "every user and group its own id.",
        },
    .needs = Input::kImageFiles,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},
              "files":[{"path":"etc/passwd","content":"root:x:0:0:root:/root:/bin/sh\n"},
                       {"path":"etc/shadow","content":"root::19000:0:99999:7:::\n"}]}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},
               "files":[{"path":"etc/passwd","content":"root:x:0:0:root:/root:/bin/sh\n"},
                        {"path":"etc/shadow","content":"root:*:19000:0:99999:7:::\n"}]}]})",
    .run = empty_passwords::run,
};

}  // namespace hardock::audit::checks
