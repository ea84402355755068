#!/usr/bin/env bash
# A real Debian 12 image, made with debootstrap from the machine's Debian mirror, checked against
# Debian's own tools (ctest: tests/image/debian.cmake, label engine).
#
#   tests/image/debian-test.sh setup DIR HOST     debootstrap (kept in DIR between runs), import
#   tests/image/debian-test.sh CASE DIR HARDOCK   one case
#
# The rootfs: `debootstrap --variant=minbase --include=openssh-server bookworm` (so sshd and the
# setuid binaries of login and passwd are in it), imported as hardock-test/debian:12 on the
# private engine and saved with `docker save`. CASE:
#   inventory   every package dpkg-query (the real one, --admindir on the rootfs) lists is in
#               hardock's inventory with the same version, architecture and source, and no other;
#               the OS is debian 12; the engine export and the docker save file agree
#   findings    SSH server (HDK-I-003) and setuid files (HDK-I-006) found, naming the very files
#               `find -perm -4000` lists in the rootfs; no could-not-look finding
#   vulnerabilities
#               with the real bookworm-security APT index imported (the machine's
#               /var/lib/apt/lists, else fetched by tests/vulndb/fetch-apt-index.sh), the packages
#               HDK-I-015 calls outdated are exactly those `dpkg --compare-versions` finds older
#               than the index's newest version; an OSV record written here for one source package
#               of the image (fixed just above its version) gives HDK-I-014 for every binary built
#               from it and for no other, while records fixed at or introduced after its version
#               do not; the real debian-security-support list is read (HDK-I-016 looks)
# The mirror is the first Debian URI of /etc/apt/sources.list.d/debian.sources (else
# http://deb.debian.org/debian), or HARDOCK_DEBIAN_MIRROR. Exits 77 (skipped) without a private
# engine, unless CI=true.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"
[[ $# -ge 2 ]] || die "usage: $0 setup DIR HOST | CASE DIR HARDOCK"
step=$1 dir=$2
image=hardock-test/debian:12

skip_or_fail() {
  [[ ${CI:-} != true ]] || die "CI=true but $1"
  echo "skipped: $1"
  exit 77
}

mirror() {
  local uri
  [[ -z ${HARDOCK_DEBIAN_MIRROR:-} ]] || { echo "$HARDOCK_DEBIAN_MIRROR"; return; }
  uri=$(awk '/^URIs:/ && /debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

if [[ $step == setup ]]; then
  host=${3:-}
  [[ -n $host ]] || skip_or_fail "no private engine (HARDOCK_TEST_DOCKER_HOST unset)"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (scripts/install-deps.sh)"
  mkdir -p "$dir"
  # The rootfs is kept between runs: debootstrap takes a minute and the mirror does not change
  # what it installs within a release.
  if [[ ! -f $dir/rootfs.done ]]; then
    rm -rf "$dir/rootfs"
    debootstrap --variant=minbase --include=openssh-server bookworm "$dir/rootfs" "$(mirror)" \
      >"$dir/debootstrap.log" 2>&1 || { tail -5 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
    touch "$dir/rootfs.done"
  fi
  export DOCKER_HOST=$host
  tar -C "$dir/rootfs" --numeric-owner -c . | docker import -c 'CMD ["/bin/bash"]' - "$image" >/dev/null
  docker save -o "$dir/debian.tar" "$image"
  dpkg-query --admindir="$dir/rootfs/var/lib/dpkg" -W \
    -f '${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n' |
    sort >"$dir/dpkg-query.tsv"
  (cd "$dir/rootfs" && find . -xdev -type f \( -perm -4000 -o -perm -2000 \) | sed 's|^\.||' | sort) \
    >"$dir/setuid.txt"
  # The bookworm-security index, as apt fetches it: the machine's own when apt has it.
  mkdir -p "$dir/lists"
  rm -f "$dir/lists/"*
  found=$(find /var/lib/apt/lists -maxdepth 1 -name '*_dists_bookworm-security_main_binary-amd64_Packages*' 2>/dev/null | head -1)
  if [[ -n $found ]]; then
    cp "$found" "$dir/lists/"
  else
    "$here/../vulndb/fetch-apt-index.sh" "$dir/lists" >/dev/null || die "cannot fetch the bookworm-security index"
  fi
  echo "HOST=$host" >"$dir/env"
  exit 0
fi

hardock=${3:?}
[[ -f $dir/env ]] || skip_or_fail "the Debian image was not made (no private engine)"
# shellcheck disable=SC1091
source "$dir/env"
export DOCKER_HOST=$HOST
out=$(mktemp -d /tmp/hardock-debian-test.XXXXXX)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

read_image() {  # NAME ARGS...: writes $out/NAME.inventory.json and $out/NAME.report.json
  local name=$1 code=0
  shift
  "$hardock" image "$@" --inventory "$out/$name.inventory.json" -f json -o "$out/$name.report.json" || code=$?
  [[ $code -le 1 ]] || fail "hardock image $* exited $code"
}

case $step in
  inventory)
    read_image engine "$image"
    read_image archive --input "$dir/debian.tar" "$image"
    inv=$out/engine.inventory.json
    [[ $(jq -r '.os.id + " " + .os.version_id' "$inv") == "debian 12" ]] ||
      fail "OS: $(jq -c .os "$inv")"
    [[ $(jq '.errors | length' "$inv") -eq 0 ]] || fail "inventory errors: $(jq -c .errors "$inv")"
    # dpkg-query prints the source as the package itself when there is none; so does hardock.
    jq -r '.packages[] | select(.ecosystem == "deb") |
      [.name, .version, .architecture, (if .source_name == "" then .name else .source_name end),
       (if .source_version == "" then .version else .source_version end)] | @tsv' "$inv" |
      sort >"$out/hardock.tsv"
    [[ $(wc -l <"$dir/dpkg-query.tsv") -gt 80 ]] || fail "dpkg-query listed too few packages"
    diff -u "$dir/dpkg-query.tsv" "$out/hardock.tsv" || fail "inventory differs from dpkg-query (above)"
    for name in engine archive; do
      jq -S '{os, packages, errors, files}' "$out/$name.inventory.json" >"$out/$name.inv"
    done
    diff -u "$out/archive.inv" "$out/engine.inv" >/dev/null || fail "engine export and docker save differ"
    ;;
  findings)
    read_image engine "$image"
    rep=$out/engine.report.json
    for code in HDK-I-003 HDK-I-006; do
      jq -e --arg c "$code" '[.findings[] | select(.check==$c and .status=="fail")] | length > 0' "$rep" >/dev/null ||
        fail "no failing $code: $(jq -c '[.findings[] | {check, status, evidence}]' "$rep")"
    done
    [[ $(wc -l <"$dir/setuid.txt") -ge 3 ]] || fail "find listed too few setuid files"
    evidence=$(jq -r '[.findings[] | select(.check=="HDK-I-006") | .evidence] | join(" ")' "$rep")
    while read -r file; do
      [[ $evidence == *"${file#/}"* ]] || fail "setuid file $file not named: $evidence"
    done <"$dir/setuid.txt"
    unchecked=$(jq '[.findings[] | select(.status != "fail")] | length' "$rep")
    [[ $unchecked -eq 0 ]] || fail "could-not-look findings: $(jq -c '[.findings[] | select(.status != "fail")]' "$rep")"
    ;;
  vulnerabilities)
    index=$(find "$dir/lists" -maxdepth 1 -name '*bookworm-security*Packages*' | head -1)
    [[ -n $index ]] || fail "no bookworm-security index in $dir/lists (setup)"
    db=$out/vuln.db
    "$hardock" db import --db "$db" --packages "$index" >/dev/null
    support=/usr/share/debian-security-support/security-support-ended.deb12
    [[ -f $support ]] || fail "$support is missing (apt-get install debian-security-support)"
    "$hardock" db import --db "$db" "$support" >/dev/null
    # The reference: each installed package older than the newest version the index has.
    case $index in
      *.lz4) cat_index=(lz4cat) ;; *.xz) cat_index=(xzcat) ;; *.gz) cat_index=(zcat) ;; *) cat_index=(cat) ;;
    esac
    "${cat_index[@]}" "$index" | awk '/^Package: /{p=$2} /^Version: /{print p "\t" $2}' >"$out/index.tsv"
    : >"$out/expected-outdated.txt"
    while IFS=$'\t' read -r name version _; do
      newest=""
      while IFS=$'\t' read -r _ candidate; do
        if [[ -z $newest ]] || dpkg --compare-versions "$candidate" gt "$newest"; then newest=$candidate; fi
      done < <(awk -F'\t' -v n="$name" '$1 == n' "$out/index.tsv")
      if [[ -n $newest ]] && dpkg --compare-versions "$version" lt "$newest"; then
        echo "$name $version $newest" >>"$out/expected-outdated.txt"
      fi
    done <"$dir/dpkg-query.tsv"
    sort -o "$out/expected-outdated.txt" "$out/expected-outdated.txt"
    # One source package of the image, its binaries and its source version.
    source_name=$(awk -F'\t' '$4 == "openssh" {print $4; exit}' "$dir/dpkg-query.tsv")
    [[ -n $source_name ]] || source_name=$(awk -F'\t' 'NR == 1 {print $4}' "$dir/dpkg-query.tsv")
    source_version=$(awk -F'\t' -v s="$source_name" '$4 == s {print $5; exit}' "$dir/dpkg-query.tsv")
    awk -F'\t' -v s="$source_name" '$4 == s {print $1}' "$dir/dpkg-query.tsv" | sort >"$out/expected-vulnerable.txt"
    mkdir "$out/osv"
    record() {  # ID EVENTS: an OSV record for the source package
      printf '{"schema_version":"1.6.0","id":"%s","modified":"2026-11-01T00:00:00Z","aliases":["CVE-2099-%s"],
        "affected":[{"package":{"ecosystem":"Debian:12","name":"%s"},
        "ranges":[{"type":"ECOSYSTEM","events":%s}]}]}' "$1" "${1##*-}" "$source_name" "$2" >"$out/osv/$1.json"
    }
    record HDKTEST-1001 "[{\"introduced\":\"0\"},{\"fixed\":\"$source_version+hdk1\"}]"
    record HDKTEST-1002 "[{\"introduced\":\"0\"},{\"fixed\":\"$source_version\"}]"
    record HDKTEST-1003 "[{\"introduced\":\"$source_version+hdk1\"}]"
    "$hardock" db import --db "$db" "$out/osv" >/dev/null
    read_image archive --input "$dir/debian.tar" "$image" --db "$db"
    rep=$out/archive.report.json
    jq -r '.findings[] | select(.check == "HDK-I-015" and .status == "fail") | .evidence' "$rep" |
      sed -E 's/^([^ ]+) ([^ ]+) is older than ([^ ]+) in .*/\1 \2 \3/' | sort >"$out/outdated.txt"
    [[ $(wc -l <"$out/expected-outdated.txt") -gt 0 ]] ||
      echo "note: the image is up to date with bookworm-security; only the empty set is compared"
    diff -u "$out/expected-outdated.txt" "$out/outdated.txt" || fail "HDK-I-015 differs from dpkg --compare-versions (above)"
    jq -r '.findings[] | select(.check == "HDK-I-014" and .status == "fail") | .evidence' "$rep" >"$out/vulnerable-evidence.txt"
    grep -q "CVE-2099-1002\|CVE-2099-1003" "$out/vulnerable-evidence.txt" &&
      fail "records fixed at or introduced after the installed version matched: $(cat "$out/vulnerable-evidence.txt")"
    sed -E 's/^([^ ]+) .*/\1/' "$out/vulnerable-evidence.txt" | sort >"$out/vulnerable.txt"
    diff -u "$out/expected-vulnerable.txt" "$out/vulnerable.txt" || fail "HDK-I-014 differs from the binaries of $source_name (above)"
    grep -q "fixed in $source_version+hdk1" "$out/vulnerable-evidence.txt" || fail "no fixed version: $(head -1 "$out/vulnerable-evidence.txt")"
    for code in HDK-I-014 HDK-I-015 HDK-I-016; do
      jq -e --arg c "$code" '[.checks[] | select(.code == $c and (.outcome == "pass" or .outcome == "fail"))] | length == 1' "$rep" >/dev/null ||
        fail "$code did not look: $(jq -c --arg c "$code" '[.checks[] | select(.code == $c)], [.findings[] | select(.check == $c and .status != "fail")]' "$rep")"
    done
    echo "$(wc -l <"$out/outdated.txt") outdated, $(wc -l <"$out/vulnerable.txt") vulnerable ($source_name $source_version)"
    ;;
  *) die "unknown case $step" ;;
esac
echo "ok: $step"
