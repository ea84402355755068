#include "hardock/vulndb/debian_tracker.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "hardock/io/bounded_read.h"
#include "hardock/vulndb/debian_releases.h"
#include "hardock/vulndb/feed_text.h"

namespace hardock::vulndb {
namespace debian_tracker_detail {

using nlohmann::json;

constexpr std::size_t kMaxDepth = 16;
constexpr std::size_t kMaxReleases = 1000;

struct Release {
  std::string codename;
  std::string status;
  std::string fixed_version;
  std::string urgency;
};

// Depths (containers open): 1 the root object, keyed by package; 2 a package, keyed by id;
// 3 an id's entry, keyed by field; 4 its "releases", keyed by codename; 5 one release.
class Handler : public nlohmann::json_sax<json> {
 public:
  Handler(std::string_view name, ImportSink& sink) : name_(name), sink_(sink) {}

  bool null() override { return scalar(nullptr); }
  bool boolean(bool) override { return scalar(nullptr); }
  bool number_integer(number_integer_t) override { return scalar(nullptr); }
  bool number_unsigned(number_unsigned_t) override { return scalar(nullptr); }
  bool number_float(number_float_t, const string_t&) override { return scalar(nullptr); }
  bool binary(binary_t&) override { return scalar(nullptr); }
  bool string(string_t& value) override { return scalar(&value); }

  bool start_object(std::size_t) override { return open(true); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }

  bool key(string_t& value) override {
    keys_.back() = value;
    const std::size_t depth = keys_.size();
    const char* what = depth == 1 ? "package name" : depth == 2 ? "id" : nullptr;
    if (depth == 4 && in_releases()) what = "release codename";
    if (what != nullptr) {
      if (auto problem = name_problem(value); !problem.empty()) {
        return failed(std::string(what) + " " + shown(value) + ": " + problem);
      }
    }
    return true;
  }

  bool end_object() override {
    const std::size_t depth = keys_.size();
    if (depth == 5 && in_releases()) {
      if (releases_.size() >= kMaxReleases) return failed("more than 1000 releases");
      current_.codename = keys_[3];
      releases_.push_back(std::move(current_));
      current_ = Release{};
    } else if (depth == 3) {
      if (!emit()) return false;
    }
    return close();
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    std::string what = error.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ...": the part after
    // the exception's id says it.
    if (const std::size_t end = what.find("] "); end != std::string::npos) what.erase(0, end + 2);
    return failed("not valid JSON at byte " + std::to_string(position) + ": " + what);
  }

  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::size_t advisories() const { return advisories_; }

 private:
  bool in_releases() const { return keys_.size() >= 4 && keys_[2] == "releases"; }

  bool failed(std::string message) {
    if (error_.empty()) {
      std::string where = shown_path(name_);
      if (keys_.size() >= 2) where += ": package " + shown(keys_[0]);
      if (keys_.size() >= 3) where += ", " + shown(keys_[1]);
      error_ = where + ": " + std::move(message);
    }
    return false;
  }

  bool open(bool object) {
    const std::size_t depth = keys_.size();  // the depth of the container holding this one
    if (depth >= kMaxDepth) return failed("nested deeper than 16 levels");
    if (!object && depth < 3) {
      return failed(depth == 0 ? "not a JSON object (the tracker's data)"
                               : "an array where an object was expected");
    }
    // An entry without releases is written "releases": [] (the tracker's own PHP-style empty
    // map): an empty array is accepted, an array with entries is not.
    if (depth == 4 && in_releases() && !objects_.back()) {
      return failed("releases is an array, not an object");
    }
    if (!object && depth == 4 && in_releases()) {
      return failed("release " + shown(keys_[3]) + " is not an object");
    }
    if (depth == 3 && keys_[2] == "description") return field_type_error("description");
    if (depth == 5 && in_releases() &&
        (keys_[4] == "status" || keys_[4] == "fixed_version" || keys_[4] == "urgency")) {
      return field_type_error(keys_[3] + "." + keys_[4]);
    }
    if (depth == 2) {
      description_.clear();
      releases_.clear();
    }
    keys_.emplace_back();
    objects_.push_back(object);
    return true;
  }

  bool close() {
    keys_.pop_back();
    objects_.pop_back();
    return true;
  }

  bool scalar(std::string* value) {
    const std::size_t depth = keys_.size();
    if (depth == 0) return failed("not a JSON object (the tracker's data)");
    if (depth == 1) return failed("package " + shown(keys_[0]) + " is not an object");
    if (depth == 2) return failed("entry " + shown(keys_[1]) + " is not an object");
    const std::string& field = keys_.back();
    if (depth == 3) {
      if (field == "releases") return failed("releases is not an object");
      if (field != "description") return true;
      if (value == nullptr) return field_type_error("description");
      description_ = summary_text(*value);
      return true;
    }
    if (depth == 4 && in_releases()) {
      return failed(objects_.back() ? "release " + shown(field) + " is not an object"
                                    : "releases is an array, not an object");
    }
    if (depth != 5 || !in_releases()) return true;
    std::string* target = field == "status"          ? &current_.status
                          : field == "fixed_version" ? &current_.fixed_version
                          : field == "urgency"       ? &current_.urgency
                                                     : nullptr;
    if (target == nullptr) return true;
    if (value == nullptr) return field_type_error(keys_[3] + "." + field);
    if (field == "urgency") {
      *target = summary_text(*value);
    } else {
      if (auto problem = name_problem(*value); !problem.empty()) {
        return failed("release " + shown(keys_[3]) + " " + field + " " + problem);
      }
      *target = std::move(*value);
    }
    return true;
  }

  bool field_type_error(const std::string& field) {
    return failed(shown(field) + " is not a string");
  }

  // The id just closed: one advisory per distinct urgency among its affected releases.
  bool emit() {
    std::map<std::string, std::vector<vuln::Affected>> by_urgency;
    for (Release& release : releases_) {
      if (release.fixed_version == "0") continue;  // never affected
      vuln::Affected affected;
      affected.ecosystem = debian_tracker_ecosystem(release.codename);
      affected.package = keys_[0];
      vuln::AffectedRange range;
      range.events.push_back({vuln::RangeEvent::Kind::kIntroduced, "0"});
      if (!release.fixed_version.empty()) {
        range.events.push_back({vuln::RangeEvent::Kind::kFixed, release.fixed_version});
      }
      affected.ranges.push_back(std::move(range));
      by_urgency[release.urgency].push_back(std::move(affected));
    }
    releases_.clear();
    for (auto& [urgency, affected] : by_urgency) {
      vuln::Advisory advisory;
      advisory.id = keys_[1];
      advisory.source = "debian-tracker";
      advisory.summary = description_;
      advisory.rating = urgency;
      if (auto stored = sink_.advisory(advisory, affected); !stored) {
        sink_error_ = stored.error();
        error_ = stored.error().message;
        return false;
      }
      ++advisories_;
    }
    return true;
  }

 public:
  std::optional<core::Error> sink_error_;

 private:
  std::string_view name_;
  ImportSink& sink_;
  std::vector<std::string> keys_;
  std::vector<bool> objects_;  // per open container: an object (else an array)
  std::string description_;
  std::vector<Release> releases_;
  Release current_;
  std::string error_;
  std::size_t advisories_ = 0;
};

template <class Input>
core::Result<std::size_t> parse(Input&& input, std::string_view name, ImportSink& sink) {
  Handler handler(name, sink);
  const bool parsed = json::sax_parse(std::forward<Input>(input), &handler);
  if (handler.sink_error_) return core::fail(*handler.sink_error_);
  if (!parsed || !handler.error().empty()) {
    return core::fail(core::ErrorCode::kMalformedInput, handler.error().empty()
                                                            ? std::string(name) + ": not valid JSON"
                                                            : handler.error());
  }
  return handler.advisories();
}

}  // namespace debian_tracker_detail

core::Result<std::size_t> decode_debian_tracker(std::string_view json, std::string_view name,
                                                ImportSink& sink) {
  return debian_tracker_detail::parse(json, name, sink);
}

core::Result<std::size_t> read_debian_tracker(const std::string& path, ImportSink& sink) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return core::fail(io::file_error(path, errno).to_error());
  if (auto regular = io::check_regular(info, path, kMaxTrackerFileBytes); !regular) {
    return core::fail(regular.error().to_error());
  }
  std::FILE* file = std::fopen(path.c_str(), "rbe");
  if (file == nullptr) return core::fail(io::file_error(path, errno).to_error());
  struct stat opened {};
  if (::fstat(::fileno(file), &opened) != 0 || !S_ISREG(opened.st_mode) ||
      static_cast<std::size_t>(opened.st_size) > kMaxTrackerFileBytes) {
    std::fclose(file);
    return core::fail(core::ErrorCode::kInvalidArgument,
                      path + ": not a regular file of at most 1 GiB");
  }
  auto result = debian_tracker_detail::parse(file, path, sink);
  std::fclose(file);
  return result;
}

}  // namespace hardock::vulndb
