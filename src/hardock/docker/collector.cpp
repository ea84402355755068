#include "hardock/docker/collector.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "hardock/docker/snapshot.h"

namespace hardock::docker {
namespace {

using nlohmann::json;

// One container as collected: the typed model, and (document mode) the engine's own JSON.
struct Slot {
  std::optional<Container> container;
  json inspect;                          // document mode: GET /containers/{id}/json
  json processes;                        // document mode: the "processes" part
  std::vector<json> execs;               // document mode: GET /exec/{id}/json, in ExecIDs order
  std::vector<std::string> execs_ended;  // sessions whose inspect answered 404
};

// One collection. Both entry points run the same requests and the same decoding, so
// `audit` (typed, nothing kept) and `collect -o` then `audit --from` see the same snapshot;
// the document mode also keeps each object's JSON as the engine sent it.
//
// Every object is decoded as it arrives. One that does not decode (a field of the wrong type,
// a number out of range) is recorded in errors as its request, "GET /containers/<id>/json",
// with the field named, and left out: the rest of the engine is still audited.
class Collector {
 public:
  Collector(EngineClient& client, const CollectOptions& options, bool keep_document)
      : client_(client), options_(options), keep_document_(keep_document) {}

  core::Result<EngineSnapshot> run() {
    auto first = first_round();
    if (!first) return core::fail(first.error());
    snapshot_.endpoint = client_.endpoint().url;
    snapshot_.collected_at = options_.collected_at.empty() ? rfc3339_now() : options_.collected_at;
    snapshot_.local = client_.endpoint().is_local();
    auto info = decode_info(first->info);
    if (!info) return core::fail(info.error().with_context("GET /info"));
    snapshot_.info = std::move(*info);
    auto version = decode_version(client_.version());
    if (!version) return core::fail(version.error().with_context("GET /version"));
    snapshot_.version = std::move(*version);
    windows_ = snapshot_.info.os_type == "windows";
    if (keep_document_) info_ = std::move(first->info);

    inspect_containers_and_networks(first->container_ids, first->network_ids);
    read_tops_execs_and_images();

    for (auto& slot : slots_) {
      if (!slot.container) continue;
      if (keep_document_) slot.processes = processes_document(*slot.container);
      snapshot_.containers.push_back(std::move(*slot.container));
    }
    snapshot_.normalize();
    return std::move(snapshot_);
  }

  // The on-disk document (docker/snapshot.h) of what run() collected; call after run().
  json document(const EngineSnapshot& snapshot) {
    json containers = json::array();
    for (auto& slot : slots_) {
      if (!slot.inspect.is_object()) continue;  // not collected, or did not decode
      json entry = {{"inspect", std::move(slot.inspect)},
                    {"processes", std::move(slot.processes)},
                    {"execs", json::array()}};
      for (auto& exec : slot.execs) entry["execs"].push_back(std::move(exec));
      if (!slot.execs_ended.empty()) entry["execs_ended"] = slot.execs_ended;
      containers.push_back(std::move(entry));
    }
    json errors = json::array();
    for (const auto& error : snapshot.errors) {
      errors.push_back({{"what", error.what}, {"message", error.message}});
    }
    json out = {
        {"schema", std::string(kSnapshotSchema)},
        {"endpoint", snapshot.endpoint},
        {"collected_at", snapshot.collected_at},
        {"local", snapshot.local},
        {"info", std::move(info_)},
        {"version", client_.version()},
        {"containers", std::move(containers)},
        {"networks", present(network_documents_)},
        {"images", present(image_documents_)},
        {"errors", std::move(errors)},
    };
    if (!system_df_.is_null()) out["system_df"] = std::move(system_df_);
    return out;
  }

 private:
  void record(const std::string& what, const core::Error& error) {
    snapshot_.errors.push_back({what, error.message});
  }

  // Ids from a list endpoint's answer, each once. A failed list, and items without an Id, are
  // error entries: a container the list hides is never a silent pass.
  std::vector<std::string> ids_from(core::Result<json>&& list, const std::string& path) {
    const std::string what = "GET " + path;
    if (!list) {
      record(what, list.error());
      return {};
    }
    auto listed = list_ids(*list);
    if (!listed) {
      record(what, listed.error());
      return {};
    }
    if (listed->without_id > 0) {
      record(what,
             {core::ErrorCode::kMalformedInput,
              std::to_string(listed->without_id) + " item(s) without an Id string (the first is [" +
                  std::to_string(listed->first_without_id) + "]); they could not be inspected",
              {}});
    }
    return std::move(listed->ids);
  }

  struct FirstRound {
    json info;
    std::vector<std::string> container_ids;
    std::vector<std::string> network_ids;
  };

  // /info, /version and the two lists side by side: /info and /version are the engine's
  // slowest answers (it runs runc and docker-init for them), so they must not hold up the
  // container list. Only a failing /info or /version fails the collection.
  core::Result<FirstRound> first_round() {
    const std::string containers = "/containers/json?all=1";
    const std::string networks = "/networks";
    std::vector<std::string> paths = {"/info", containers, networks};
    const bool need_version = client_.version().is_null();
    if (need_version) paths.push_back("/version");
    auto answers = client_.get_json_many(paths);
    if (need_version) {
      if (!answers[3]) return core::fail(answers[3].error());
      if (auto adopted = client_.adopt_version(std::move(*answers[3])); !adopted) {
        return core::fail(adopted.error());
      }
    }
    if (!answers[0]) return core::fail(answers[0].error());
    return FirstRound{std::move(*answers[0]), ids_from(std::move(answers[1]), containers),
                      ids_from(std::move(answers[2]), networks)};
  }

  static std::string path_for(const std::string& prefix, const std::string& id,
                              const std::string& suffix) {
    return prefix + escape_segment(id) + suffix;
  }

  // GETs every path in parallel and hands each JSON object to `use` as it arrives (so bodies
  // are parsed and dropped one at a time). A failed request is an error entry unless
  // `on_failure` (when given) takes it.
  template <typename Use, typename OnFailure>
  void fetch_each(const std::vector<std::string>& paths, Use&& use, OnFailure&& on_failure) {
    client_.get_json_many(paths, [&](size_t index, core::Result<json>&& body) {
      if (!body) {
        if (!on_failure(index, body.error())) record("GET " + paths[index], body.error());
      } else if (const bool history = paths[index].ends_with("/history");
                 history ? !body->is_array() : !body->is_object()) {
        // Every answer read here is an object, but an image's history, an array.
        record("GET " + paths[index], {core::ErrorCode::kMalformedInput,
                                       history ? "expected a JSON array" : "expected a JSON object",
                                       {}});
      } else {
        use(index, std::move(*body));
      }
    });
  }
  template <typename Use>
  void fetch_each(const std::vector<std::string>& paths, Use&& use) {
    fetch_each(paths, std::forward<Use>(use), [](size_t, const core::Error&) { return false; });
  }

  // Decodes one object; a failure is the error entry of its request.
  template <typename Decode>
  auto decode_or_record(Decode decode, const json& body, const std::string& path)
      -> std::optional<typename decltype(decode(body))::value_type> {
    auto decoded = decode(body);
    if (!decoded) {
      record("GET " + path, decoded.error());
      return std::nullopt;
    }
    return std::move(*decoded);
  }

  // Containers and networks in one parallel batch. A container's processes are read from /proc
  // as soon as its inspect arrives, while the engine is still serving the others.
  void inspect_containers_and_networks(const std::vector<std::string>& container_ids,
                                       const std::vector<std::string>& network_ids) {
    const size_t container_count = container_ids.size();
    std::vector<std::string> paths;
    paths.reserve(container_count + network_ids.size());
    for (const auto& id : container_ids) paths.push_back(path_for("/containers/", id, "/json"));
    for (const auto& id : network_ids) paths.push_back(path_for("/networks/", id, ""));
    slots_.resize(container_count);
    std::vector<std::optional<Network>> networks(network_ids.size());
    if (keep_document_) network_documents_.resize(network_ids.size());
    fetch_each(paths, [&](size_t index, json&& body) {
      if (index < container_count) {
        Slot& slot = slots_[index];
        slot.container = decode_or_record(decode_container, body, paths[index]);
        if (!slot.container) return;
        read_processes_from_proc(*slot.container);
        if (keep_document_) slot.inspect = std::move(body);
      } else {
        const size_t network = index - container_count;
        networks[network] = decode_or_record(decode_network, body, paths[index]);
        if (networks[network] && keep_document_) network_documents_[network] = std::move(body);
      }
    });
    for (auto& network : networks) {
      if (network) snapshot_.networks.push_back(std::move(*network));
    }
  }

  bool proc_allowed() const { return options_.allow_proc && client_.endpoint().is_local(); }

  // A running container's processes from /proc, when this host's /proc shows it.
  void read_processes_from_proc(Container& container) {
    if (!options_.processes || !container.running || !proc_allowed() || container.pid <= 0 ||
        container.id.empty()) {
      return;
    }
    auto processes = read_container_processes(options_.roots, container.pid, container.id);
    if (!processes) return;
    container.process_source = ProcessSource::kProc;
    container.processes = std::move(*processes);
  }

  // One batch for what depends on the inspects: /top of running containers /proc could not
  // show, the inspect of each exec session (GET /exec/{id}/json), and each image a container
  // uses (only those: an estate can hold thousands of unused images).
  void read_tops_execs_and_images() {
    enum class Kind { kTop, kExec, kImage, kHistory, kDiskUsage };
    struct Request {
      Kind kind;
      size_t slot;   // container slot (top, exec)
      size_t which;  // exec: index into ExecIDs; image: index into image ids
    };
    std::vector<std::string> paths;
    std::vector<Request> requests;
    const std::string top_suffix = windows_ ? "/top" : "/top?ps_args=-eo%20uid%2Cpid%2Cargs";
    std::vector<std::string> image_ids;
    std::unordered_set<std::string> seen_images;
    for (size_t index = 0; index < slots_.size(); ++index) {
      if (!slots_[index].container) continue;
      Container& container = *slots_[index].container;
      if (options_.processes && container.running &&
          container.process_source != ProcessSource::kProc) {
        paths.push_back(path_for("/containers/", container.id, top_suffix));
        requests.push_back({Kind::kTop, index, 0});
      }
      container.execs_read = true;
      for (size_t exec = 0; exec < container.exec_ids.size(); ++exec) {
        paths.push_back(path_for("/exec/", container.exec_ids[exec], "/json"));
        requests.push_back({Kind::kExec, index, exec});
      }
      if (!container.image_id.empty() && seen_images.insert(container.image_id).second) {
        paths.push_back(path_for("/images/", container.image_id, "/json"));
        requests.push_back({Kind::kImage, 0, image_ids.size()});
        paths.push_back(path_for("/images/", container.image_id, "/history"));
        requests.push_back({Kind::kHistory, 0, image_ids.size()});
        image_ids.push_back(container.image_id);
      }
    }
    // Disk use in the same batch: the engine sizes every writable layer for it, the slowest
    // answer here on a large estate, so it must not wait for the rest.
    // GET /system/df exists since API 1.25 (Docker 1.13); older engines have no disk use to read.
    const auto api = parse_api_version(client_.api_version());
    if (options_.disk_usage && api && *api >= ApiVersion{1, 25}) {
      paths.emplace_back("/system/df");
      requests.push_back({Kind::kDiskUsage, 0, 0});
    }
    // Exec inspects land in ExecIDs order whatever order they arrive in.
    std::vector<std::vector<std::optional<ExecSession>>> execs(slots_.size());
    std::vector<std::vector<json>> exec_documents(slots_.size());
    for (size_t index = 0; index < slots_.size(); ++index) {
      if (!slots_[index].container) continue;
      execs[index].resize(slots_[index].container->exec_ids.size());
      if (keep_document_) exec_documents[index].resize(execs[index].size());
    }
    // An image is decoded once its inspect and history have both arrived (the history goes
    // into the inspect document as "History", as snapshots keep it).
    std::vector<std::optional<json>> image_bodies(image_ids.size());
    std::vector<std::optional<json>> histories(image_ids.size());
    std::vector<std::string> image_paths(image_ids.size());

    fetch_each(
        paths,
        [&](size_t index, json&& body) {
          const Request& request = requests[index];
          switch (request.kind) {
            case Kind::kTop:
              use_top(*slots_[request.slot].container, paths[index], body);
              break;
            case Kind::kExec:
              execs[request.slot][request.which] =
                  decode_or_record(decode_exec, body, paths[index]);
              if (execs[request.slot][request.which] && keep_document_) {
                exec_documents[request.slot][request.which] = std::move(body);
              }
              break;
            case Kind::kImage:
              image_bodies[request.which] = std::move(body);
              image_paths[request.which] = paths[index];
              break;
            case Kind::kHistory:
              histories[request.which] = std::move(body);
              break;
            case Kind::kDiskUsage:
              if (auto usage = decode_or_record(decode_disk_usage, body, paths[index])) {
                snapshot_.disk_usage = std::move(*usage);
                if (keep_document_) system_df_ = trim_system_df(body);
              }
              break;
          }
        },
        [&](size_t index, const core::Error& error) {
          const Request& request = requests[index];
          if (request.kind == Kind::kTop) {
            Container& container = *slots_[request.slot].container;
            container.process_source = ProcessSource::kTop;
            container.processes.clear();
            container.process_error = error.message;
            return false;  // and an error entry
          }
          // The engine forgets a session when it ends: a 404 between the container's inspect
          // and the session's is that, not a failure to look (see snapshot.h, "execs_ended").
          if (request.kind == Kind::kExec && error.is_http(core::HttpStatus::kNotFound)) {
            slots_[request.slot].execs_ended.push_back(
                slots_[request.slot].container->exec_ids[request.which]);
            return true;
          }
          return false;
        });

    for (size_t index = 0; index < slots_.size(); ++index) {
      Slot& slot = slots_[index];
      if (!slot.container) continue;
      for (size_t exec = 0; exec < execs[index].size(); ++exec) {
        if (!execs[index][exec]) continue;
        slot.container->execs.push_back(std::move(*execs[index][exec]));
        if (keep_document_) slot.execs.push_back(std::move(exec_documents[index][exec]));
      }
      drop_ended_execs(*slot.container, slot.execs_ended);
    }
    for (size_t which = 0; which < image_ids.size(); ++which) {
      if (!image_bodies[which]) continue;
      json& body = *image_bodies[which];
      if (histories[which] && body.is_object()) body["History"] = std::move(*histories[which]);
      auto image = decode_or_record(decode_image, body, image_paths[which]);
      if (!image) continue;
      snapshot_.images.push_back(std::move(*image));
      if (keep_document_) image_documents_.push_back(std::move(body));
    }
  }

  void use_top(Container& container, const std::string& path, const json& body) {
    container.process_source = ProcessSource::kTop;
    container.processes.clear();
    auto list = parse_top(body);
    if (!list) {
      container.process_error = list.error().message;
      record("GET " + path, list.error());
      return;
    }
    container.processes = std::move(*list);
  }

  static json processes_document(const Container& container) {
    json list = json::array();
    for (const auto& process : container.processes) {
      list.push_back({{"pid", process.pid}, {"user", process.user}, {"command", process.command}});
    }
    const char* source = container.process_source == ProcessSource::kProc  ? "proc"
                         : container.process_source == ProcessSource::kTop ? "top"
                                                                           : "none";
    json out = {{"source", source}, {"list", std::move(list)}};
    if (!container.process_error.empty()) out["error"] = container.process_error;
    return out;
  }

  static json present(std::vector<json>& documents) {
    json out = json::array();
    for (auto& document : documents) {
      if (document.is_object()) out.push_back(std::move(document));
    }
    return out;
  }

  EngineClient& client_;
  const CollectOptions& options_;
  const bool keep_document_;
  bool windows_ = false;
  EngineSnapshot snapshot_;
  std::vector<Slot> slots_;              // one per listed container, in list order
  json info_;                            // document mode
  std::vector<json> network_documents_;  // document mode, in list order
  std::vector<json> image_documents_;    // document mode
  json system_df_;                       // document mode: GET /system/df, trimmed
};

}  // namespace

std::string rfc3339_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

core::Result<EngineSnapshot> collect_snapshot(EngineClient& client, const CollectOptions& options) {
  try {
    return Collector(client, options, false).run();
  } catch (const std::exception& error) {
    // The allocator, or a bug: never let it escape the module.
    return core::fail(core::ErrorCode::kInternal,
                      std::string("collecting the snapshot failed: ") + error.what());
  }
}

core::Result<json> collect_snapshot_document(EngineClient& client, const CollectOptions& options) {
  try {
    Collector collector(client, options, true);
    auto snapshot = collector.run();
    if (!snapshot) return core::fail(snapshot.error());
    return collector.document(*snapshot);
  } catch (const std::exception& error) {
    return core::fail(core::ErrorCode::kInternal,
                      std::string("collecting the snapshot failed: ") + error.what());
  }
}

}  // namespace hardock::docker
