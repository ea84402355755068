#!/usr/bin/env bash
# Builds hardock's local test images on one engine, without any registry:
#   hardock-test/busybox:1  busybox-static imported as a rootfs (base of the others)
#   hardock-test/web:1      USER 1000, EXPOSE 8080, HEALTHCHECK, busybox httpd on :8080
#   hardock-test/sshd:1     runs a process named /usr/sbin/sshd (tini-static under that name)
# Usage: scripts/make-images.sh HOST   (e.g. unix:///run/hardock/test/docker.sock)
# Idempotent: the base is imported once; the variants rebuild from cache.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 HOST"
DK_HOST=$(engine_host "$1")

busybox_bin=$(command -v busybox || true)
[[ -n $busybox_bin ]] || die "busybox not found (apt-get install busybox-static)"
file -L "$busybox_bin" 2>/dev/null | grep -q 'statically linked' || [[ ! -x /usr/bin/file ]] ||
  die "$busybox_bin is not statically linked (apt-get install busybox-static)"

work=$(mktemp -d /tmp/hardock-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! dk image inspect hardock-test/busybox:1 >/dev/null 2>&1; then
  root="$work/rootfs"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,www,root,home/app,var/run}
  cp "$busybox_bin" "$root/bin/busybox"
  for applet in $("$busybox_bin" --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\napp:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf '<html><body>hardock test</body></html>\n' >"$root/www/index.html"
  chmod 1777 "$root/tmp"
  chown 1000:1000 "$root/home/app"
  tar --numeric-owner -C "$root" -c . |
    dk import --change 'CMD ["sh"]' --change 'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin' - hardock-test/busybox:1 >/dev/null
fi

build() {
  local tag=$1 ctx="$work/$2"
  DOCKER_BUILDKIT=0 dk build -q -t "$tag" "$ctx" >"$work/build.log" 2>&1 || {
    cat "$work/build.log" >&2
    die "docker build $tag failed"
  }
}

mkdir -p "$work/web"
cat >"$work/web/Dockerfile" <<'DOCKERFILE'
FROM hardock-test/busybox:1
EXPOSE 8080
USER 1000
HEALTHCHECK --interval=30s --timeout=3s CMD wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
DOCKERFILE
build hardock-test/web:1 web

# The audit names processes by argv[0], and busybox cannot run under the name sshd (it dispatches
# applets by argv[0]). tini-static (docker.io depends on tini) can: it runs a sleeping shell as
# its child, and `docker top` shows "/usr/sbin/sshd -- /bin/sh -c ..." like a real daemon.
tini=$(readlink -f /usr/bin/tini-static 2>/dev/null || true)
[[ -x $tini ]] || die "/usr/bin/tini-static not found (apt-get install tini)"
mkdir -p "$work/sshd"
cp "$tini" "$work/sshd/sshd"
cat >"$work/sshd/Dockerfile" <<'DOCKERFILE'
FROM hardock-test/busybox:1
COPY sshd /usr/sbin/sshd
EXPOSE 22
CMD ["/usr/sbin/sshd", "--", "/bin/sh", "-c", "while :; do sleep 3600; done"]
DOCKERFILE
build hardock-test/sshd:1 sshd
