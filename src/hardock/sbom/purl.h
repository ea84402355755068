// Package URLs (purl, https://github.com/package-url/purl-spec) for the packages an image's
// inventory lists: pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-12,
// pkg:apk/alpine/NAME@VERSION?arch=ARCH&distro=3.19.1,
// pkg:rpm/NAMESPACE/NAME@VERSION?arch=ARCH&epoch=N&distro=rhel-9.3.
//
// Encoding: every byte outside the URL unreserved set (A-Z a-z 0-9 . - _ ~) of the namespace,
// name, version and qualifier values is percent-encoded with upper-case hex, so a Debian epoch
// "1:2.3" is written "1%3A2.3" and "+" is "%2B" (what trivy, syft and packageurl-go write;
// newer spec text lets ':' stand unencoded, and every reader decodes both). Qualifier keys are
// lower case and sorted; qualifiers with an empty value are left out. Any bytes are accepted
// (names come from attacker-controlled package databases): the result is always printable
// ASCII.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "hardock/image/analyzer.h"

namespace hardock::sbom {

struct PackageUrl {
  std::string type;                               // "deb", "apk", "rpm"
  std::string namespace_;                         // "debian"; empty: none
  std::string name;                               // required
  std::string version;                            // empty: none
  std::map<std::string, std::string> qualifiers;  // key -> value, written sorted by key
};

// The canonical string of `purl` (type, namespace and name as given: normalise before).
std::string to_string(const PackageUrl& purl);

// Percent-encodes every byte outside A-Z a-z 0-9 . - _ ~.
std::string purl_encode(std::string_view text);

// The purl of an inventory package on the image's OS. Namespace from the os-release ID (deb:
// debian, ubuntu, ...; apk: alpine, ...; rpm: redhat for rhel, almalinux, rocky, centos,
// fedora, opensuse for the openSUSE IDs, suse for sles, amazon for amzn, oracle for ol; an
// unknown ID is used as it is, lower case). deb and apk names are lower-cased (the spec says
// they are case-insensitive). An rpm "[epoch:]version-release" puts a non-zero epoch in the
// `epoch` qualifier. distro: "<id>-<version_id>" for deb and rpm, "<version_id>" for apk.
PackageUrl package_url(const image::Package& package, const image::OsInfo& os);
std::string package_purl(const image::Package& package, const image::OsInfo& os);

}  // namespace hardock::sbom
