#!/usr/bin/env bash
# Stands in for runc in a private dockerd's PATH. Removes from the OCI spec every capability
# that is missing from this process's bounding set, then runs the real runc.
#
# Why: in some sandboxes root lacks a capability in its bounding set (e.g. CAP_SYS_RESOURCE),
# and runc refuses to start --privileged containers ("unable to apply caps"). The engine still
# records the container as privileged, which is all the audit tests need.
#
# Edits: `runc create|run [--bundle DIR]` -> DIR/config.json (.process.capabilities)
#        `runc exec --process FILE`      -> FILE (.capabilities)
set -euo pipefail

cap_names=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP
  LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER
  SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE
  SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP
  MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF
  CHECKPOINT_RESTORE)

find_real_runc() {
  if [[ -n ${HARDOCK_REAL_RUNC:-} ]]; then
    printf '%s\n' "$HARDOCK_REAL_RUNC"
    return
  fi
  local self_dir dir
  self_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
  local IFS=:
  for dir in $PATH; do
    [[ -n $dir && -x $dir/runc ]] || continue
    [[ $(cd "$dir" && pwd -P) == "$self_dir" ]] && continue
    printf '%s\n' "$dir/runc"
    return
  done
  printf '%s\n' /usr/sbin/runc
}

denied_caps_json() {
  local bnd_hex bnd idx denied=()
  bnd_hex=$(awk '/^CapBnd:/ {print $2}' /proc/self/status)
  bnd=$((16#$bnd_hex))
  for idx in "${!cap_names[@]}"; do
    if (((bnd >> idx) & 1)); then continue; fi
    denied+=("\"CAP_${cap_names[idx]}\"")
  done
  local IFS=,
  printf '[%s]\n' "${denied[*]}"
}

# $1: file, $2: jq path to the capabilities object.
strip_caps() {
  local file=$1 path=$2 denied tmp
  [[ -f $file ]] || return 0
  denied=$(denied_caps_json)
  [[ $denied == "[]" ]] && return 0
  tmp="$file.hardock-tmp"
  jq --argjson denied "$denied" \
    "if ($path | type) == \"object\" then $path |= with_entries(
        if (.value | type) == \"array\" then .value |= map(select(. as \$c | \$denied | index(\$c) | not))
        else . end) else . end" \
    "$file" >"$tmp"
  chmod --reference="$file" "$tmp"
  mv -f "$tmp" "$file"
}

command_name="" bundle="" process_file=""
args=("$@")
for ((arg_idx = 0; arg_idx < ${#args[@]}; arg_idx++)); do
  arg=${args[arg_idx]}
  next=${args[arg_idx + 1]:-}
  if [[ -z $command_name ]]; then
    case $arg in
      create | run | exec) command_name=$arg ;;
    esac
    continue
  fi
  case $command_name:$arg in
    create:--bundle | create:-b | run:--bundle | run:-b) bundle=$next ;;
    create:--bundle=* | run:--bundle=*) bundle=${arg#--bundle=} ;;
    exec:--process | exec:-p) process_file=$next ;;
    exec:--process=*) process_file=${arg#--process=} ;;
  esac
done

case $command_name in
  create | run) strip_caps "${bundle:-.}/config.json" '.process.capabilities' ;;
  exec) [[ -n $process_file ]] && strip_caps "$process_file" '.capabilities' ;;
esac

exec "$(find_real_runc)" "$@"
