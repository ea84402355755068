#!/usr/bin/env bash
# Checks that setup-workloads.sh produced what the integration tests rely on: each t-* container
# is running and carries the one setting it exists for. Prints each mismatch; exits 1 on any.
# Usage: tests/engine/verify-workloads.sh HOST
# shellcheck source-path=SCRIPTDIR disable=SC2016 # Go templates, not shell expansions
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 HOST"
DK_HOST=$(engine_host "$1")
sock=$(engine_socket_path "$DK_HOST")

failures=0
# expect NAME GO-TEMPLATE EXPECTED: docker inspect NAME must render EXPECTED.
expect() {
  local name=$1 template=$2 want=$3 got
  got=$(dk inspect --type container -f "$template" "$name" 2>&1) || true
  if [[ $got != "$want" ]]; then
    say "MISMATCH $name: $template => '$got', want '$want'"
    failures=$((failures + 1))
  fi
}
expect_net() {
  local name=$1 template=$2 want=$3 got
  got=$(dk network inspect -f "$template" "$name" 2>&1) || true
  if [[ $got != "$want" ]]; then
    say "MISMATCH network $name: $template => '$got', want '$want'"
    failures=$((failures + 1))
  fi
}

containers=(t-privileged t-capadd t-sensitive-mount t-hostnet t-hostpid t-hostipc t-hostuts
  t-device t-seccomp-unconfined t-root t-sshd t-exec t-restart-always t-default-bridge
  t-privport t-allif t-notexposed t-public-web t-restricted-db t-bridger t-unlabelled t-hardened)
[[ -z $sock ]] || containers+=(t-docker-sock t-propagation)
for name in "${containers[@]}"; do
  expect "$name" '{{.State.Status}} {{index .Config.Labels "hardock.test"}}' 'running 1'
done

expect t-privileged '{{.HostConfig.Privileged}}' true
# The docker 28 CLI sends the CAP_ prefix; older clients send SYS_ADMIN. Checks must take both.
expect t-capadd '{{json .HostConfig.CapAdd}}' '["CAP_SYS_ADMIN"]'
expect t-sensitive-mount '{{range .Mounts}}{{.Source}}:{{.Destination}}:{{.RW}}{{end}}' '/etc:/host-etc:true'
expect t-hostnet '{{.HostConfig.NetworkMode}}' host
expect t-hostpid '{{.HostConfig.PidMode}}' host
expect t-hostipc '{{.HostConfig.IpcMode}}' host
expect t-hostuts '{{.HostConfig.UTSMode}}' host
expect t-device '{{range .HostConfig.Devices}}{{.PathOnHost}}:{{.PathInContainer}}{{end}}' '/dev/zero:/dev/xzero'
expect t-seccomp-unconfined '{{json .HostConfig.SecurityOpt}}' '["seccomp=unconfined"]'
expect t-root '{{.Config.User}}|{{.HostConfig.Privileged}}' '|false'
# What the sshd check reads: a process whose argv[0] is named sshd.
if ! dk top t-sshd 2>/dev/null | awk 'NR > 1 {print $8}' | grep -q '/sshd$'; then
  say "MISMATCH t-sshd: no process with argv[0] .../sshd in docker top"
  failures=$((failures + 1))
fi
expect t-exec '{{len .ExecIDs}}' 2
# What HDK-C-017 reads: one session --privileged, one --user root (GET /exec/{id}/json).
if [[ -n $sock ]]; then
  exec_modes=$(for id in $(dk inspect --format '{{range .ExecIDs}}{{.}} {{end}}' t-exec); do
    curl -s --unix-socket "$sock" "http://localhost/exec/$id/json" |
      jq -r '"\(.ProcessConfig.privileged):\(.ProcessConfig.user // "")"'
  done | sort | tr '\n' ' ')
  if [[ $exec_modes != "false:root true: " ]]; then
    say "MISMATCH t-exec sessions: want 'false:root true: ' (privileged:user), got '$exec_modes'"
    failures=$((failures + 1))
  fi
fi
expect t-restart-always '{{.HostConfig.RestartPolicy.Name}}' always
expect t-default-bridge '{{.HostConfig.NetworkMode}}' bridge
expect t-privport '{{json .NetworkSettings.Ports}}' '{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":"81"}]}'
expect t-allif '{{(index (index .NetworkSettings.Ports "8080/tcp") 0).HostIp}}:{{(index (index .NetworkSettings.Ports "8080/tcp") 0).HostPort}}' '0.0.0.0:8081'
expect t-notexposed '{{json .Config.ExposedPorts}}|{{json .HostConfig.PortBindings}}' '{"9090/tcp":{}}|{"9090/tcp":[{"HostIp":"127.0.0.1","HostPort":"9090"}]}'
expect t-bridger '{{range $net, $_ := .NetworkSettings.Networks}}{{$net}} {{end}}' 't-public t-restricted '
expect t-unlabelled '{{index .Config.Labels "hardock.sensitivity"}}' ''
expect t-hardened '{{json .HostConfig.CapDrop}} {{json .HostConfig.SecurityOpt}} {{.HostConfig.ReadonlyRootfs}} {{.Config.User}}' '["ALL"] ["no-new-privileges"] true 1000:1000'
expect t-hardened '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}' '67108864 500000000 512 64'
expect t-hardened '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}} {{.HostConfig.NetworkMode}} {{index .Config.Labels "hardock.sensitivity"}}' 'on-failure:5 t-hardened-net public'
expect t-hardened '{{json .NetworkSettings.Ports}} {{if .Config.Healthcheck}}health{{end}}' '{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":"18080"}]} health'
if [[ -n $sock ]]; then
  expect t-docker-sock '{{range .Mounts}}{{.Source}}:{{.Destination}}{{end}}' "$sock:/var/run/docker.sock"
  expect t-propagation '{{range .Mounts}}{{.Propagation}}{{end}}' rshared
fi
expect_net t-public '{{index .Labels "hardock.sensitivity"}} {{.Internal}}' 'public false'
expect_net t-restricted '{{index .Labels "hardock.sensitivity"}} {{.Internal}}' 'restricted false'
expect_net t-hardened-net '{{index .Labels "hardock.sensitivity"}} {{.Internal}} {{index .Options "com.docker.network.bridge.enable_icc"}}' 'public false false'
expect_net t-vault '{{index .Labels "hardock.sensitivity"}} {{.Internal}}' 'restricted true'

if ((failures > 0)); then
  say "verify-workloads: $failures mismatches"
  exit 1
fi
say "verify-workloads: ${#containers[@]} containers as expected"
