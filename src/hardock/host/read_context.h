// What a host reader is told: where the host root is and what it may do.
#pragma once

#include <string>
#include <vector>

namespace hardock::host {

struct ReadContext {
  // The host filesystem: "/" for this host, or a mounted copy (--host-root).
  std::string root = "/";
  // True when `root` is the running host: readers may look at /proc of this
  // machine (the running dockerd's command line) and probe the network.
  bool live = true;
  // The unix socket of the audited engine on this host ("" when it is not reached over one):
  // of several dockerds running here, the one listening on it is the one to read.
  std::string engine_socket;
  // --config-file: dockerd's daemon.json, relative to nothing (a real path).
  // Empty: <root>/etc/docker/daemon.json, or dockerd's own --config-file flag.
  std::string daemon_config_file;
  // --docker-config: a client config directory (as docker --config). Empty:
  // ~/.docker of root and of every home under <root>/home.
  std::string docker_config_dir;
  // Active probes (TCP API, registry TLS); --no-probe turns them off.
  bool probe = true;
  long probe_timeout_ms = 3000;
  // Members of the docker group that are expected (CIS 1.1.2).
  std::vector<std::string> trusted_docker_users;
};

}  // namespace hardock::host
