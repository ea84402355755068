#include "hardock/docker/collector.h"

#include <charconv>
#include <ctime>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "hardock/docker/snapshot.h"

namespace hardock::docker {
namespace {

using nlohmann::json;

std::string string_field(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class Collector {
 public:
  Collector(EngineClient& client, const CollectOptions& options)
      : client_(client), options_(options) {}

  core::Result<json> run() {
    auto first = first_round();
    if (!first) return core::fail(first.error());
    json document = {
        {"schema", std::string(kSnapshotSchema)},
        {"endpoint", client_.endpoint().url},
        {"collected_at", options_.collected_at.empty() ? rfc3339_now() : options_.collected_at},
        {"local", client_.endpoint().is_local()},
        {"info", std::move(first->info)},
        {"version", client_.version()},
        {"containers", json::array()},
        {"networks", json::array()},
        {"images", json::array()},
        {"errors", json::array()},
    };
    windows_ = string_field(document["info"], "OSType") == "windows";
    document["containers"] = containers(first->container_ids);
    document["networks"] = inspect_ids(first->network_ids, "/networks/", "");
    document["images"] = images(document["containers"]);
    document["errors"] = std::move(errors_);
    return document;
  }

  // The typed snapshot straight from the engine, without the document: each inspect body is
  // decoded as it arrives and dropped. Same requests, same result as decode_snapshot(run()).
  core::Result<EngineSnapshot> run_typed() {
    auto first = first_round();
    if (!first) return core::fail(first.error());
    EngineSnapshot snapshot;
    snapshot.endpoint = client_.endpoint().url;
    snapshot.collected_at = options_.collected_at.empty() ? rfc3339_now() : options_.collected_at;
    snapshot.local = client_.endpoint().is_local();
    auto decoded_info = decode_info(first->info);
    if (!decoded_info) return core::fail(decoded_info.error());
    snapshot.info = std::move(*decoded_info);
    auto decoded_version = decode_version(client_.version());
    if (!decoded_version) return core::fail(decoded_version.error());
    snapshot.version = std::move(*decoded_version);
    windows_ = snapshot.info.os_type == "windows";

    // Containers and networks in one parallel batch. A container's processes are read from
    // /proc as soon as its inspect arrives, while the engine is still serving the others.
    const size_t container_count = first->container_ids.size();
    std::vector<std::string> paths = paths_for(first->container_ids, "/containers/", "/json");
    for (auto& path : paths_for(first->network_ids, "/networks/", "")) {
      paths.push_back(std::move(path));
    }
    std::vector<std::optional<Container>> containers(container_count);
    std::vector<std::optional<Network>> networks(first->network_ids.size());
    std::optional<core::Error> failure;
    fetch_each(paths, [&](size_t index, json&& body) {
      if (index < container_count) {
        if (decode_into(containers[index], body, decode_container, failure)) {
          read_processes_from_proc(*containers[index]);
        }
      } else {
        decode_into(networks[index - container_count], body, decode_network, failure);
      }
    });
    if (failure) return core::fail(*failure);
    snapshot.containers = present(containers);
    snapshot.networks = present(networks);
    snapshot.normalize();

    std::vector<size_t> need_top;
    for (size_t index = 0; index < snapshot.containers.size(); ++index) {
      const Container& container = snapshot.containers[index];
      if (options_.processes && container.running &&
          container.process_source != ProcessSource::kProc) {
        need_top.push_back(index);
      }
    }
    top_typed(snapshot.containers, need_top);

    std::vector<std::string> image_ids;
    std::unordered_set<std::string> seen;
    for (const auto& container : snapshot.containers) {
      if (!container.image_id.empty() && seen.insert(container.image_id).second) {
        image_ids.push_back(container.image_id);
      }
    }
    std::vector<std::optional<Image>> images(image_ids.size());
    fetch_each(paths_for(image_ids, "/images/", "/json"), [&](size_t index, json&& body) {
      decode_into(images[index], body, decode_image, failure);
    });
    if (failure) return core::fail(*failure);
    snapshot.images = present(images);
    for (const auto& error : errors_) {
      snapshot.errors.push_back(
          {error["what"].get<std::string>(), error["message"].get<std::string>()});
    }
    return snapshot;
  }

 private:
  void record(const std::string& what, const core::Error& error) {
    errors_.push_back({{"what", what}, {"message", error.message}});
  }

  // Ids from a list endpoint's answer (objects with "Id"); a failed list is an error entry.
  std::vector<std::string> ids_from(core::Result<json>&& list, const std::string& path) {
    std::vector<std::string> ids;
    if (!list) {
      record("GET " + path, list.error());
    } else if (!list->is_array()) {
      record("GET " + path, {core::ErrorCode::kMalformedInput, "expected a JSON array", {}});
    } else {
      for (const auto& item : *list) {
        if (auto id = string_field(item, "Id"); !id.empty()) ids.push_back(std::move(id));
      }
    }
    return ids;
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

  static std::vector<std::string> paths_for(const std::vector<std::string>& ids,
                                            const std::string& prefix, const std::string& suffix) {
    std::vector<std::string> paths;
    paths.reserve(ids.size());
    for (const auto& id : ids) paths.push_back(prefix + escape_segment(id) + suffix);
    return paths;
  }

  // GETs every path in parallel and hands each object to `use` as it arrives (so bodies are
  // parsed and dropped one at a time); failed ones become error entries.
  template <typename Use>
  void fetch_each(const std::vector<std::string>& paths, Use&& use) {
    client_.get_json_many(paths, [&](size_t index, core::Result<json>&& body) {
      if (!body) {
        record("GET " + paths[index], body.error());
      } else if (!body->is_object()) {
        record("GET " + paths[index],
               {core::ErrorCode::kMalformedInput, "expected a JSON object", {}});
      } else {
        use(index, std::move(*body));
      }
    });
  }

  // Decodes one inspect body into its slot. A body that does not decode fails the whole
  // collection, as decode_snapshot does; the first such error is kept in `failure`.
  template <typename T, typename Decode>
  static bool decode_into(std::optional<T>& slot, const json& body, Decode decode,
                          std::optional<core::Error>& failure) {
    auto decoded = decode(body);
    if (!decoded) {
      if (!failure) failure = decoded.error();
      return false;
    }
    slot = std::move(*decoded);
    return true;
  }

  // The objects that could be read, in the order they were asked for.
  template <typename T>
  static std::vector<T> present(std::vector<std::optional<T>>& slots) {
    std::vector<T> out;
    out.reserve(slots.size());
    for (auto& slot : slots) {
      if (slot) out.push_back(std::move(*slot));
    }
    return out;
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

  // The /top answer's process list ({"pid","user","command"} objects) as typed processes.
  static std::vector<Process> to_processes(const json& list) {
    std::vector<Process> out;
    for (const auto& process : list) {
      out.push_back({process["pid"].get<int64_t>(), process["user"].get<std::string>(),
                     process["command"].get<std::string>()});
    }
    return out;
  }

  void top_typed(std::vector<Container>& containers, const std::vector<size_t>& indexes) {
    if (indexes.empty()) return;
    const std::string suffix = windows_ ? "/top" : "/top?ps_args=-eo%20uid%2Cpid%2Cargs";
    std::vector<std::string> paths;
    for (size_t index : indexes) {
      paths.push_back("/containers/" + escape_segment(containers[index].id) + suffix);
    }
    client_.get_json_many(paths, [&](size_t slot, core::Result<json>&& body) {
      Container& container = containers[indexes[slot]];
      container.process_source = ProcessSource::kTop;
      container.processes.clear();
      core::Result<json> list = body ? parse_top(*body) : core::fail(body.error());
      if (!list) {
        container.process_error = list.error().message;
        record("GET " + paths[slot], list.error());
        return;
      }
      container.processes = to_processes(*list);
    });
  }

  // GETs prefix+id+suffix for each id in parallel; failed ones become error entries.
  json inspect_ids(const std::vector<std::string>& ids, const std::string& prefix,
                   const std::string& suffix) {
    std::vector<json> slots(ids.size());
    fetch_each(paths_for(ids, prefix, suffix),
               [&](size_t index, json&& body) { slots[index] = std::move(body); });
    json out = json::array();
    for (auto& slot : slots) {
      if (!slot.is_null()) out.push_back(std::move(slot));
    }
    return out;
  }

  json containers(const std::vector<std::string>& ids) {
    json inspects = inspect_ids(ids, "/containers/", "/json");
    json out = json::array();
    std::vector<size_t> need_top;
    for (size_t index = 0; index < inspects.size(); ++index) {
      json& inspect = inspects[index];
      json processes = {{"source", "none"}, {"list", json::array()}};
      static const json kNoState = json::object();
      auto found = inspect.find("State");
      const json& state = found != inspect.end() && found->is_object() ? *found : kNoState;
      auto running = state.find("Running");
      if (options_.processes && running != state.end() && running->is_boolean() &&
          running->get<bool>()) {
        auto pid_field = state.find("Pid");
        int64_t pid = pid_field != state.end() && pid_field->is_number_integer()
                          ? pid_field->get<int64_t>()
                          : 0;
        if (auto list = from_proc(pid, string_field(inspect, "Id"))) {
          processes = {{"source", "proc"}, {"list", std::move(*list)}};
        } else {
          need_top.push_back(index);
        }
      }
      out.push_back({{"inspect", std::move(inspect)}, {"processes", std::move(processes)}});
    }
    from_top(out, need_top);
    return out;
  }

  // The /proc list, or nullopt when /proc cannot show this container.
  std::optional<json> from_proc(int64_t pid, const std::string& id) {
    if (!proc_allowed() || pid <= 0 || id.empty()) {
      return std::nullopt;
    }
    auto processes = read_container_processes(options_.roots, pid, id);
    if (!processes) return std::nullopt;
    json list = json::array();
    for (auto& process : *processes) {
      list.push_back({{"pid", process.pid},
                      {"user", std::move(process.user)},
                      {"command", std::move(process.command)}});
    }
    return list;
  }

  void from_top(json& containers, const std::vector<size_t>& indexes) {
    if (indexes.empty()) return;
    // uid and args: numeric users match the /proc source; Windows has no ps.
    const std::string suffix = windows_ ? "/top" : "/top?ps_args=-eo%20uid%2Cpid%2Cargs";
    std::vector<std::string> paths;
    for (size_t index : indexes) {
      paths.push_back("/containers/" +
                      escape_segment(string_field(containers[index]["inspect"], "Id")) + suffix);
    }
    client_.get_json_many(paths, [&](size_t slot, core::Result<json>&& body) {
      json& processes = containers[indexes[slot]]["processes"];
      processes = {{"source", "top"}, {"list", json::array()}};
      core::Result<json> list = body ? parse_top(*body) : core::fail(body.error());
      if (!list) {
        processes["error"] = list.error().message;
        record("GET " + paths[slot], list.error());
        return;
      }
      processes["list"] = std::move(*list);
    });
  }

  // {"Titles": ["UID","PID","COMMAND"], "Processes": [["0","42","sleep 1"], ...]}
  static core::Result<json> parse_top(const json& top) {
    auto bad = [](std::string why) {
      return core::fail(core::ErrorCode::kMalformedInput, "top answer: " + std::move(why));
    };
    if (!top.is_object() || !top.contains("Titles") || !top["Titles"].is_array()) {
      return bad("no Titles array");
    }
    int user = -1;
    int pid = -1;
    int command = -1;
    const json& titles = top["Titles"];
    for (size_t column = 0; column < titles.size(); ++column) {
      if (!titles[column].is_string()) continue;
      auto title = titles[column].get<std::string>();
      int at = static_cast<int>(column);
      if (title == "UID" || title == "USER" || title == "EUID") user = at;
      if (title == "PID") pid = at;
      if (title == "CMD" || title == "COMMAND" || title == "ARGS" || title == "Name") command = at;
    }
    if (pid < 0) return bad("no PID column");
    json list = json::array();
    const json& rows = top.contains("Processes") ? top["Processes"] : json();
    if (rows.is_null()) return list;  // an empty container
    if (!rows.is_array()) return bad("Processes is not an array");
    for (const auto& row : rows) {
      if (!row.is_array()) return bad("a process row is not an array");
      auto cell = [&](int column) {
        return column >= 0 && static_cast<size_t>(column) < row.size() && row[column].is_string()
                   ? row[column].get<std::string>()
                   : std::string();
      };
      int64_t number = 0;
      std::string pid_text = cell(pid);
      std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), number);
      list.push_back(
          {{"pid", number}, {"user", user_from_uid(cell(user))}, {"command", cell(command)}});
    }
    return list;
  }

  // Only images that containers use: the checks need no others, and an estate
  // can hold thousands of unused images.
  json images(const json& containers) {
    std::vector<std::string> ids;
    std::unordered_set<std::string> seen;
    for (const auto& container : containers) {
      auto id = string_field(container["inspect"], "Image");
      if (!id.empty() && seen.insert(id).second) ids.push_back(std::move(id));
    }
    return inspect_ids(ids, "/images/", "/json");
  }

  EngineClient& client_;
  const CollectOptions& options_;
  json errors_ = json::array();
  bool windows_ = false;
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
    return Collector(client, options).run_typed();
  } catch (const std::exception& error) {
    return core::fail(core::ErrorCode::kInternal,
                      std::string("collecting the snapshot failed: ") + error.what());
  }
}

core::Result<json> collect_snapshot_document(EngineClient& client, const CollectOptions& options) {
  try {
    return Collector(client, options).run();
  } catch (const std::exception& error) {
    // nlohmann or the allocator; never let it escape the module.
    return core::fail(core::ErrorCode::kInternal,
                      std::string("collecting the snapshot failed: ") + error.what());
  }
}

}  // namespace hardock::docker
