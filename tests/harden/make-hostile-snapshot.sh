#!/usr/bin/env bash
# Writes a snapshot (as `hardock collect -o` does) whose every name and value is hostile, for the
# tests that feed it through `hardock harden` (tests/unit/harden/hostile_artefacts_test.cpp,
# tests/harden/harden_cli_test.cpp):
#   - a container whose name, labels (keys and values), env keys and values, command, bind and
#     mount paths, network name and aliases hold newlines, quotes, $(...), backticks, ';', '|',
#     '&', ANSI/OSC escapes and U+202E; labelled public and part of Compose project "proj";
#     with a secret-looking env value (DB_PASSWORD) and a URL with a password in another;
#   - containers named ../../x and ../../../../tmp/TAG (path traversal), one of them with the
#     image "--privileged" (an operand the CLI would read as an option) and a Compose project
#     label Compose could not have made;
#   - containers no `docker run` can recreate faithfully: an env entry holding a NUL byte, an env
#     entry without '=' (`-e NAME` would copy the caller's variable), a label key holding '='.
# Every planted command would create PWN_DIR/PWNED if it ever ran.
#
# Usage: tests/harden/make-hostile-snapshot.sh PWN_DIR OUT_FILE TAG
#   PWN_DIR  an absolute directory path of [A-Za-z0-9/._-] (it is embedded in JSON strings)
#   TAG      [A-Za-z0-9._-]: the last component of the ../../../../tmp/TAG name
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 PWN_DIR OUT_FILE TAG" >&2; exit 2; }
pwn=$1
out=$2
tag=$3
[[ $pwn =~ ^/[A-Za-z0-9/._-]*$ ]] || { echo "PWN_DIR must be an absolute plain path" >&2; exit 2; }
[[ $tag =~ ^[A-Za-z0-9._-]+$ ]] || { echo "TAG must be [A-Za-z0-9._-]+" >&2; exit 2; }

# The payload, as JSON string content: every way out of a quoted word, a comment or a line.
h="a'b\\\"c\$(touch $pwn/PWNED)\`touch $pwn/PWNED\`;touch $pwn/PWNED|x&\\ntouch $pwn/PWNED\\n# \\u001b]0;owned\\u0007\\u001b[31mred\\u202eevil"
net="net\$(touch $pwn/PWNED)\\n#"

cat >"$out" <<JSON
{
  "schema": "hardock.engine-snapshot/1",
  "endpoint": "unix:///hostile/docker.sock",
  "collected_at": "2026-11-28T12:00:00Z",
  "local": false,
  "info": {"Name": "hostile", "ServerVersion": "24.0.7", "Driver": "overlay2",
           "SecurityOptions": ["name=seccomp,profile=default"], "LoggingDriver": "json-file"},
  "version": {"Version": "24.0.7", "ApiVersion": "1.43", "MinAPIVersion": "1.12"},
  "containers": [
    {"inspect": {
      "Id": "1111111111111111111111111111111111111111111111111111111111111111",
      "Name": "/$h",
      "Image": "sha256:img1",
      "Config": {
        "Image": "busybox:1",
        "Cmd": ["sh", "-c", "$h"],
        "Env": ["HOSTILE=$h", "K\\nEY=\$(touch $pwn/PWNED)", "DB_PASSWORD=s3cret-pa55",
                "PROXY=http://proxyuser:proxypass@proxy.example:3128"],
        "Labels": {"$h": "$h", "hardock.sensitivity": "public",
                   "com.docker.compose.project": "proj", "com.docker.compose.service": "web"},
        "WorkingDir": "/w",
        "User": ""
      },
      "State": {"Status": "running", "Running": true, "Pid": 0},
      "HostConfig": {
        "NetworkMode": "$net",
        "Binds": ["/srv/$h:/bound"],
        "Mounts": [{"Type": "volume", "Source": "vol", "Target": "/data2,type=bind,source=/"}],
        "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}
      },
      "NetworkSettings": {"Networks": {"$net": {"Aliases": ["$h"]}}}
    }},
    {"inspect": {
      "Id": "2222222222222222222222222222222222222222222222222222222222222222",
      "Name": "/../../x",
      "Image": "sha256:img1",
      "Config": {"Image": "--privileged", "Cmd": ["sleep", "1"],
                 "Labels": {"com.docker.compose.project": "$h", "com.docker.compose.service": "web"}},
      "State": {"Status": "running", "Running": true, "Pid": 0},
      "HostConfig": {"NetworkMode": "none"}
    }},
    {"inspect": {
      "Id": "3333333333333333333333333333333333333333333333333333333333333333",
      "Name": "/../../../../tmp/$tag",
      "Image": "sha256:img1",
      "Config": {"Image": "busybox:1", "Cmd": ["sleep", "1"]},
      "State": {"Status": "exited", "Running": false, "Pid": 0},
      "HostConfig": {"NetworkMode": "none"}
    }},
    {"inspect": {
      "Id": "4444444444444444444444444444444444444444444444444444444444444444",
      "Name": "/nul",
      "Image": "sha256:img1",
      "Config": {"Image": "busybox:1", "Env": ["A=b\\u0000c"]},
      "State": {"Status": "running", "Running": true, "Pid": 0},
      "HostConfig": {"NetworkMode": "none"}
    }},
    {"inspect": {
      "Id": "5555555555555555555555555555555555555555555555555555555555555555",
      "Name": "/no-equals",
      "Image": "sha256:img1",
      "Config": {"Image": "busybox:1", "Env": ["SECRET_TOKEN"]},
      "State": {"Status": "running", "Running": true, "Pid": 0},
      "HostConfig": {"NetworkMode": "none"}
    }},
    {"inspect": {
      "Id": "6666666666666666666666666666666666666666666666666666666666666666",
      "Name": "/label-key",
      "Image": "sha256:img1",
      "Config": {"Image": "busybox:1", "Labels": {"a=b": "c"}},
      "State": {"Status": "running", "Running": true, "Pid": 0},
      "HostConfig": {"NetworkMode": "none"}
    }}
  ],
  "networks": [
    {"Name": "$net", "Id": "9999999999999999999999999999999999999999999999999999999999999999",
     "Driver": "bridge", "Scope": "local", "Internal": false,
     "Containers": {"1111111111111111111111111111111111111111111111111111111111111111":
                    {"Name": "$h", "IPv4Address": "172.30.0.2/16"}}}
  ],
  "images": [{"Id": "sha256:img1", "RepoTags": ["busybox:1"], "Config": {}}],
  "errors": []
}
JSON
