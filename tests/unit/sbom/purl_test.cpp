// Package URLs against the purl spec's examples and the forms trivy and syft write.
#include <gtest/gtest.h>

#include "hardock/sbom/purl.h"

namespace hardock::sbom {
namespace {

image::OsInfo os(std::string id, std::string version) {
  image::OsInfo info;
  info.id = std::move(id);
  info.version_id = std::move(version);
  return info;
}

image::Package package(std::string ecosystem, std::string name, std::string version,
                       std::string arch) {
  image::Package out;
  out.ecosystem = std::move(ecosystem);
  out.name = std::move(name);
  out.version = std::move(version);
  out.architecture = std::move(arch);
  return out;
}

TEST(Purl, SpecExamplesRoundTripThroughToString) {
  PackageUrl curl{"deb", "debian", "curl", "7.50.3-1", {{"arch", "i386"}, {"distro", "jessie"}}};
  EXPECT_EQ(to_string(curl), "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie");
  PackageUrl fedora{
      "rpm", "fedora", "curl", "7.50.3-1.fc25", {{"distro", "fedora-25"}, {"arch", "i386"}}};
  EXPECT_EQ(to_string(fedora), "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25");
  PackageUrl bare{"generic", "", "openssl", "", {}};
  EXPECT_EQ(to_string(bare), "pkg:generic/openssl");
}

TEST(Purl, DebianWithEpochAndPlus) {
  EXPECT_EQ(package_purl(package("deb", "login", "1:4.13+dfsg1-1+b1", "amd64"), os("debian", "12")),
            "pkg:deb/debian/login@1%3A4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12");
  EXPECT_EQ(package_purl(package("deb", "libc6", "2.36-9+deb12u4", "amd64"), os("debian", "12")),
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
}

TEST(Purl, UbuntuNamespaceAndLowerCaseName) {
  EXPECT_EQ(package_purl(package("deb", "LibFoo", "2.3", "arm64"), os("ubuntu", "22.04")),
            "pkg:deb/ubuntu/libfoo@2.3?arch=arm64&distro=ubuntu-22.04");
}

TEST(Purl, DebianWithoutOsFallsBackToDebianWithoutDistro) {
  EXPECT_EQ(package_purl(package("deb", "bash", "5.2.15-2+b2", ""), image::OsInfo{}),
            "pkg:deb/debian/bash@5.2.15-2%2Bb2");
}

TEST(Purl, Alpine) {
  EXPECT_EQ(package_purl(package("apk", "musl", "1.2.4_git20230717-r4", "x86_64"),
                         os("alpine", "3.19.1")),
            "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1");
}

TEST(Purl, RpmEpochBecomesAQualifierAndVendorComesFromTheOsId) {
  EXPECT_EQ(
      package_purl(package("rpm", "openssl-libs", "1:3.0.7-25.el9_3", "x86_64"), os("rhel", "9.3")),
      "pkg:rpm/redhat/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rhel-9.3&epoch=1");
  EXPECT_EQ(package_purl(package("rpm", "bash", "0:5.1.8-6.el9", "x86_64"), os("almalinux", "9.3")),
            "pkg:rpm/almalinux/bash@5.1.8-6.el9?arch=x86_64&distro=almalinux-9.3");
  EXPECT_EQ(package_purl(package("rpm", "zlib", "1.2.13-4.fc39", "x86_64"), os("fedora", "39")),
            "pkg:rpm/fedora/zlib@1.2.13-4.fc39?arch=x86_64&distro=fedora-39");
  EXPECT_EQ(package_purl(package("rpm", "glibc", "2.31-150300.63.1", "x86_64"),
                         os("opensuse-leap", "15.5")),
            "pkg:rpm/opensuse/glibc@2.31-150300.63.1?arch=x86_64&distro=opensuse-leap-15.5");
  EXPECT_EQ(
      package_purl(package("rpm", "rocky-release", "9.3-1.2.el9", "noarch"), os("rocky", "9.3")),
      "pkg:rpm/rocky/rocky-release@9.3-1.2.el9?arch=noarch&distro=rocky-9.3");
  // rpm names are case-sensitive: kept as written.
  EXPECT_EQ(package_purl(package("rpm", "PyYAML", "5.4.1-6.el9", "x86_64"), os("centos", "9")),
            "pkg:rpm/centos/PyYAML@5.4.1-6.el9?arch=x86_64&distro=centos-9");
}

TEST(Purl, HostileBytesArePercentEncoded) {
  const std::string name = std::string("a/b@c?d#e f&g=h\n\"'\xff\x00", 20);
  const std::string purl =
      package_purl(package("deb", name, "1.0/../x", "amd64&distro=evil"), os("debian", "12"));
  EXPECT_EQ(purl,
            "pkg:deb/debian/a%2Fb%40c%3Fd%23e%20f%26g%3Dh%0A%22%27%FF%00@1.0%2F..%2Fx"
            "?arch=amd64%26distro%3Devil&distro=debian-12");
  for (const char c : purl) {
    EXPECT_TRUE(c > 0x20 && c < 0x7f) << purl;
  }
}

TEST(Purl, EncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(purl_encode("AZaz09.-_~"), "AZaz09.-_~");
  EXPECT_EQ(purl_encode(":+ %"), "%3A%2B%20%25");
}

}  // namespace
}  // namespace hardock::sbom
