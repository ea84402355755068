#!/usr/bin/env bash
# Seed corpora of the harden fuzz targets (fuzz/journal_fuzz.cpp, fuzz/proc_net_tcp_fuzz.cpp),
# under tests/data/harden/fuzz/:
#   proc-net-tcp/  this machine's own /proc/self/net/tcp and tcp6 (real kernel output), plus a
#                  table with a listening socket on every interface and one on loopback
#   journal/       journals of the shapes --apply, --rollback and --prune write (one per state),
#                  and a legacy one without "networks"
# Usage: tests/harden/make-fuzz-seeds.sh   (rewrites the files; commit the result)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../data/harden/fuzz
mkdir -p "$out/proc-net-tcp" "$out/journal"

cat /proc/self/net/tcp >"$out/proc-net-tcp/host-tcp.txt"
if [[ -r /proc/self/net/tcp6 ]]; then cat /proc/self/net/tcp6 >"$out/proc-net-tcp/host-tcp6.txt"; fi
cat >"$out/proc-net-tcp/listen.txt" <<'TXT'
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123456 1 0000000000000000 100 0 0 10 0
   1: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123457 1 0000000000000000 100 0 0 10 0
   2: 0100007F:A2B4 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 123458 1 0000000000000000 20 4 30 10 -1
TXT

journal() {  # NAME STATE
  cat >"$out/journal/$1.json" <<JSON
{
  "schema": "hardock.harden-journal/1",
  "applies": [
    {
      "stamp": "20261128120000-000001",
      "rolled_back": false,
      "containers": [
        {
          "name": "web",
          "old_id": "1111111111111111111111111111111111111111111111111111111111111111",
          "old_name": "web.hardock-old.20261128120000-000001",
          "new_id": "2222222222222222222222222222222222222222222222222222222222222222",
          "was_running": true,
          "state": "$2",
          "kept_volumes": [{"path": "/var/lib/app", "volume": "hardock-web-var-lib-app"}],
          "message": "recreated hardened"
        }
      ],
      "networks": [{"name": "hardock-public", "id": "n1", "state": "created"}],
      "daemon": {"path": "/etc/docker/daemon.json",
                 "backup": "/etc/docker/daemon.json.hardock-20261128120000-000001.bak",
                 "existed": true}
    }
  ]
}
JSON
}
for state in started renamed created replaced failed restored-stopped rolled-back pruned; do
  journal "state-$state" "$state"
done
cat >"$out/journal/legacy-no-networks.json" <<'JSON'
{"schema":"hardock.harden-journal/1","applies":[{"stamp":"20240101000000","rolled_back":true,
"containers":[]},{"stamp":"20240101000001","rolled_back":false,"containers":[],
"daemon":{"path":"/etc/docker/daemon.json","backup":"","existed":false}}]}
JSON
echo '{"schema":"hardock.harden-journal/1","applies":[]}' >"$out/journal/empty.json"
