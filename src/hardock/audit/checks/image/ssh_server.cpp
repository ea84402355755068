// An SSH server in an image: port 22 declared, or an sshd binary or package in its files. A
// container needs no SSH: `docker exec` reaches it without a second, unaudited way in.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace ssh_server {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return image_rules::per_image(
      self, context, [](const image::ImageSubject& image) -> std::vector<std::string> {
        std::vector<std::string> parts;
        for (const auto& port : image.config.exposed_ports) {
          if (port == "22/tcp" || port == "22") parts.push_back("EXPOSE " + port);
        }
        if (image.tree != nullptr) {
          for (const char* path : {"usr/sbin/sshd", "usr/sbin/dropbear", "usr/bin/dropbear"}) {
            if (image.tree->index().find(path) != nullptr) parts.push_back("/" + std::string(path));
          }
        }
        if (image.inventory != nullptr) {
          for (const auto& package : image.inventory->packages) {
            if (package.name == "openssh-server" || package.name == "dropbear" ||
                package.name == "dropbear-bin") {
              parts.push_back("package " + package.name + " " + package.version);
            }
          }
        }
        return parts;
      });
}

}  // namespace ssh_server

extern const Check kImageSshServer;  // listed in checks/list.h
const Check kImageSshServer{
    .info =
        {
            .code = "HDK-I-003",
            .slug = "image-ssh-server",
            .title = "Image ships an SSH server or declares port 22",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "DSS05.04",
            .description = "An SSH server in an image is a second way in that bypasses the "
                           "engine's access control and audit trail, with its own keys and "
                           "passwords to manage. Judged from EXPOSE (always) and, when the "
                           "layers were walked, from sshd/dropbear binaries and packages. A "
                           "running sshd in a container is HDK-C-006.",
            .remediation = "Remove the SSH server from the image (apt-get purge "
                           "openssh-server) and the EXPOSE 22; use docker exec for access.",
        },
    .needs = Input::kImage,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{"config":{
              "ExposedPorts":{"22/tcp":{}}}}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{"config":{
               "ExposedPorts":{"8080/tcp":{}}}}}]})",
    .run = ssh_server::run,
};

}  // namespace hardock::audit::checks
