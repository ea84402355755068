#!/usr/bin/env bash
# The Bearer token flow against a real docker-registry (ctest: image.sources.bearer).
#
#   tests/image/bearer-test.sh DIR HARDOCK     DIR: the fixtures of make-source-fixtures.sh
#
# Starts, on free ports of 127.0.0.1, tests/image/token-server.py over https (the fixtures' CA)
# and a docker-registry over https whose auth is `token` (realm: that service; it trusts the
# tokens' signing certificate, made here), pushes the fixtures' image with skopeo, then:
#   - with the credentials in --docker-config, hardock follows the 401 Bearer challenge to the
#     token service and reads the image: the same OS, packages and layers as the docker save file;
#   - without credentials (an anonymous token grants nothing): exit 2, one line asking for them;
#   - with a wrong password (the token service answers 401): exit 2, the password nowhere.
# Both servers are stopped by pid on exit. Exits 77 when the fixtures were not made.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 DIR HARDOCK" >&2; exit 2; }
dir=$1 hardock=$2
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -f $dir/env ]]; then
  [[ ${CI:-} != true ]] || { echo "error: CI=true but the image-source fixtures are missing" >&2; exit 1; }
  echo "skipped: no image-source fixtures (HARDOCK_TEST_DOCKER_HOST unset?)"
  exit 77
fi
# shellcheck disable=SC1091
source "$dir/env"
out=$(mktemp -d /tmp/hardock-bearer-test.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=hardock test token signer" \
  -keyout "$out/sign.key" -out "$out/sign.crt" 2>/dev/null
token_port=$(free_port)
python3 "$here/token-server.py" "$token_port" "$dir/tls/server.crt" "$dir/tls/server.key" \
  "$out/sign.crt" "$out/sign.key" "$REG_USER" "$REG_PASSWORD" >"$out/token.log" 2>&1 &
pids+=($!)
registry_port=$(free_port)
cat >"$out/registry.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $out/storage
http:
  addr: 127.0.0.1:$registry_port
  tls:
    certificate: $dir/tls/server.crt
    key: $dir/tls/server.key
auth:
  token:
    realm: https://localhost:$token_port/token
    service: hardock-test-registry
    issuer: hardock-test-issuer
    rootcertbundle: $out/sign.crt
YML
docker-registry serve "$out/registry.yml" >"$out/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -s -o /dev/null --cacert "$dir/tls/ca.crt" "https://localhost:$registry_port/v2/" &&
    curl -s -o /dev/null --cacert "$dir/tls/ca.crt" "https://localhost:$token_port/token" && break
  sleep 0.1
done
# The registry challenges with Bearer, naming the token service.
challenge=$(curl -s -D - -o /dev/null --cacert "$dir/tls/ca.crt" "https://localhost:$registry_port/v2/" |
  tr -d '\r' | grep -i '^www-authenticate:' || true)
[[ $challenge == *"Bearer realm=\"https://localhost:$token_port/token\""* ]] ||
  fail "the registry does not challenge with the token service: $challenge"

mkdir -p "$out/certs.d/localhost:$registry_port" "$out/certs.d/localhost:$token_port"
cp "$dir/tls/ca.crt" "$out/certs.d/localhost:$registry_port/ca.crt"
cp "$dir/tls/ca.crt" "$out/certs.d/localhost:$token_port/ca.crt"
ref="localhost:$registry_port/hdk/isrc:1"
skopeo copy -q --dest-creds "$REG_USER:$REG_PASSWORD" --dest-cert-dir "$dir/skopeo-certs" \
  docker-archive:"$dir/isrc.tar" "docker://$ref" >"$out/push.log" 2>&1 ||
  fail "skopeo could not push through the token service: $(tail -3 "$out/push.log")"

mkdir -p "$out/config" "$out/no-config" "$out/wrong-config"
printf '{"auths":{"localhost:%s":{"auth":"%s"}}}\n' "$registry_port" \
  "$(printf '%s:%s' "$REG_USER" "$REG_PASSWORD" | base64 -w0)" >"$out/config/config.json"
printf '{"auths":{"localhost:%s":{"auth":"%s"}}}\n' "$registry_port" \
  "$(printf '%s:%s' "$REG_USER" "not-$REG_PASSWORD" | base64 -w0)" >"$out/wrong-config/config.json"

summary() { jq -S '{os, packages, errors, layers}' "$1"; }
"$hardock" image --input "$dir/isrc.tar" hardock-test/isrc:1 --inventory "$out/archive.json" \
  -f json -o /dev/null || [[ $? -le 1 ]] || fail "the docker save file could not be read"
code=0
"$hardock" image "$ref" --registry-certs-dir "$out/certs.d" --docker-config "$out/config" \
  --inventory "$out/bearer.json" -f json -o /dev/null 2>"$out/stderr" || code=$?
[[ $code -le 1 ]] || fail "hardock could not read through the token service ($code): $(cat "$out/stderr")"
diff <(summary "$out/archive.json") <(summary "$out/bearer.json") >/dev/null ||
  fail "the registry reading differs from the docker save file"
[[ $(jq '.packages | length' "$out/bearer.json") -eq 3 ]] || fail "expected 3 packages"

for config in no-config wrong-config; do
  code=0
  "$hardock" image "$ref" --registry-certs-dir "$out/certs.d" --docker-config "$out/$config" \
    -f json -o /dev/null 2>"$out/stderr" || code=$?
  [[ $code -eq 2 ]] || fail "$config: exit $code, expected 2"
  echo "$config: $(cat "$out/stderr")"
  [[ $(wc -l <"$out/stderr") -eq 1 ]] || fail "$config: not one line: $(cat "$out/stderr")"
  grep -q "registry localhost:$registry_port" "$out/stderr" || fail "$config: registry not named: $(cat "$out/stderr")"
  if grep -qF "$REG_PASSWORD" "$out/stderr"; then fail "$config: the password was printed"; fi
done
echo "ok: bearer"
