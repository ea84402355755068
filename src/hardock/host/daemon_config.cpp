#include "hardock/host/daemon_config.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "hardock/host/daemon_flags.h"
#include "hardock/host/daemon_sources.h"
#include "hardock/io/root_dir.h"

namespace hardock::host {
namespace {

// Highest priority first, as systemd looks them up.
constexpr std::string_view kUnitDirs[] = {"/etc/systemd/system", "/run/systemd/system",
                                          "/lib/systemd/system", "/usr/lib/systemd/system"};
constexpr std::string_view kDefaultDaemonJson = "/etc/docker/daemon.json";
constexpr std::string_view kDebianEnv = "/etc/default/docker";
constexpr std::string_view kRedHatEnv = "/etc/sysconfig/docker";

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Reader {
  const ReadContext& context;
  const io::RootDir& root;
  DaemonConfig config;

  // A source that exists but could not be read: recorded, so that verdicts resting on the
  // absence of a setting become "could not look".
  void record_error(const io::FileError& error) {
    config.errors.push_back({error.path, error.reason});
  }

  // The text of a read, recorded as a source; nullopt when the file is absent, or when it
  // exists but could not be read (then recorded in `errors`).
  std::optional<std::string> take(io::FileResult<std::string> text) {
    if (!text) {
      if (!text.error().absent()) record_error(text.error());
      return std::nullopt;
    }
    return std::move(*text);
  }
  void add_source(std::string_view host_path) {
    // An env file is read for the unit and on its own: list it once.
    if (std::find(config.sources.begin(), config.sources.end(), host_path) ==
        config.sources.end()) {
      config.sources.emplace_back(host_path);
    }
  }
  // A host file under the root.
  std::optional<std::string> read_host(std::string_view host_path,
                                       std::size_t max_bytes = io::kMaxConfigFileBytes) {
    auto text = take(root.read(host_path, max_bytes));
    if (text) add_source(host_path);
    return text;
  }

  struct Process {
    int pid = 0;
    std::vector<std::string> argv;
  };

  // One line of /proc/<pid>/status ("PPid:", "Uid:"): the text after the key.
  static std::optional<std::string> status_field(const std::string& status, std::string_view key) {
    std::istringstream lines(status);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with(key)) return line.substr(key.size());
    }
    return std::nullopt;
  }

  static std::vector<std::string> split_cmdline(const std::string& text) {
    std::vector<std::string> argv;
    std::string word;
    for (char c : text) {
      if (c == '\0') {
        argv.push_back(std::move(word));
        word.clear();
      } else {
        word += c;
      }
    }
    if (!word.empty()) argv.push_back(std::move(word));
    return argv;
  }

  // The unix sockets a dockerd command line listens on (-H unix://PATH); nullopt when it names
  // none (then daemon.json, a systemd socket or the default /var/run/docker.sock decide).
  static std::optional<std::vector<std::string>> argv_sockets(
      const std::vector<std::string>& argv) {
    std::vector<WordSource> words;
    for (const auto& arg : argv) words.push_back({arg, ""});
    std::vector<std::string> sockets;
    bool named = false;
    for (const auto& setting : parse_dockerd_flags(words)) {
      if (setting.key != "hosts") continue;
      for (const auto& value : setting.values) {
        if (value.starts_with("fd://")) return std::nullopt;
        named = true;
        if (value.starts_with("unix://")) sockets.push_back(value.substr(7));
      }
    }
    if (!named) return std::nullopt;
    return sockets;
  }

  static std::string_view without_var(std::string_view path) {
    return path.starts_with("/var/run/") ? path.substr(4) : path;
  }

  struct Candidate {
    int pid = 0;
    std::vector<std::string> argv;
    std::string status;
  };

  // Picks, among the dockerds, the one serving context.engine_socket. A dockerd forking a helper
  // (runc --version for /info, ps for /top) has a child still named dockerd until it execs, so
  // a dockerd whose parent is a dockerd is not one; of the rest, the one whose -H names the
  // socket, else the only one that may listen on it. Several and no way to tell: recorded, so
  // verdicts resting on the daemon's flags are not given.
  std::optional<Candidate> pick(std::vector<Candidate> all) {
    std::set<int> pids;
    for (const auto& candidate : all) pids.insert(candidate.pid);
    std::vector<Candidate> daemons;
    for (auto& candidate : all) {
      const auto parent = status_field(candidate.status, "PPid:");
      int ppid = 0;
      if (parent) {
        try {
          ppid = std::stoi(*parent);
        } catch (const std::exception&) {
          ppid = 0;
        }
      }
      if (!pids.contains(ppid)) daemons.push_back(std::move(candidate));
    }
    if (daemons.empty()) return std::nullopt;
    const std::string_view wanted = without_var(context.engine_socket);
    std::vector<size_t> named;
    std::vector<size_t> possible;
    for (size_t idx = 0; idx < daemons.size(); ++idx) {
      const auto sockets = argv_sockets(daemons[idx].argv);
      if (!sockets) {
        possible.push_back(idx);
        continue;
      }
      if (std::any_of(sockets->begin(), sockets->end(),
                      [&](const std::string& path) { return without_var(path) == wanted; })) {
        named.push_back(idx);
      }
    }
    if (wanted.empty() && daemons.size() == 1) return std::move(daemons.front());
    if (!wanted.empty() && named.size() == 1) return std::move(daemons[named.front()]);
    if (!wanted.empty() && named.empty() && possible.size() == 1) {
      return std::move(daemons[possible.front()]);
    }
    std::string listed;
    for (const auto& daemon : daemons) {
      listed += (listed.empty() ? "" : ", ") + std::to_string(daemon.pid);
    }
    const std::string why = wanted.empty()
                                ? std::to_string(daemons.size()) + " dockerd processes run (pids " +
                                      listed + "): which one to read is not known"
                                : "no dockerd known to serve unix://" + context.engine_socket +
                                      " among those running (pids " + listed + ")";
    config.errors.push_back({"/proc", why});
    return std::nullopt;
  }

  // The running dockerd serving the audited engine, from /proc of the root.
  std::optional<Process> find_process() {
    const bool this_host = root.path() == "/";
    if (this_host && !context.live) return std::nullopt;
    auto names = root.list("/proc", this_host ? io::kMaxProcEntries : io::kMaxDirEntries);
    if (!names) {
      // A copied tree usually has no /proc; the live one always has.
      if (!names.error().absent() || this_host) record_error(names.error());
      return std::nullopt;
    }
    std::vector<Candidate> candidates;
    for (const auto& name : *names) {
      if (!all_digits(name) || name.size() > 9) continue;
      // A process that ended meanwhile, or one hidden from this user, is not dockerd we know of.
      auto comm = root.read("/proc/" + name + "/comm", io::kMaxProcLineBytes);
      if (!comm || (*comm != "dockerd\n" && *comm != "dockerd")) continue;
      auto cmdline = root.read("/proc/" + name + "/cmdline", io::kMaxKernelFileBytes);
      auto status = root.read("/proc/" + name + "/status", io::kMaxKernelFileBytes);
      if (!cmdline) continue;
      candidates.push_back({std::stoi(name), split_cmdline(*cmdline), status ? *status : ""});
    }
    auto chosen = pick(std::move(candidates));
    if (!chosen) return std::nullopt;
    const int pid = chosen->pid;
    add_source("/proc/" + std::to_string(pid) + "/cmdline");
    config.pid = pid;
    if (auto uid = status_field(chosen->status, "Uid:")) {
      std::istringstream fields(*uid);
      long real_uid = -1;
      long effective_uid = -1;
      fields >> real_uid >> effective_uid;
      config.user =
          DaemonUser{effective_uid == 0, "effective Uid " + std::to_string(effective_uid) +
                                             " in /proc/" + std::to_string(pid) + "/status"};
    }
    return Process{pid, std::move(chosen->argv)};
  }

  // A unit and its drop-ins (<unit>.d/*.conf, same name: the higher dir wins,
  // applied in name order).
  std::optional<std::string> read_unit(std::string_view unit, UnitKeys& keys) {
    std::optional<std::string> main_path;
    for (std::string_view dir : kUnitDirs) {
      const std::string path = std::string(dir) + "/" + std::string(unit);
      // A link to /dev/null masks the unit: systemd will not start it, drop-ins included.
      if (auto target = root.link_target(path); target && *target == "/dev/null") {
        return std::nullopt;
      }
      auto text = root.read(path, io::kMaxConfigFileBytes);
      if (!text && text.error().absent()) continue;
      // The first unit found is the one systemd uses: an unreadable one is not replaced by
      // a lower directory's.
      if (!text) {
        record_error(text.error());
        break;
      }
      add_source(path);
      apply_unit_file(*text, path, keys);
      main_path = path;
      break;
    }
    std::map<std::string, std::string> dropins;  // file name -> host path
    for (std::string_view dir : kUnitDirs) {
      const std::string host_dir = std::string(dir) + "/" + std::string(unit) + ".d";
      auto names = root.list(host_dir);
      if (!names) {
        if (!names.error().absent()) record_error(names.error());
        continue;
      }
      for (const auto& name : *names) {
        if (name.ends_with(".conf")) dropins.emplace(name, host_dir + "/" + name);
      }
    }
    for (const auto& [name, path] : dropins) {
      if (auto text = read_host(path)) apply_unit_file(*text, path, keys);
    }
    return main_path;
  }

  std::vector<EnvAssignment> read_env_file(std::string_view host_path) {
    auto text = read_host(host_path);
    return text ? parse_env_file(*text, std::string(host_path)) : std::vector<EnvAssignment>{};
  }

  void add_flags(std::vector<WordSource> words) {
    // "dockerd ...", "docker daemon ..." (old), "dockerd-rootless.sh ...".
    size_t skip = words.empty() ? 0 : 1;
    if (skip < words.size() && words[skip].word == "daemon") ++skip;
    words.erase(words.begin(), words.begin() + static_cast<long>(skip));
    for (auto& setting : parse_dockerd_flags(words)) config.settings.push_back(std::move(setting));
  }

  void read_daemon_json() {
    std::string host_path(kDefaultDaemonJson);
    std::optional<std::string> text;
    if (!context.daemon_config_file.empty()) {
      // --config-file names a file of the machine running hardock, not of the root.
      host_path = context.daemon_config_file;
      auto read = io::read_regular_file(host_path, io::kMaxConfigFileBytes);
      if (!read && read.error().absent()) {
        config.errors.push_back({host_path, "the file named by --config-file does not exist"});
        return;
      }
      text = take(std::move(read));
    } else if (const DaemonSetting* flag = config.last("config-file")) {
      host_path = flag->values.back();
      auto read = root.read(host_path, io::kMaxConfigFileBytes);
      if (!read && read.error().absent()) {
        config.errors.push_back(
            {host_path, "the file named by --config-file in " + flag->source + " does not exist"});
        return;
      }
      text = take(std::move(read));
    } else {
      text = take(root.read(host_path, io::kMaxConfigFileBytes));
    }
    if (!text) return;
    auto settings = parse_daemon_json(*text, host_path, DaemonJsonTypes::kDockerd);
    if (!settings) {
      // Read, but not usable: an error, not a source. The error names the file once.
      std::string message = settings.error().message;
      if (message.starts_with(host_path + ": ")) message.erase(0, host_path.size() + 2);
      config.errors.push_back({host_path, std::move(message)});
      return;
    }
    add_source(host_path);
    for (auto& setting : *settings) config.settings.push_back(std::move(setting));
  }

  void find_conflicts() {
    std::set<std::string> seen;
    for (const auto& flag : config.settings) {
      if (flag.origin != SettingOrigin::kFlag || flag.key == "config-file") continue;
      if (!seen.insert(flag.key).second) continue;
      for (const auto& file : config.settings) {
        if (file.origin == SettingOrigin::kFile && file.key == flag.key) {
          config.conflicts.push_back({flag.key, flag.flag + " in " + flag.source, file.source});
        }
      }
    }
  }

  void run() {
    UnitKeys service;
    const auto unit_path = read_unit("docker.service", service);
    const auto debian_env = read_env_file(kDebianEnv);
    const auto redhat_env = read_env_file(kRedHatEnv);
    if (auto process = find_process()) {
      std::vector<WordSource> words;
      for (auto& arg : process->argv) {
        words.push_back({std::move(arg), "/proc/" + std::to_string(process->pid) + "/cmdline"});
      }
      add_flags(std::move(words));
    } else if (!service.exec_start.empty()) {
      auto words =
          exec_start_words(service, [&](const std::string& path) { return read_env_file(path); });
      const std::string program = words.empty() ? "" : words.front().word;
      add_flags(std::move(words));
      if (service.user && service.user->value != "root" && service.user->value != "0") {
        config.user =
            DaemonUser{false, "User=" + service.user->value + " in " + service.user->source};
      } else if (program.ends_with("dockerd-rootless.sh")) {
        config.user = DaemonUser{false, service.exec_start.back().source + " starts " + program};
      } else {
        config.user = DaemonUser{true, service.exec_start.back().source + " starts " + program +
                                           " as a system service with no User=: it runs as root"};
      }
    } else {
      // No unit: sysvinit/upstart scripts pass these variables to dockerd.
      for (const auto& env :
           {std::make_pair(&debian_env, "DOCKER_OPTS"), std::make_pair(&redhat_env, "OPTIONS")}) {
        for (const auto& assignment : *env.first) {
          if (assignment.name != env.second) continue;
          std::vector<WordSource> words{{"dockerd", assignment.source}};
          for (auto& word : split_words(assignment.value))
            words.push_back({std::move(word), assignment.source});
          add_flags(std::move(words));
        }
      }
    }
    (void)unit_path;
    UnitKeys socket;
    read_unit("docker.socket", socket);
    for (const auto& listen : socket.listen_stream) {
      config.settings.push_back(
          {"listen-stream", {listen.value}, SettingOrigin::kSocket, "", listen.source});
    }
    read_daemon_json();
    find_conflicts();
  }
};

bool parse_go_bool(const std::string& text, bool& out) {
  static const std::set<std::string> kTrue{"1", "t", "T", "true", "TRUE", "True"};
  static const std::set<std::string> kFalse{"0", "f", "F", "false", "FALSE", "False"};
  if (kTrue.contains(text)) return out = true, true;
  if (kFalse.contains(text)) return out = false, true;
  return false;
}

// Decoding helpers: each fails with the member's name.
core::Result<std::string> get_string(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return std::string();
  if (!it->is_string())
    return core::fail(core::ErrorCode::kMalformedInput,
                      std::string("field ") + key + ": expected a string");
  return it->get<std::string>();
}

core::Result<std::vector<std::string>> get_strings(const nlohmann::json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end()) return out;
  if (!it->is_array())
    return core::fail(core::ErrorCode::kMalformedInput,
                      std::string("field ") + key + ": expected an array");
  for (const auto& item : *it) {
    if (!item.is_string())
      return core::fail(core::ErrorCode::kMalformedInput,
                        std::string("field ") + key + ": expected strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

// Decodes each object of array `key` with `decode_one`.
template <class T, class Fn>
core::Result<std::vector<T>> get_objects(const nlohmann::json& document, const char* key,
                                         Fn decode_one) {
  std::vector<T> out;
  auto it = document.find(key);
  if (it == document.end()) return out;
  if (!it->is_array())
    return core::fail(core::ErrorCode::kMalformedInput,
                      std::string("field ") + key + ": expected an array");
  for (size_t idx = 0; idx < it->size(); ++idx) {
    const auto& item = (*it)[idx];
    const std::string where = std::string(key) + "[" + std::to_string(idx) + "]";
    if (!item.is_object())
      return core::fail(core::ErrorCode::kMalformedInput, where + ": expected an object");
    core::Result<T> one = decode_one(item);
    if (!one) return core::fail(one.error().with_context(where));
    out.push_back(std::move(*one));
  }
  return out;
}

}  // namespace

std::string_view to_string(SettingOrigin origin) {
  switch (origin) {
    case SettingOrigin::kFile:
      return "file";
    case SettingOrigin::kFlag:
      return "flag";
    case SettingOrigin::kSocket:
      return "socket";
  }
  return "unknown";
}

std::vector<const DaemonSetting*> DaemonConfig::effective(std::string_view key) const {
  std::vector<const DaemonSetting*> flags;
  std::vector<const DaemonSetting*> files;
  for (const auto& setting : settings) {
    if (setting.key != key) continue;
    if (setting.origin == SettingOrigin::kFlag) flags.push_back(&setting);
    if (setting.origin == SettingOrigin::kFile) files.push_back(&setting);
  }
  return flags.empty() ? files : flags;
}

const DaemonSetting* DaemonConfig::last(std::string_view key) const {
  auto found = effective(key);
  return found.empty() ? nullptr : found.back();
}

std::vector<std::string> DaemonConfig::values(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto* setting : effective(key)) {
    out.insert(out.end(), setting->values.begin(), setting->values.end());
  }
  return out;
}

std::optional<bool> DaemonConfig::boolean(std::string_view key) const {
  const DaemonSetting* setting = last(key);
  bool value = false;
  if (setting == nullptr || setting->values.size() != 1 ||
      !parse_go_bool(setting->values[0], value)) {
    return std::nullopt;
  }
  return value;
}

std::string describe(const DaemonSetting& setting) {
  std::string values;
  for (const auto& value : setting.values) values += (values.empty() ? "" : ",") + value;
  if (setting.origin == SettingOrigin::kFlag) {
    return setting.key + "=" + values + " (" + setting.flag + " in " + setting.source + ")";
  }
  return setting.key + "=" + values + " (" + setting.source + ")";
}

core::Result<DaemonConfig> read_daemon_config(const ReadContext& context) {
  auto root = io::RootDir::open(context.root);
  if (!root) return core::fail(root.error());
  Reader reader{context, *root, {}};
  reader.run();
  return std::move(reader.config);
}

nlohmann::json encode_daemon_config(const DaemonConfig& value) {
  nlohmann::json document = nlohmann::json::object();
  document["sources"] = value.sources;
  auto& settings = document["settings"] = nlohmann::json::array();
  for (const auto& setting : value.settings) {
    nlohmann::json item{{"key", setting.key},
                        {"values", setting.values},
                        {"origin", to_string(setting.origin)},
                        {"source", setting.source}};
    if (!setting.flag.empty()) item["flag"] = setting.flag;
    settings.push_back(std::move(item));
  }
  auto& conflicts = document["conflicts"] = nlohmann::json::array();
  for (const auto& conflict : value.conflicts) {
    conflicts.push_back({{"key", conflict.key},
                         {"flag_source", conflict.flag_source},
                         {"file_source", conflict.file_source}});
  }
  auto& errors = document["errors"] = nlohmann::json::array();
  for (const auto& error : value.errors) {
    errors.push_back({{"source", error.source}, {"message", error.message}});
  }
  if (value.pid) document["pid"] = *value.pid;
  if (value.user)
    document["user"] = {{"root", value.user->root}, {"evidence", value.user->evidence}};
  return document;
}

core::Result<DaemonConfig> decode_daemon_config(const nlohmann::json& document) {
  auto malformed = [](std::string message) {
    return core::fail(core::ErrorCode::kMalformedInput, std::move(message));
  };
  if (!document.is_object()) return malformed("expected an object");
  DaemonConfig config;
  auto sources = get_strings(document, "sources");
  if (!sources) return core::fail(sources.error());
  config.sources = std::move(*sources);
  auto settings = get_objects<DaemonSetting>(
      document, "settings", [&](const nlohmann::json& item) -> core::Result<DaemonSetting> {
        DaemonSetting setting;
        auto key = get_string(item, "key");
        auto values = get_strings(item, "values");
        auto origin = get_string(item, "origin");
        auto flag = get_string(item, "flag");
        auto source = get_string(item, "source");
        for (const auto* part : {&key, &origin, &flag, &source}) {
          if (!*part) return core::fail(part->error());
        }
        if (!values) return core::fail(values.error());
        if (key->empty()) return malformed("field key: must not be empty");
        if (*origin == "file" || origin->empty())
          setting.origin = SettingOrigin::kFile;
        else if (*origin == "flag")
          setting.origin = SettingOrigin::kFlag;
        else if (*origin == "socket")
          setting.origin = SettingOrigin::kSocket;
        else
          return malformed("field origin: expected file, flag or socket, got " + *origin);
        setting.key = std::move(*key);
        setting.values = std::move(*values);
        setting.flag = std::move(*flag);
        setting.source = std::move(*source);
        return setting;
      });
  if (!settings) return core::fail(settings.error());
  config.settings = std::move(*settings);
  auto conflicts = get_objects<DaemonConflict>(
      document, "conflicts", [](const nlohmann::json& item) -> core::Result<DaemonConflict> {
        auto key = get_string(item, "key");
        auto flag = get_string(item, "flag_source");
        auto file = get_string(item, "file_source");
        for (const auto* part : {&key, &flag, &file}) {
          if (!*part) return core::fail(part->error());
        }
        return DaemonConflict{*key, *flag, *file};
      });
  if (!conflicts) return core::fail(conflicts.error());
  config.conflicts = std::move(*conflicts);
  auto errors = get_objects<DaemonReadError>(
      document, "errors", [](const nlohmann::json& item) -> core::Result<DaemonReadError> {
        auto source = get_string(item, "source");
        auto message = get_string(item, "message");
        if (!source) return core::fail(source.error());
        if (!message) return core::fail(message.error());
        return DaemonReadError{*source, *message};
      });
  if (!errors) return core::fail(errors.error());
  config.errors = std::move(*errors);
  if (auto pid = document.find("pid"); pid != document.end()) {
    if (!pid->is_number_integer()) return malformed("field pid: expected an integer");
    config.pid = pid->get<int>();
  }
  if (auto user = document.find("user"); user != document.end()) {
    if (!user->is_object()) return malformed("field user: expected an object");
    auto root = user->find("root");
    if (root == user->end() || !root->is_boolean())
      return malformed("field user.root: expected a boolean");
    auto evidence = get_string(*user, "evidence");
    if (!evidence) return core::fail(evidence.error().with_context("user"));
    config.user = DaemonUser{root->get<bool>(), *evidence};
  }
  return config;
}

}  // namespace hardock::host
