#!/usr/bin/env bash
# Fixtures for the image-source tests (tests/image/sources.cmake): one image, five sources.
#
#   tests/image/make-source-fixtures.sh setup DIR HOST    build, save, convert, push; start registries
#   tests/image/make-source-fixtures.sh teardown DIR      stop the registries this script started
#
# setup builds hardock-test/isrc:1 on the private engine HOST (FROM the busybox-static image of
# scripts/make-images.sh, DOCKER_BUILDKIT=0): a Debian-looking dpkg database, a setuid file, a
# secret in ENV and a private key added in one layer and deleted in the next. Then:
#   DIR/isrc.tar          `docker save`
#   DIR/oci/              OCI image layout (skopeo copy docker-archive: -> oci:), ref "1", and
#                         ref "multi": an index of two platforms over the same image
#   registry "plain"      docker-registry over http on 127.0.0.1 (no auth), pushed with skopeo
#                         (hdk/isrc:1, and hdk/multi:1 as a manifest list)
#   registry "tls"        docker-registry over https (a self-signed CA made with openssl) with
#                         htpasswd (bcrypt) Basic auth, pushed with skopeo
#   DIR/certs.d/localhost:PORT/ca.crt   the CA, laid out as /etc/docker/certs.d
#   DIR/docker-config/config.json       auths for the tls registry (base64 user:password)
#   DIR/env               PLAIN_PORT, TLS_PORT, USER, PASSWORD for the tests
# Registries listen on free ports of 127.0.0.1 and are stopped by pid (DIR/*.pid) at teardown.
# Exits 77 when HARDOCK_TEST_DOCKER_HOST is unset (no private engine), unless CI=true.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"

stop_registries() {
  local dir=$1 pidfile pid
  for pidfile in "$dir"/registry-*.pid; do
    [[ -f $pidfile ]] || continue
    pid=$(<"$pidfile")
    # Only a docker-registry this script started with this directory's config.
    if [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
      grep -q -- "docker-registry serve $dir/"; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_registry NAME PORT [tls] [auth]
start_registry() {
  local name=$1 port=$2 tls=${3:-} auth=${4:-} config="$dir/registry-$1.yml"
  mkdir -p "$dir/storage-$name"
  {
    printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\n'
    printf 'storage:\n  filesystem:\n    rootdirectory: %s\n' "$dir/storage-$name"
    printf 'http:\n  addr: 127.0.0.1:%s\n' "$port"
    [[ -z $tls ]] || printf '  tls:\n    certificate: %s\n    key: %s\n' "$dir/tls/server.crt" "$dir/tls/server.key"
    [[ -z $auth ]] || printf 'auth:\n  htpasswd:\n    realm: hardock-test\n    path: %s\n' "$dir/htpasswd"
  } >"$config"
  docker-registry serve "$config" >"$dir/registry-$name.log" 2>&1 &
  echo $! >"$dir/registry-$name.pid"
  local scheme=http
  [[ -z $tls ]] || scheme=https
  for _ in $(seq 100); do
    if curl -s -o /dev/null --cacert "$dir/tls/ca.crt" "$scheme://localhost:$port/v2/"; then return; fi
    sleep 0.1
  done
  cat "$dir/registry-$name.log" >&2
  die "registry $name did not start on port $port"
}

case ${1:-} in
  teardown)
    [[ $# -eq 2 ]] || die "usage: $0 teardown DIR"
    stop_registries "$2"
    exit 0
    ;;
  setup) [[ $# -eq 3 ]] || die "usage: $0 setup DIR HOST" ;;
  *) die "usage: $0 setup DIR HOST | teardown DIR" ;;
esac
dir=$2
# Nothing of an earlier run survives, so that a skipped setup leaves the tests skipping too.
stop_registries "$dir" 2>/dev/null || true
rm -rf "$dir"
if [[ -z $3 ]]; then
  [[ ${CI:-} != true ]] || die "CI=true but HARDOCK_TEST_DOCKER_HOST is not set"
  echo "skipped: HARDOCK_TEST_DOCKER_HOST is not set (scripts/test.sh starts an engine)"
  exit 77
fi
for tool in docker-registry skopeo htpasswd openssl curl python3; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh installs it)"
done
DK_HOST=$(engine_host "$3")
sock=$(engine_socket_path "$DK_HOST")
[[ $DK_HOST != unix:///var/run/docker.sock && $sock != /run/docker.sock ]] ||
  die "refusing to use the machine's default engine"

mkdir -p "$dir"
"$HARDOCK_ROOT/scripts/make-images.sh" "$DK_HOST"

# The image: several layers, a package database, a setuid file, secrets in ENV and in a file
# that a later layer deletes (still shipped in its layer).
ctx="$dir/context"
mkdir -p "$ctx"
cat >"$ctx/status" <<'STATUS'
Package: base-files
Status: install ok installed
Priority: required
Architecture: amd64
Version: 12.4+deb12u5

Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc
Version: 2.36-9+deb12u4

Package: openssh-server
Status: install ok installed
Architecture: amd64
Source: openssh
Version: 1:9.2p1-2+deb12u2
STATUS
cat >"$ctx/os-release" <<'OS'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION_CODENAME=bookworm
ID=debian
OS
# A throwaway key made here (not a real credential): the secret scan must find it.
openssl genrsa -out "$ctx/id_rsa" 2048 2>/dev/null
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM hardock-test/busybox:1
COPY os-release /etc/os-release
COPY status /var/lib/dpkg/status
RUN mkdir -p /usr/local/bin && cp /bin/busybox /usr/local/bin/helper && chmod 4755 /usr/local/bin/helper
COPY id_rsa /root/.ssh/id_rsa
RUN rm /root/.ssh/id_rsa
ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
EXPOSE 22
DOCKERFILE
DOCKER_BUILDKIT=0 dk build -q -t hardock-test/isrc:1 "$ctx" >"$dir/build.log" 2>&1 || {
  cat "$dir/build.log" >&2
  die "docker build hardock-test/isrc:1 failed"
}

dk save -o "$dir/isrc.tar" hardock-test/isrc:1
skopeo --insecure-policy copy -q "docker-archive:$dir/isrc.tar" "oci:$dir/oci:1" >/dev/null
# A multi-platform index over that image: linux/amd64 and linux/arm64/v8 entries (both name the
# same manifest; which entry was chosen shows in the manifest digest only through the index),
# tagged "multi" in the layout; pushed below as a manifest list.
python3 - "$dir/oci" <<'PYTHON'
import hashlib, json, os, sys
root = sys.argv[1]
index = json.load(open(os.path.join(root, "index.json")))
image = index["manifests"][0]
entry = {k: image[k] for k in ("mediaType", "digest", "size")}
multi = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
         "manifests": [dict(entry, platform={"os": "linux", "architecture": "amd64"}),
                       dict(entry, platform={"os": "linux", "architecture": "arm64", "variant": "v8"})]}
data = json.dumps(multi).encode()
digest = hashlib.sha256(data).hexdigest()
open(os.path.join(root, "blobs", "sha256", digest), "wb").write(data)
index["manifests"].append({"mediaType": multi["mediaType"], "digest": "sha256:" + digest,
                           "size": len(data),
                           "annotations": {"org.opencontainers.image.ref.name": "multi"}})
json.dump(index, open(os.path.join(root, "index.json"), "w"))
PYTHON

# A CA and a server certificate for localhost and 127.0.0.1.
mkdir -p "$dir/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=hardock test CA" \
  -keyout "$dir/tls/ca.key" -out "$dir/tls/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/tls/san.ext"
openssl x509 -req -in "$dir/tls/server.csr" -CA "$dir/tls/ca.crt" -CAkey "$dir/tls/ca.key" \
  -CAcreateserial -days 2 -extfile "$dir/tls/san.ext" -out "$dir/tls/server.crt" 2>/dev/null

user=hdk-reader
password="pw-$(openssl rand -hex 12)"
htpasswd -Bbc "$dir/htpasswd" "$user" "$password" 2>/dev/null

plain_port=$(free_port)
start_registry plain "$plain_port"
tls_port=$(free_port)
start_registry tls "$tls_port" tls auth

skopeo --insecure-policy copy -q --dest-tls-verify=false "docker-archive:$dir/isrc.tar" \
  "docker://localhost:$plain_port/hdk/isrc:1" >/dev/null
skopeo --insecure-policy copy -q --all --dest-tls-verify=false "oci:$dir/oci:multi" \
  "docker://localhost:$plain_port/hdk/multi:1" >/dev/null
mkdir -p "$dir/skopeo-certs" "$dir/certs.d/localhost:$tls_port"
cp "$dir/tls/ca.crt" "$dir/skopeo-certs/ca.crt"
cp "$dir/tls/ca.crt" "$dir/certs.d/localhost:$tls_port/ca.crt"
skopeo --insecure-policy copy -q --dest-cert-dir "$dir/skopeo-certs" --dest-creds "$user:$password" \
  "docker-archive:$dir/isrc.tar" "docker://localhost:$tls_port/hdk/isrc:1" >/dev/null

mkdir -p "$dir/docker-config" "$dir/wrong-config"
auth=$(printf '%s:%s' "$user" "$password" | base64 -w0)
wrong=$(printf '%s:%s' "$user" "not-the-password" | base64 -w0)
printf '{"auths":{"localhost:%s":{"auth":"%s"}}}\n' "$tls_port" "$auth" >"$dir/docker-config/config.json"
printf '{"auths":{"https://localhost:%s":{"auth":"%s"}}}\n' "$tls_port" "$wrong" >"$dir/wrong-config/config.json"
chmod 600 "$dir/docker-config/config.json" "$dir/wrong-config/config.json"
{
  printf 'PLAIN_PORT=%s\nTLS_PORT=%s\nREG_USER=%s\nREG_PASSWORD=%s\nDK_HOST=%s\n' \
    "$plain_port" "$tls_port" "$user" "$password" "$DK_HOST"
} >"$dir/env"
say "image sources ready in $dir (registries on $plain_port and $tls_port)"
