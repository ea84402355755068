// Drift: what changed between two runs of one engine, field by field. Pure: it compares two
// decoded snapshots (and the findings stored with them) and renders the result; reading the
// runs from the store is the caller's.
//
// Containers are matched by name, the identity that survives `docker rm` + `docker run`: same
// name and id is the same container (its fields compared), same name and a new id is a
// recreation (fields compared too), a name only before is removed, only after is added; a
// container that kept its id under a new name is renamed. Networks are matched by name the same
// way (a new id under the same name: recreated) and their own settings compared. Images are
// matched by id, findings by fingerprint (core/fingerprint.h). Everything is indexed once: two
// 10,000-container snapshots compare in linear time (bench/drift.sh).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"
#include "hardock/host/daemon_config.h"
#include "hardock/store/store.h"

namespace hardock::drift {

inline constexpr std::string_view kDriftSchema = "hardock.drift/1";

// One run, as drift reads it.
struct DriftSide {
  std::int64_t run = 0;  // the store's id; 0 for a snapshot file
  std::string started_at;
  std::string host;
  docker::EngineSnapshot engine;
  std::optional<host::DaemonConfig> daemon;  // the host part's dockerd settings, when collected
  std::vector<store::StoredFinding> findings;
};

// Decodes a stored run's snapshot text (docker/snapshot.h, with its optional "host" part) into
// `side.engine` and `side.daemon`. An empty text is kNotFound ("the run holds no snapshot"): a
// run without a snapshot can never read as "no drift". Malformed text is kMalformedInput.
[[nodiscard]] core::Result<void> decode_side_snapshot(std::string_view snapshot_text,
                                                      DriftSide& side);

// Both sides at once, on two threads (decoding is most of a drift's time: bench/drift.sh).
// The first error wins, named "older run" / "newer run" when the sides have no run id.
[[nodiscard]] core::Result<void> decode_side_snapshots(std::string_view before_text,
                                                       DriftSide& before,
                                                       std::string_view after_text,
                                                       DriftSide& after);

// One field that differs. Scalars fill before/after ("" = unset); sets (capabilities, mounts,
// ports, labels ...) fill added/removed with the elements that differ.
struct FieldChange {
  std::string field;  // "privileged", "cap_add", "mounts", "daemon.live_restore", "disk.volumes"
  std::string before;
  std::string after;
  std::vector<std::string> added;
  std::vector<std::string> removed;
  bool security = true;  // false: informational (state, disk use)
};

enum class ContainerChange { kAdded, kRemoved, kRecreated, kRenamed, kChanged };
std::string_view to_string(ContainerChange change);

struct ContainerDrift {
  ContainerChange change = ContainerChange::kChanged;
  std::string name;  // the name after (before, for a removed one)
  std::string before_id;
  std::string after_id;
  std::string image;                // the image reference after (before, for a removed one)
  std::string before_name;          // renamed: the old name
  std::vector<FieldChange> fields;  // recreated, renamed, changed: what differs
  [[nodiscard]] bool security_relevant() const;
};

enum class NetworkChange { kAdded, kRemoved, kRecreated, kChanged };
std::string_view to_string(NetworkChange change);

// A network added, removed, recreated (same name, new id) or changed. Fields compared (all
// security-relevant): driver, scope, internal, attachable, ingress, enable_ipv6, encrypted (the
// overlay's "encrypted" option), subnets (IPAM), labels (hardock.sensitivity among them) and
// options (the driver's, "encrypted" aside). Which containers join it is each container's
// "networks" field.
struct NetworkDrift {
  NetworkChange change = NetworkChange::kChanged;
  std::string name;
  std::string before_id;
  std::string after_id;
  std::string driver;               // after (before, for a removed one)
  std::vector<FieldChange> fields;  // recreated, changed: what differs
};

struct ImageDrift {
  bool added = true;
  std::string id;
  std::string reference;  // first tag, else first digest, else ""
};

struct FindingDrift {
  std::string fingerprint;
  std::string check;
  std::string title;
  core::Severity severity = core::Severity::kMedium;
  std::string status;  // "fail", "error", "skipped"
  std::string target;  // the target's name, else its id
  std::string evidence;
};

struct DriftReport {
  std::int64_t before_run = 0;
  std::int64_t after_run = 0;
  std::string before_at;  // the snapshots' collected_at (else the run's start)
  std::string after_at;
  std::string host;
  std::vector<ContainerDrift> containers;  // by name; unchanged ones left out
  std::size_t containers_before = 0;
  std::size_t containers_after = 0;
  std::vector<NetworkDrift> networks;  // by name; unchanged ones left out
  std::size_t networks_before = 0;
  std::size_t networks_after = 0;
  std::vector<FieldChange> daemon;
  std::vector<ImageDrift> images;          // by id
  std::vector<FindingDrift> new_findings;  // by severity (most severe first), then check
  std::vector<FindingDrift> fixed_findings;
  std::size_t persisting_findings = 0;
  // Disk use (GET /system/df): the categories whose size or reclaimable space changed.
  // disk_collected: whether each side holds disk use at all (false: not collected, not zero).
  std::vector<FieldChange> disk;
  bool disk_before_collected = false;
  bool disk_after_collected = false;

  // Anything a change manager must look at: a container added, removed or renamed, a
  // security-relevant field changed (of a container or the daemon), a network added, removed,
  // recreated or changed, an image added or removed, or a new finding. Disk use and container state
  // alone are not.
  [[nodiscard]] bool security_relevant() const;
  [[nodiscard]] bool empty() const;
};

[[nodiscard]] DriftReport compare(const DriftSide& before, const DriftSide& after);

// compare()'s field-by-field comparison of two containers matched by name or id, alone (`hardock
// watch` compares each container that changes with its baseline counterpart). `before_image` and
// `after_image` are the containers' images when known (their digest is compared), else nullptr
// (their ids are).
[[nodiscard]] std::vector<FieldChange> compare_container(const docker::Container& before,
                                                         const docker::Image* before_image,
                                                         const docker::Container& after,
                                                         const docker::Image* after_image);

// Renderers. Every string that came from a snapshot or a finding is escaped for the format
// (io/escape.h) and long ones are cut (io::truncate), except in JSON, which keeps them whole.
[[nodiscard]] std::string render_table(const DriftReport& report);
[[nodiscard]] std::string render_json(const DriftReport& report);  // schema hardock.drift/1
[[nodiscard]] std::string render_markdown(const DriftReport& report);
// A self-contained HTML fragment (<section class="hardock-drift">, inline styles only, no
// script) that an HTML report embeds.
[[nodiscard]] std::string render_html_section(const DriftReport& report);
// A whole HTML page around render_html_section().
[[nodiscard]] std::string render_html(const DriftReport& report);

// "table", "json", "markdown" (or "md"), "html"; kInvalidArgument otherwise.
[[nodiscard]] core::Result<std::string> render(const DriftReport& report, std::string_view format);

}  // namespace hardock::drift
