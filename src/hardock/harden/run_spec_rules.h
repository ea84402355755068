// Internal to the RunSpec files (run_spec_read.cpp, run_spec_render.cpp, run_spec_simulate.cpp):
// the decisions render_docker_run, create_body and simulated_inspect share (which engine defaults
// are left out, where each mount goes) and the small conversions they use. One list, so the
// command a user reviews and the body --apply posts create the same container.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/harden/run_spec.h"

namespace hardock::harden::rules {

inline constexpr int64_t kDefaultShmSize = 64LL << 20;
inline constexpr size_t kShortIdLength = 12;

// ---- conversions
bool is_propagation(const std::string& word);
// Digits as a number; 0 when there are none or too many.
int64_t parse_number(std::string_view digits, int base = 10);
// "1048576", "64m", "1g" -> bytes (the units docker's RAMInBytes accepts, binary multiples).
int64_t size_in_bytes(const std::string& text);
std::string octal(int64_t mode);
// The size= and mode= of an "--tmpfs"-style option list.
struct TmpfsSizeMode {
  std::string size;
  std::string mode;
};
TmpfsSizeMode tmpfs_size_mode(const std::string& options);
// Go's time.Duration text in the largest exact unit ("30s", "1500ms").
std::string duration_text(int64_t nanoseconds);
// 500000000 -> "0.5": --cpus as an exact decimal.
std::string cpus_text(int64_t nano_cpus);

// ---- network modes
bool joins_other_namespace(const std::string& mode);
bool is_default_bridge_mode(const std::string& mode);
bool connects_networks(const RunSpec& spec);

// ---- what gets rendered (engine defaults are left out)
bool render_ipc(const std::string& mode);
bool render_cgroupns(const std::string& mode);
bool render_runtime(const std::string& runtime);
bool render_shm(int64_t size);
bool render_restart(const RunSpec& spec);
bool render_log_driver(const RunSpec& spec);

// ---- ports and mounts
std::string port_key(const std::string& port, const std::string& protocol);
bool is_published(const RunSpec& spec, const std::string& key);
// A fresh anonymous volume has no name to reattach: it goes through Config.Volumes (-v /path).
bool is_fresh_anonymous(const MountSpec& mount);
bool uses_tmpfs_flag(const MountSpec& mount);
bool uses_binds(const MountSpec& mount);
std::string bind_options(const MountSpec& mount);
std::string binds_entry(const MountSpec& mount);
std::string tmpfs_entry(const MountSpec& mount);
// The --mount value, each field CSV-quoted where needed (the CLI reads it with encoding/csv).
std::string mount_flag_value(const MountSpec& mount);
std::string publish_value(const PublishSpec& publish);
std::string restart_value(const RunSpec& spec);
// The seccomp profile inline in a SecurityOpt ("seccomp={...}").
bool is_inline_seccomp(const std::string& option);
std::vector<std::string> exposed_ports(const RunSpec& spec);

// ---- JSON pieces of the create body and the simulated inspect
nlohmann::json string_array(const std::vector<std::string>& items);
nlohmann::json string_object(const std::map<std::string, std::string>& items);
nlohmann::json set_object(const std::vector<std::string>& keys);
nlohmann::json health_json(const HealthSpec& health);
nlohmann::json api_mount_json(const MountSpec& mount);
nlohmann::json port_bindings_json(const RunSpec& spec);
nlohmann::json endpoint_json(const NetworkAttachment& attachment);

}  // namespace hardock::harden::rules
