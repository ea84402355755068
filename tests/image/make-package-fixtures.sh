#!/usr/bin/env bash
# Builds the package-database fixtures for the image analyzer tests under $1, with the real
# tools (Debian packages rpm, db5.3-util and dpkg itself); nothing binary is committed.
#
#   rpm/specs/, rpm/RPMS/    small packages built with rpmbuild (epochs, subpackages whose source
#                            differs from their name, a package owning 400 files)
#   rpm/v1/                  the same database in the three formats rpm has used:
#                              rpmdb.sqlite  written by `rpm -i --justdb` (sqlite backend)
#                              Packages      Berkeley DB hash (db5.3_load), checked with rpm's
#                                            own read-only reader (_db_backend bdb_ro)
#                              Packages.db   ndb (written by rpmdb-convert.py: Debian's rpm
#                                            cannot write ndb)
#   rpm/v1-be512/Packages    Berkeley DB, big-endian, 512-byte pages: overflow chains, many
#                            buckets, byte swapping (also checked with bdb_ro)
#   rpm/v2/                  v1 after `rpm -U` of hello 2.13 and `rpm -e tzdata`, same formats
#   rpm/v{1,2}.expected      `rpm -qa` of each: NAME|EPOCHNUM|VERSION|RELEASE|ARCH|SOURCERPM
#   rpm/headers/             each header blob alone (fuzz seeds)
#   dpkg/host/status, info/  this machine's dpkg database and the .list files of a few packages
#   dpkg/host/expected       dpkg-query's view of it: Package|Version|Architecture|
#                            source:Package|source:Version|db:Status-Status
#   dpkg/host/<pkg>.files    dpkg-query -L of those few packages
#   dpkg/distroless/status.d distroless-style: this machine's stanzas of a few packages, one file
#                            each, without Status (as distroless images have them), with their
#                            .md5sums beside them
#   apk/installed            an Alpine installed database in apk-tools' text format (apk-tools
#                            is not packaged for Debian: written from its documented format)
#   fuzz/<target>/           small seeds for the fuzz targets (fuzz/CMakeLists.txt): dpkg, apk,
#                            rpm-header, rpm-sqlite, rpm-bdb, rpm-ndb
#
# Rebuilt from scratch on every call (a second or two); exit 77 when a tool is missing (the
# tests then skip with that reason: scripts/install-deps.sh installs them).
set -euo pipefail
out=${1:?usage: make-package-fixtures.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)

for tool in rpm rpmbuild db5.3_load dpkg-query python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "make-package-fixtures: $tool not installed (scripts/install-deps.sh)" >&2
    exit 77
  fi
done

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
work=$out.tmp

# --- rpm ---------------------------------------------------------------------------------
mkdir -p "$work/rpm/specs"
spec() {  # NAME FILE: the spec text from stdin
  cat >"$work/rpm/specs/$1.spec"
}

spec hello-2.12 <<'EOF'
Name: hello
Epoch: 1
Version: 2.12
Release: 3.el9
Summary: hello
License: MIT
%description
hello
%package libs
Summary: hello libraries
%description libs
libs
%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/usr/lib64 %{buildroot}/usr/share/doc/hello
echo hello > %{buildroot}/usr/bin/hello
echo readme > %{buildroot}/usr/share/doc/hello/README
echo lib > %{buildroot}/usr/lib64/libhello.so.1
%files
/usr/bin/hello
/usr/share/doc/hello/README
%files libs
/usr/lib64/libhello.so.1
EOF
sed -e 's/^Version: 2.12/Version: 2.13/' -e 's/^Release: 3.el9/Release: 1.el9/' \
  "$work/rpm/specs/hello-2.12.spec" | spec hello-2.13

spec tzdata <<'EOF'
Name: tzdata
Version: 2024a
Release: 1.el9
Summary: tzdata
License: Public Domain
BuildArch: noarch
%description
tzdata
%install
mkdir -p %{buildroot}/usr/share/zoneinfo
echo UTC > %{buildroot}/usr/share/zoneinfo/UTC
%files
/usr/share/zoneinfo/UTC
EOF

# A source name with dashes and a '+', epoch 0 written out (shown as none).
spec perl-text <<'EOF'
Name: perl-Text-Tabs+Wrap
Epoch: 0
Version: 2013.0523
Release: 460.el9
Summary: perl
License: GPL
BuildArch: noarch
%description
perl
%install
mkdir -p %{buildroot}/usr/share/perl5/Text
echo 1 > %{buildroot}/usr/share/perl5/Text/Tabs.pm
%files
/usr/share/perl5/Text/Tabs.pm
EOF

# Only the subpackage is built: its source (python3.11) is never installed itself.
spec python <<'EOF'
Name: python3.11
Version: 3.11.2
Release: 1.el9
Summary: python
License: PSF
%description
python
%package libs
Summary: python libs
%description libs
libs
%install
mkdir -p %{buildroot}/usr/lib64
echo lib > %{buildroot}/usr/lib64/libpython3.11.so.1.0
%files libs
/usr/lib64/libpython3.11.so.1.0
EOF

# 400 files in 20 directories: a header of several kilobytes, stored in overflow pages.
{
  cat <<'EOF'
Name: bigfiles
Version: 1.0
Release: 1
Summary: many files
License: MIT
%description
many files
%install
for d in $(seq -w 1 20); do
  mkdir -p %{buildroot}/usr/share/bigfiles/dir$d
  for f in $(seq -w 1 20); do echo $d$f > %{buildroot}/usr/share/bigfiles/dir$d/file$f; done
done
%files
/usr/share/bigfiles/dir*/file*
EOF
} | spec bigfiles

# rpmbuild spends most of its second waiting: build the packages side by side. The shared
# output directories are made here too: the parallel rpmbuilds would each make RPMS/x86_64 and
# RPMS/noarch, the same race as below (the likely cause of a rare setup failure in under a
# second, which 12 runs in a row did not reproduce).
mkdir -p "$work/rpm/RPMS"/{x86_64,noarch}
pids=()
for specfile in "$work"/rpm/specs/*.spec; do
  name=$(basename "$specfile" .spec)
  # Made here, not by the parallel rpmbuilds: rpm's own mkpath races on the shared parent and
  # fails with "failed to create directory %{_topdir}: File exists".
  mkdir -p "$work/rpm/build/$name"/{BUILD,BUILDROOT,RPMS,SOURCES,SPECS,SRPMS}
  rpmbuild -bb --quiet --target x86_64 --define "_topdir $work/rpm/build/$name" \
    --define "_rpmdir $work/rpm/RPMS" --define '_build_id_links none' \
    --define 'debug_package %{nil}' --define '__os_install_post %{nil}' \
    --define '_buildhost fixtures' "$specfile" >"$work/rpm/build-$name.log" 2>&1 &
  pids+=("$!")
done
for pid in "${pids[@]}"; do
  wait "$pid" || {
    cat "$work"/rpm/build-*.log >&2
    exit 1
  }
done
rpms=$work/rpm/RPMS

rpmq() {  # DBDIR [rpm options]: the packages of a database, one line each, sorted
  local dbpath=$1
  shift
  rpm -qa --dbpath "$dbpath" "$@" \
    --qf '%{NAME}|%{EPOCHNUM}|%{VERSION}|%{RELEASE}|%{ARCH}|%{SOURCERPM}\n' 2>/dev/null | sort
}

# Debian's rpm warns that it is not meant to install packages; --justdb touches no file.
rpmi() { rpm "$@" --justdb --nodeps --noscripts 2>&1 | grep -v -e 'use Alien' -e 'know what' || true; }

bdb_check() {  # FILE EXPECTED: rpm's own Berkeley DB reader must list what sqlite holds
  local dir
  dir=$(mktemp -d "$work/bdb.XXXXXX")
  cp "$1" "$dir/Packages"
  if [[ $(rpmq "$dir" --define '_db_backend bdb_ro') != "$(cat "$2")" ]]; then
    echo "make-package-fixtures: rpm reads $1 differently from rpmdb.sqlite" >&2
    exit 1
  fi
  rm -rf "$dir"
}

v1=$work/rpm/v1
mkdir -p "$v1"
rpm --initdb --dbpath "$v1"
rpmi -i --dbpath "$v1" "$rpms"/x86_64/hello-2.12-3.el9.x86_64.rpm \
  "$rpms"/x86_64/hello-libs-2.12-3.el9.x86_64.rpm "$rpms"/noarch/tzdata-2024a-1.el9.noarch.rpm \
  "$rpms"/noarch/perl-Text-Tabs+Wrap-2013.0523-460.el9.noarch.rpm \
  "$rpms"/x86_64/python3.11-libs-3.11.2-1.el9.x86_64.rpm "$rpms"/x86_64/bigfiles-1.0-1.x86_64.rpm

v2=$work/rpm/v2
mkdir -p "$v2"
cp "$v1/rpmdb.sqlite" "$v2/"
rpmi -U --dbpath "$v2" "$rpms"/x86_64/hello-2.13-1.el9.x86_64.rpm \
  "$rpms"/x86_64/hello-libs-2.13-1.el9.x86_64.rpm
rpmi -e --dbpath "$v2" tzdata

for dir in "$v1" "$v2"; do rpmq "$dir" >"$dir.expected"; done
python3 "$here/rpmdb-convert.py" "$v1" "$v2"
for dir in "$v1" "$v2"; do
  db5.3_load -f "$dir/Packages.dump" "$dir/Packages"
  bdb_check "$dir/Packages" "$dir.expected"
done
be=$work/rpm/v1-be512
mkdir -p "$be"
db5.3_load -c db_lorder=4321 -c db_pagesize=512 -f "$v1/Packages-be.dump" "$be/Packages"
bdb_check "$be/Packages" "$v1.expected"
mv "$v1/headers" "$work/rpm/headers"
rm -rf "$work/rpm/build" "$work"/rpm/build-*.log "$work"/bdb.* "$v2/headers"
rm -f "$work"/rpm/v*/*.dump "$work"/rpm/v*/rpmdb.sqlite-* "$work"/rpm/v*/.rpm.lock

# --- dpkg --------------------------------------------------------------------------------
admin=/var/lib/dpkg
host=$work/dpkg/host
mkdir -p "$host/info"
cp "$admin/status" "$host/status"
dpkg-query --admindir="$admin" -W \
  -f '${Package}|${Version}|${Architecture}|${source:Package}|${source:Version}|${db:Status-Status}\n' \
  | sort >"$host/expected"
for pkg in dpkg libc6 bash coreutils; do
  for list in "$admin/info/$pkg.list" "$admin/info/$pkg:"*.list; do
    [[ -f $list ]] && cp "$list" "$host/info/"
  done
  dpkg-query --admindir="$admin" -L "$pkg" >"$host/$pkg.files" 2>/dev/null || true
done

distroless=$work/dpkg/distroless/status.d
mkdir -p "$distroless"
for pkg in base-files libc6 libssl3 tzdata zlib1g; do
  awk -v pkg="$pkg" '
    /^Package: / { keep = ($2 == pkg) }
    /^$/ { if (keep) exit }
    keep && !/^Status: / { print }
  ' "$admin/status" >"$distroless/$pkg"
  if [[ -s $distroless/$pkg ]]; then
    for sums in "$admin/info/$pkg.md5sums" "$admin/info/$pkg:"*.md5sums; do
      [[ -f $sums ]] && cp "$sums" "$distroless/$pkg.md5sums"
    done
  else
    rm -f "$distroless/$pkg"
  fi
done

# --- apk ---------------------------------------------------------------------------------
# The records of an Alpine 3.19 base image, in the field order apk-tools writes (C: checksum,
# P: name, V: version, A: arch, S: size, I: installed size, T: description, U: url, L: license,
# o: origin, m: maintainer, t: build time, c: commit, D: depends, p: provides, r: replaces,
# i: install_if, F: directory, M: directory acl, R: file, a: file acl, Z: file checksum).
mkdir -p "$work/apk"
cat >"$work/apk/installed" <<'EOF'
C:Q1p8+Lh2zZ3QdGIH6cZqN2f5nqZGk=
P:alpine-baselayout-data
V:3.4.3-r2
A:x86_64
S:11664
I:77824
T:Alpine base dir structure and init scripts
U:https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout
L:GPL-2.0-only
o:alpine-baselayout
m:Natanael Copa <ncopa@alpinelinux.org>
t:1704975312
c:7749273fed55f6e1df7c9ee6a127f18bc4e7c7c1
r:alpine-baselayout
F:etc
R:fstab
Z:Q11Q7hNe8QpDS531guqCdrXBzoA/o=
R:group
Z:Q12Otk4M39fP2Zjkobu0nC9FvlRI0=
R:passwd
Z:Q1TchuuLUfur0izvfZQZxgN/LJhB8=

C:Q1BEhxBtK5lLpGSVmR+XMvoDPkJ1s=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:407278
I:663552
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>
t:1700000000
c:4a5e7b1b5c6d9f4b4c7b4d1e2f3a4b5c6d7e8f90
p:so:libc.musl-x86_64.so.1=1
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1GH2MN2F0Mn1c3gBrxMTVfAbKpVg=
R:libc.musl-x86_64.so.1
a:0:0:777
Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=

C:Q1xq2W1lr0J0g9k2nNWU6d6xB8DOs=
P:busybox
V:1.36.1-r15
A:x86_64
S:507831
I:962560
T:Size optimized toolbox of many common UNIX utilities
U:https://busybox.net/
L:GPL-2.0-only
o:busybox
m:Sören Tempel <soeren+alpine@soeren-tempel.net>
t:1705000000
c:aa11bb22cc33dd44ee55ff6677889900aabbccdd
D:so:libc.musl-x86_64.so.1
p:/bin/sh cmd:busybox=1.36.1-r15 cmd:sh=1.36.1-r15
r:busybox-initscripts
F:bin
R:busybox
a:0:0:755
Z:Q1WUwBY0eOGgzgVxTZxJBZPyQUicI=
R:sh
a:0:0:777
Z:Q1pcfTfDNEbNKQc2s1tia7da05M8Q=
F:etc
F:etc/logrotate.d
R:acpid
Z:Q1TylyCINVmnS+A/Tead4vZhE7Bks=
F:usr
F:usr/share
F:usr/share/udhcpc
R:default.script
a:0:0:755
Z:Q1t9vir/ZqAB5fd6YIPzuu7U7dfxY=

C:Q1Y9ZG4Q7pY4vPv9aZwYfQ8Qy4mBU=
P:libcrypto3
V:3.1.4-r5
A:x86_64
S:1708288
I:4493312
T:Crypto library from openssl
U:https://www.openssl.org/
L:Apache-2.0
o:openssl
m:Ariadne Conill <ariadne@dereferenced.org>
t:1706000000
c:0f1e2d3c4b5a69788796a5b4c3d2e1f001122334
D:so:libc.musl-x86_64.so.1
p:so:libcrypto.so.3=3
r:libcrypto1.1
F:etc
F:etc/ssl
R:openssl.cnf.dist
Z:Q1a8d2bK7pHqS4lJq0yZn2p5Z1xgR0=
F:usr
F:usr/lib
R:libcrypto.so.3
a:0:0:755
Z:Q1wHc5J+FqGvQ2HcGmM9Xo3b3XzC4=

C:Q1b2cXx0b7Hm4n7oYcJj9K9J4x8PKY=
P:ssl_client
V:1.36.1-r15
A:x86_64
S:4705
I:14336
T:EXternal ssl_client for busybox wget
U:https://busybox.net/
L:GPL-2.0-only
o:busybox
m:Sören Tempel <soeren+alpine@soeren-tempel.net>
t:1705000000
c:aa11bb22cc33dd44ee55ff6677889900aabbccdd
D:so:libc.musl-x86_64.so.1 so:libcrypto.so.3 so:libssl.so.3
i:busybox=1.36.1-r15 libssl3
F:usr
F:usr/bin
R:ssl_client
a:0:0:755
Z:Q1XzKZ0QSYUb8b3HXNLhE2zCZp1Lw=

EOF

# --- fuzz seeds ----------------------------------------------------------------------------
seeds=$work/fuzz
mkdir -p "$seeds"/{dpkg,apk,rpm-header,rpm-sqlite,rpm-bdb,rpm-ndb}
small=$(mktemp -d "$work/small.XXXXXX")
python3 "$here/rpmdb-convert.py" --small "$v1/rpmdb.sqlite" "$small"
db5.3_load -c db_pagesize=512 -f "$small/Packages.dump" "$seeds/rpm-bdb/Packages"
cp "$small/rpmdb.sqlite" "$seeds/rpm-sqlite/"
cp "$small/Packages.db" "$seeds/rpm-ndb/"
cp "$small"/headers/*.hdr "$seeds/rpm-header/"
rm -rf "$small"
cp "$work/apk/installed" "$seeds/apk/"
cp "$distroless"/* "$seeds/dpkg/"
head -c 16384 "$host/status" >"$seeds/dpkg/status-head"

rm -rf "$out"
mv "$work" "$out"
