// Loading a project: files read (bounded, inside the project directory), .env, each file parsed,
// extends applied (iteratively, chains bounded, cycles refused), files merged in -f order.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "hardock/compose/detail.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/io/root_dir.h"

extern char** environ;  // NOLINT: POSIX

namespace hardock::compose {
namespace load_impl {

namespace fs = std::filesystem;
using detail::FileModel;
using detail::ParseError;

std::string position_prefix(const ComposeProject& project, Pos pos) {
  const std::string& file = pos.file < project.files.size() ? project.files[pos.file] : "?";
  if (pos.line == 0) return file + ": ";
  return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": ";
}

core::Error parse_error(const ComposeProject& project, const ParseError& error) {
  return core::Error{core::ErrorCode::kMalformedInput,
                     io::one_line(position_prefix(project, error.pos) + error.what()),
                     {},
                     core::HttpStatus::kNone};
}

// Rejects what must not reach the YAML parser: invalid UTF-8 (named by line and column).
void check_text(std::string_view text, std::uint32_t file) {
  if (text.size() > kMaxComposeFileBytes) {
    throw ParseError({file, 0, 0},
                     "larger than " + std::to_string(kMaxComposeFileBytes >> 20) + " MiB: refused");
  }
  const std::string repaired = io::valid_utf8(text);
  if (repaired == text) return;
  // Find the first byte that differs: its line and column.
  size_t at = 0;
  while (at < text.size() && at < repaired.size() && text[at] == repaired[at]) ++at;
  std::uint32_t line = 1;
  size_t line_start = 0;
  for (size_t idx = 0; idx < at; ++idx) {
    if (text[idx] == '\n') {
      ++line;
      line_start = idx + 1;
    }
  }
  throw ParseError({file, line, static_cast<std::uint32_t>(at - line_start + 1)},
                   "not valid UTF-8");
}

std::string normalize_project_name(std::string_view raw) {
  std::string name;
  for (char ch : raw) {
    const char low = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if ((low >= 'a' && low <= 'z') || (low >= '0' && low <= '9') || low == '_' || low == '-') {
      name += low;
    }
  }
  while (!name.empty() && (name.front() == '_' || name.front() == '-')) name.erase(0, 1);
  return name;
}

class Loader {
 public:
  Loader(ComposeProject& project, const LoadOptions& options)
      : project_(project), options_(options) {
    variables_.environment = &options.environment;
  }

  void set_root(std::string directory) {
    project_.working_dir = fs::path(directory).lexically_normal().string();
    if (project_.working_dir.size() > 1 && project_.working_dir.back() == '/') {
      project_.working_dir.pop_back();
    }
    auto root = io::RootDir::open(project_.working_dir);
    if (root) root_.emplace(std::move(*root));
  }

  // The text of `absolute`, a file named by extends or env_file: it must lie inside the project
  // directory; read through RootDir so that links cannot lead out of it either.
  std::string read_inside(const std::string& absolute, Pos from) {
    const fs::path relative = fs::path(absolute).lexically_relative(project_.working_dir);
    if (relative.empty() || *relative.begin() == "..") {
      throw ParseError(from, io::one_line(absolute) + " is outside the project directory " +
                                 io::one_line(project_.working_dir));
    }
    if (!root_) throw ParseError(from, "the project directory cannot be opened");
    auto text = root_->read(relative.string(), kMaxComposeFileBytes);
    if (!text) throw ParseError(from, text.error().message());
    return std::move(*text);
  }

  std::uint32_t add_file(const std::string& display, Pos from) {
    if (project_.files.size() >= kMaxFiles) {
      throw ParseError(from, "more than " + std::to_string(kMaxFiles) + " files: refused");
    }
    project_.files.push_back(display);
    return static_cast<std::uint32_t>(project_.files.size() - 1);
  }

  FileModel parse(std::string_view text, std::uint32_t file, const std::string& absolute,
                  const std::string& base_directory) {
    check_text(text, file);
    detail::ReadContext context;
    context.file = file;
    context.path = project_.files[file];
    context.directory = fs::path(absolute).parent_path().string();
    context.project_directory = base_directory;
    context.variables = &variables_;
    context.warnings = &project_.warnings;
    return detail::read_file(text, context);
  }

  void read_dot_env() {
    if (!options_.read_dot_env || !root_) return;
    auto exists = root_->exists(".env");
    if (!exists || !*exists) return;
    auto text = root_->read(".env", kMaxComposeFileBytes);
    const std::string display = (fs::path(project_.working_dir) / ".env").string();
    if (!text) throw ParseError({add_file(display, {}), 0, 0}, text.error().reason);
    try {
      for (auto& line : detail::parse_env_file(*text)) {
        if (line.value) variables_.dot_env[line.key] = *line.value;
      }
    } catch (const std::invalid_argument& error) {
      throw ParseError({add_file(display, {}), 0, 0}, error.what());
    }
  }

  // The model of the file at `absolute` (extends.file), parsed once.
  const FileModel& extended_file(const std::string& absolute, Pos from) {
    if (auto found = by_path_.find(absolute); found != by_path_.end()) {
      return models_[found->second];
    }
    const std::string text = read_inside(absolute, from);
    const std::uint32_t file = add_file(absolute, from);
    models_.push_back(parse(text, file, absolute, fs::path(absolute).parent_path().string()));
    absolute_.push_back(absolute);
    file_of_model_.push_back(file);
    by_path_[absolute] = models_.size() - 1;
    return models_.back();
  }

  // `service` of model `model` with its extends chain applied.
  Service resolve(size_t model, const Service& service) {
    struct Link {
      size_t model;
      Service service;
    };
    std::vector<Link> chain{{model, service}};
    std::set<std::pair<size_t, std::string>> seen{{model, service.name}};
    while (!chain.back().service.extends_service.empty()) {
      const Link& link = chain.back();
      const Pos from = link.service.keys.contains("extends") ? link.service.keys.at("extends")
                                                             : link.service.pos;
      if (static_cast<int>(chain.size()) > kMaxExtendsDepth) {
        throw ParseError(from, "services." + service.name + ".extends: chain longer than " +
                                   std::to_string(kMaxExtendsDepth));
      }
      size_t target = link.model;
      if (!link.service.extends_file.empty()) {
        const fs::path dir = fs::path(absolute_[link.model]).parent_path();
        const std::string absolute = (dir / link.service.extends_file).lexically_normal().string();
        extended_file(absolute, from);
        target = by_path_.at(absolute);
      }
      const std::string& wanted = link.service.extends_service;
      const auto& services = models_[target].services;
      auto found = std::find_if(services.begin(), services.end(),
                                [&](const Service& s) { return s.name == wanted; });
      if (found == services.end()) {
        throw ParseError(from, "services." + link.service.name + ".extends: no service " +
                                   io::one_line(wanted) + " in " +
                                   io::one_line(project_.files[found_file(target)]));
      }
      if (!seen.insert({target, wanted}).second) {
        throw ParseError(
            from, "services." + service.name + ".extends: cycle through " + io::one_line(wanted));
      }
      chain.push_back({target, *found});
    }
    Service result = chain.back().service;
    for (size_t idx = chain.size() - 1; idx-- > 0;)
      detail::merge_service(result, chain[idx].service);
    result.name = service.name;
    result.pos = service.pos;
    result.extends_service = service.extends_service;
    result.extends_file = service.extends_file;
    return result;
  }

  std::uint32_t found_file(size_t model) const { return file_of_model_[model]; }

  void load(const std::vector<SourceText>& sources) {
    if (sources.empty()) throw ParseError({}, "no Compose file given");
    std::string directory = options_.project_directory;
    if (directory.empty()) {
      const fs::path first(sources.front().path);
      directory =
          first == "-" ? fs::current_path().string() : fs::absolute(first).parent_path().string();
    }
    set_root(fs::absolute(directory).string());
    for (const auto& source : sources) add_file(source.path, {});
    project_.config_file_count = sources.size();
    read_dot_env();

    std::string name_from_files;
    for (size_t idx = 0; idx < sources.size(); ++idx) {
      const std::string absolute =
          sources[idx].path == "-" ? (fs::path(project_.working_dir) / "-").string()
                                   : fs::absolute(sources[idx].path).lexically_normal().string();
      models_.push_back(parse(sources[idx].text, static_cast<std::uint32_t>(idx), absolute,
                              project_.working_dir));
      absolute_.push_back(absolute);
      file_of_model_.push_back(static_cast<std::uint32_t>(idx));
      by_path_.try_emplace(absolute, models_.size() - 1);
    }
    std::vector<Service> services;
    std::vector<Network> networks;
    std::vector<Volume> volumes;
    for (size_t model = 0; model < sources.size(); ++model) {
      if (!models_[model].name.empty()) name_from_files = models_[model].name;
      const std::vector<Service> declared = models_[model].services;  // extends may grow models_
      for (const auto& service : declared) {
        Service resolved = resolve(model, service);
        auto same = std::find_if(services.begin(), services.end(),
                                 [&](const Service& s) { return s.name == resolved.name; });
        if (same == services.end()) {
          services.push_back(std::move(resolved));
        } else {
          detail::merge_service(*same, resolved);
        }
      }
      for (const auto& network : models_[model].networks) {
        auto same = std::find_if(networks.begin(), networks.end(),
                                 [&](const Network& n) { return n.key == network.key; });
        if (same == networks.end()) {
          networks.push_back(network);
        } else {
          detail::merge_network(*same, network);
        }
      }
      for (const auto& volume : models_[model].volumes) {
        auto same = std::find_if(volumes.begin(), volumes.end(),
                                 [&](const Volume& v) { return v.key == volume.key; });
        if (same == volumes.end()) {
          volumes.push_back(volume);
        } else {
          *same = volume;
        }
      }
    }

    // The project's name.
    std::string raw = options_.project_name;
    if (raw.empty()) {
      if (auto env = options_.environment.find("COMPOSE_PROJECT_NAME");
          env != options_.environment.end()) {
        raw = env->second;
      }
    }
    if (raw.empty()) raw = name_from_files;
    if (raw.empty()) raw = fs::path(project_.working_dir).filename().string();
    project_.name = normalize_project_name(raw);
    if (project_.name.empty()) {
      throw ParseError({0, 0, 0}, "no usable project name from " + io::one_line(raw) +
                                      " (give one: lowercase letters, digits, '_' and '-')");
    }

    for (auto& network : networks) {
      if (network.name.empty()) {
        network.name = network.external ? network.key : project_.name + "_" + network.key;
      }
      if (network.driver.empty()) network.driver = "bridge";
    }
    for (auto& volume : volumes) {
      if (volume.name.empty()) {
        volume.name = volume.external ? volume.key : project_.name + "_" + volume.key;
      }
    }
    std::sort(services.begin(), services.end(),
              [](const Service& a, const Service& b) { return a.name < b.name; });
    for (auto& service : services) {
      for (const auto& attachment : service.networks) {
        const std::string& network = attachment.first;  // a name, not a binding: clang 14 lambdas
        const bool declared = std::any_of(networks.begin(), networks.end(),
                                          [&](const Network& n) { return n.key == network; });
        if (!declared && network != "default") {
          throw ParseError(
              attachment.second,
              "services." + service.name + ".networks: undefined network " + io::one_line(network));
        }
      }
      if (service.image.empty() && !service.build) {
        throw ParseError(service.pos, "services." + service.name + ": neither image nor build");
      }
      // `environment: [KEY]` / `KEY:` without a value: the shell's (or .env's) value, else unset.
      for (auto& [key, entry] : service.environment) {
        if (entry.value) continue;
        if (const std::string* value = variables_.find(key)) entry.value = *value;
      }
      read_env_files(service);
    }
    std::sort(networks.begin(), networks.end(),
              [](const Network& a, const Network& b) { return a.key < b.key; });
    std::sort(volumes.begin(), volumes.end(),
              [](const Volume& a, const Volume& b) { return a.key < b.key; });
    project_.services = std::move(services);
    project_.networks = std::move(networks);
    project_.volumes = std::move(volumes);
  }

  void read_env_files(Service& service) {
    for (const auto& item : service.env_file) {
      const std::string absolute =
          (fs::path(project_.working_dir) / item.value).lexically_normal().string();
      const std::string text = read_inside(absolute, item.pos);
      std::uint32_t file = 0;
      if (auto known = env_files_.find(absolute); known != env_files_.end()) {
        file = known->second;
      } else {
        file = add_file(absolute, item.pos);
        env_files_[absolute] = file;
      }
      check_text(text, file);
      try {
        for (auto& line : detail::parse_env_file(text)) {
          Entry entry{{file, line.line, 1}, line.value};
          if (!entry.value) {
            if (const std::string* value = variables_.find(line.key)) entry.value = *value;
          }
          service.env_file_values[line.key] = std::move(entry);
        }
      } catch (const std::invalid_argument& error) {
        throw ParseError({file, 0, 0}, error.what());
      }
    }
  }

 private:
  ComposeProject& project_;
  const LoadOptions& options_;
  detail::Variables variables_;
  std::optional<io::RootDir> root_;
  std::vector<FileModel> models_;
  std::vector<std::string> absolute_;
  std::vector<std::uint32_t> file_of_model_;
  std::map<std::string, size_t> by_path_;
  std::map<std::string, std::uint32_t> env_files_;
};

}  // namespace load_impl

const Service* ComposeProject::find_service(std::string_view wanted) const {
  for (const auto& service : services) {
    if (service.name == wanted) return &service;
  }
  return nullptr;
}

const Network* ComposeProject::find_network(std::string_view key) const {
  for (const auto& network : networks) {
    if (network.key == key) return &network;
  }
  return nullptr;
}

std::string ComposeProject::container_name(const Service& service) const {
  if (!service.container_name.empty()) return service.container_name;
  return name + "-" + service.name + "-1";
}

core::SourceLocation ComposeProject::location(Pos pos) const {
  core::SourceLocation location;
  if (pos.line == 0 || pos.file >= files.size()) return location;
  location.file = files[pos.file];
  location.line = pos.line;
  location.column = pos.column;
  return location;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    out.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return out;
}

core::Result<ComposeProject> load_project_texts(const std::vector<SourceText>& files,
                                                const LoadOptions& options) {
  ComposeProject project;
  load_impl::Loader loader(project, options);
  try {
    loader.load(files);
  } catch (const detail::ParseError& error) {
    return core::fail(load_impl::parse_error(project, error));
  } catch (const std::exception& error) {
    // yaml-cpp and the standard library: a message, never a crash.
    return core::fail(core::ErrorCode::kMalformedInput,
                      io::one_line((files.empty() ? std::string("compose") : files.front().path) +
                                   ": " + error.what()));
  }
  return project;
}

core::Result<ComposeProject> load_project(const std::vector<std::string>& paths,
                                          const LoadOptions& options) {
  std::vector<SourceText> sources;
  for (const auto& path : paths) {
    auto text = io::read_regular_file(path, kMaxComposeFileBytes);
    if (!text) return core::fail(text.error().to_error());
    sources.push_back({path, std::move(*text)});
  }
  return load_project_texts(sources, options);
}

}  // namespace hardock::compose
