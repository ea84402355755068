// The fast snapshot decoder (snapshot_simd.h). simdjson's DOM parser reads the whole text into a
// tape (validating it: UTF-8, structure, numbers, strings, depth), then each container, network
// and image is read from the tape by snapshot_read.h's readers through SimdReader, which reads
// an object as nlohmann's tree holds it (a key given twice counts as its last value; members in
// the byte order of their keys), so that the result and the first error named are the reference
// decoder's for any document. Measured in docs/benchmarks.md ("Drift between two runs").
#include "hardock/docker/snapshot_simd.h"

// g++ 12 at -O2 and above flags simdjson's own inline code (value_unsafe on its result
// temporaries) as dangling or uninitialised: false positives in a header that is not ours.
// (clang, which the fuzz targets are built with, has neither warning.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <simdjson.h>
#pragma GCC diagnostic pop
#else
#include <simdjson.h>
#endif

#include <algorithm>
#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "hardock/docker/json_reader.h"
#include "hardock/docker/request_path.h"
#include "hardock/docker/snapshot_read.h"
#include "hardock/io/json_guard.h"

namespace hardock::docker::simd {
namespace {

using core::ErrorCode;
using nlohmann::json;
using simdjson::dom::element;
using simdjson::dom::element_type;

// A value of the document, or none (an absent member), which reads as JSON null.
struct Value {
  element node;
  bool present = false;

  [[nodiscard]] element_type type() const {
    return present ? node.type() : element_type::NULL_VALUE;
  }
  [[nodiscard]] bool is_null() const { return type() == element_type::NULL_VALUE; }
};

// The array or object `node` is (its type checked by the caller).
simdjson::dom::array array_of(const element& node) {
  simdjson::dom::array out;
  if (node.get(out) != simdjson::SUCCESS) return {};
  return out;
}
simdjson::dom::object object_of(const element& node) {
  simdjson::dom::object out;
  if (node.get(out) != simdjson::SUCCESS) return {};
  return out;
}

// The members of an object as nlohmann's std::map holds them: sorted by key (byte order), a key
// given twice keeping its last value.
using Members = std::vector<std::pair<std::string_view, element>>;

Members members_of(const element& node) {
  Members members;
  simdjson::dom::object object = object_of(node);
  members.reserve(object.size());
  for (simdjson::dom::key_value_pair member : object)
    members.emplace_back(member.key, member.value);
  if (members.size() < 2) return members;
  // Stable: of equal keys the last stays last. An insertion sort for the usual object (a few
  // dozen members, often nearly sorted), without stable_sort's buffer.
  if (members.size() <= 64) {
    for (size_t index = 1; index < members.size(); ++index) {
      auto moving = members[index];
      size_t to = index;
      for (; to > 0 && moving.first < members[to - 1].first; --to) members[to] = members[to - 1];
      members[to] = moving;
    }
  } else {
    std::stable_sort(members.begin(), members.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  // Keep the last of each run of equal keys.
  size_t kept = 0;
  for (size_t index = 0; index < members.size(); ++index) {
    if (index + 1 < members.size() && members[index + 1].first == members[index].first) continue;
    members[kept++] = members[index];
  }
  members.resize(kept);
  return members;
}

std::string string_of(const element& node) { return std::string(node.get_string().value_unsafe()); }

// JsonReader's interface over simdjson's document (see snapshot_read.h).
class SimdReader {
 public:
  SimdReader(const Value& value, std::string path) : path_(std::move(path)) { open(value); }

  // The path of what is read, for errors: made only when one is thrown (most readers never
  // need theirs), from the reader's parent and where it sits in it.
  [[nodiscard]] std::string path() const {
    if (parent_ == nullptr) return path_;
    std::string out = parent_->field(key_);
    if (in_member_) {
      out += '.';
      out += member_;
    } else if (index_ != kNoIndex) {
      out += "[" + std::to_string(index_) + "]";
    }
    return out;
  }

  // The member `key` (its last value when given twice), or none.
  [[nodiscard]] Value raw(const char* key) const {
    const std::string_view name(key);
    if (!is_object_) return {};
    if (!sorted_.empty()) {
      auto found = std::lower_bound(
          sorted_.begin(), sorted_.end(), name,
          [](const auto& member, std::string_view wanted) { return member.first < wanted; });
      if (found == sorted_.end() || found->first != name) return {};
      return {found->second, true};
    }
    Value found;
    for (simdjson::dom::key_value_pair member : object_) {
      if (member.key == name) found = {member.value, true};
    }
    return found;
  }
  [[nodiscard]] std::string field(const char* key) const {
    std::string base = path();
    return base.empty() ? std::string(key) : base + "." + key;
  }
  [[nodiscard]] bool has(const char* key) const { return !raw(key).is_null(); }

  [[nodiscard]] std::string str(const char* key) const {
    const Value item = raw(key);
    if (item.is_null()) return {};
    if (item.type() != element_type::STRING) throw DecodeError{field(key), "expected a string"};
    return string_of(item.node);
  }
  [[nodiscard]] bool boolean(const char* key) const {
    const Value item = raw(key);
    if (item.is_null()) return false;
    if (item.type() != element_type::BOOL) throw DecodeError{field(key), "expected a boolean"};
    return item.node.get_bool().value_unsafe();
  }
  [[nodiscard]] std::optional<bool> optional_boolean(const char* key) const {
    if (!has(key)) return std::nullopt;
    return boolean(key);
  }
  [[nodiscard]] int64_t integer(const char* key) const {
    const Value item = raw(key);
    switch (item.type()) {
      case element_type::NULL_VALUE:
        return 0;
      case element_type::INT64:
        return item.node.get_int64().value_unsafe();
      case element_type::UINT64: {
        const uint64_t value = item.node.get_uint64().value_unsafe();
        return value > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(value);
      }
      default:
        throw DecodeError{field(key), "expected an integer"};
    }
  }
  [[nodiscard]] std::optional<int64_t> optional_integer(const char* key) const {
    if (!has(key)) return std::nullopt;
    return integer(key);
  }
  [[nodiscard]] std::vector<std::string> strings(const char* key) const {
    const Value item = raw(key);
    std::vector<std::string> out;
    if (item.is_null()) return out;
    if (item.type() != element_type::ARRAY) {
      throw DecodeError{field(key), "expected an array of strings"};
    }
    for (element entry : array_of(item.node)) {
      if (entry.type() != element_type::STRING) {
        throw DecodeError{field(key), "expected an array of strings"};
      }
      out.push_back(string_of(entry));
    }
    return out;
  }
  [[nodiscard]] std::vector<std::string> keys(const char* key) const {
    const Value item = raw(key);
    std::vector<std::string> out;
    if (item.is_null()) return out;
    if (item.type() != element_type::OBJECT) throw DecodeError{field(key), "expected an object"};
    for (const auto& member : members_of(item.node)) out.emplace_back(member.first);
    return out;
  }
  [[nodiscard]] std::map<std::string, std::string> string_map(const char* key) const {
    const Value item = raw(key);
    std::map<std::string, std::string> out;
    if (item.is_null()) return out;
    if (item.type() != element_type::OBJECT) {
      throw DecodeError{field(key), "expected an object of strings"};
    }
    for (const auto& [name, value] : members_of(item.node)) {
      if (value.type() != element_type::STRING) {
        throw DecodeError{field(key) + "." + std::string(name), "expected a string"};
      }
      out.emplace_hint(out.end(), std::string(name), string_of(value));
    }
    return out;
  }
  [[nodiscard]] SimdReader object(const char* key) const {
    return SimdReader(raw(key), this, key, Place::kField, {}, 0);
  }
  template <class Fn>
  void each(const char* key, Fn&& fn) const {
    const Value item = raw(key);
    if (item.is_null()) return;
    if (item.type() != element_type::ARRAY) throw DecodeError{field(key), "expected an array"};
    size_t index = 0;
    for (element entry : array_of(item.node)) {
      fn(SimdReader(Value{entry, true}, this, key, Place::kElement, {}, index++));
    }
  }
  template <class Fn>
  void each_member(const char* key, Fn&& fn) const {
    const Value item = raw(key);
    if (item.is_null()) return;
    if (item.type() != element_type::OBJECT) throw DecodeError{field(key), "expected an object"};
    for (const auto& [name, value] : members_of(item.node)) {
      const std::string text(name);
      fn(text, SimdReader(Value{value, true}, this, key, Place::kMember, name, 0));
    }
  }

  // What the reader reads is parent->field(key), then ".member" or "[index]" when given.
  // `parent` and `member` outlive this reader (the readers nest on the stack; member names are
  // in the parser's document).
  enum class Place { kField, kMember, kElement };
  SimdReader(const Value& value, const SimdReader* parent, const char* key, Place place,
             std::string_view member, size_t index)
      : parent_(parent),
        key_(key),
        member_(member),
        in_member_(place == Place::kMember),
        index_(place == Place::kElement ? index : kNoIndex) {
    open(value);
  }

 private:
  static constexpr size_t kScanned = 12;
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);

  void open(const Value& value) {
    const element_type type = value.type();
    if (type == element_type::OBJECT) {
      object_ = object_of(value.node);
      is_object_ = true;
      // A large object (HostConfig) is indexed once; a small one is scanned per lookup.
      if (object_.size() > kScanned) sorted_ = members_of(value.node);
    } else if (type != element_type::NULL_VALUE) {
      throw DecodeError{path(), "expected an object"};
    }
  }

  simdjson::dom::object object_;
  bool is_object_ = false;  // false: null or absent, every member absent
  Members sorted_;          // members_of(object_) when it has more than kScanned members
  std::string path_;        // when there is no parent
  const SimdReader* parent_ = nullptr;
  const char* key_ = nullptr;
  std::string_view member_;
  bool in_member_ = false;
  size_t index_ = kNoIndex;
};

// Found by snapshot_read's templates through argument-dependent lookup; the JsonReader one is in
// snapshot_decode.cpp.
std::vector<PortMapping> read_ports(const SimdReader& parent, const char* key) {
  std::vector<PortMapping> out;
  const Value item = parent.raw(key);
  if (item.is_null()) return out;
  if (item.type() != element_type::OBJECT) {
    throw DecodeError{parent.field(key), "expected an object"};
  }
  for (const auto& [name, bindings] : members_of(item.node)) {
    PortMapping mapping;
    mapping.container_port = std::string(name);
    const element_type type = bindings.type();
    if (type != element_type::NULL_VALUE) {
      const std::string where = parent.field(key) + "." + mapping.container_port;
      if (type != element_type::ARRAY) throw DecodeError{where, "expected an array"};
      for (element binding : array_of(bindings)) {
        SimdReader reader(Value{binding, true}, where);
        mapping.bindings.push_back({reader.str("HostIp"), reader.str("HostPort")});
      }
    }
    out.push_back(std::move(mapping));
  }
  return out;
}

template <class T, class Fn>
core::Result<T> guarded(const Value& value, const char* what, Fn&& fn) {
  try {
    return fn(SimdReader(value, ""));
  } catch (const DecodeError& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      std::string(what) + ": " +
                          (error.field.empty() ? "" : "field " + error.field + ": ") +
                          error.message);
  }
}

// The last member `key` of an object, as nlohmann's find gives it; none for another value.
Value member(const Value& value, std::string_view key) {
  Value found;
  if (value.type() != element_type::OBJECT) return found;
  for (simdjson::dom::key_value_pair entry : object_of(value.node)) {
    if (entry.key == key) found = {entry.value, true};
  }
  return found;
}

// As snapshot_decode.cpp's entry_request.
std::string entry_request(const Value& entry, const std::string& prefix, const std::string& suffix,
                          const std::string& where) {
  const Value id = member(entry, "Id");
  if (id.type() == element_type::STRING) {
    const std::string text = string_of(id.node);
    if (!text.empty()) return "GET " + prefix + escape_segment(text) + suffix;
  }
  return where;
}

// As decode_entry (snapshot_decode.cpp) does for nlohmann's tree.
void decode_element(std::string_view name, const Value& entry, size_t position,
                    EngineSnapshot& snapshot) {
  const std::string where = "snapshot " + std::string(name) + "[" + std::to_string(position) + "]";
  if (name == "containers") {
    auto decoded =
        guarded<Container>(entry, "container", snapshot_read::read_container_entry<SimdReader>);
    if (decoded) return snapshot.containers.push_back(std::move(*decoded));
    snapshot.errors.push_back(
        {entry_request(member(entry, "inspect"), "/containers/", "/json", where),
         decoded.error().message});
  } else if (name == "networks") {
    auto decoded = guarded<Network>(entry, "network", snapshot_read::read_network<SimdReader>);
    if (decoded) return snapshot.networks.push_back(std::move(*decoded));
    snapshot.errors.push_back(
        {entry_request(entry, "/networks/", "", where), decoded.error().message});
  } else if (name == "images") {
    auto decoded = guarded<Image>(entry, "image", snapshot_read::read_image<SimdReader>);
    if (decoded) return snapshot.images.push_back(std::move(*decoded));
    snapshot.errors.push_back(
        {entry_request(entry, "/images/", "/json", where), decoded.error().message});
  }
}

// A value of the document as nlohmann's parser would have built it (non-negative integers are
// number_unsigned there). Recursive: the depth is bounded by the parser's (io::kMaxJsonDepth).
json to_tree(const element& node) {
  switch (node.type()) {
    case element_type::ARRAY: {
      json out = json::array();
      for (element entry : array_of(node)) out.push_back(to_tree(entry));
      return out;
    }
    case element_type::OBJECT: {
      json out = json::object();
      for (simdjson::dom::key_value_pair entry : object_of(node)) {
        out[std::string(entry.key)] = to_tree(entry.value);
      }
      return out;
    }
    case element_type::INT64: {
      const int64_t value = node.get_int64().value_unsafe();
      return value >= 0 ? json(static_cast<uint64_t>(value)) : json(value);
    }
    case element_type::UINT64:
      return json(node.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return json(node.get_double().value_unsafe());
    case element_type::STRING:
      return json(string_of(node));
    case element_type::BOOL:
      return json(node.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
      break;
  }
  return json();
}

constexpr std::array<std::string_view, 3> kStreamed = {"containers", "networks", "images"};

void decode_range(std::string_view name, const std::vector<element>& entries, size_t begin,
                  size_t end, EngineSnapshot& part) {
  for (size_t position = begin; position < end; ++position) {
    decode_element(name, Value{entries[position], true}, position, part);
  }
}

}  // namespace

std::optional<core::Result<EngineSnapshot>> decode(std::string_view text, json* rest, int threads) {
  simdjson::dom::parser parser;
  if (parser.allocate(text.size(), io::kMaxJsonDepth) != simdjson::SUCCESS) return std::nullopt;
  auto parsed = parser.parse(text.data(), text.size());
  if (parsed.error() != simdjson::SUCCESS) return std::nullopt;
  const element root = parsed.value_unsafe();
  if (root.type() != element_type::OBJECT) return std::nullopt;

  // The envelope: every member but the three arrays (kept empty), as the reference decoder's
  // streaming parse leaves it; the last of a member given twice.
  json envelope = json::object();
  std::array<std::vector<element>, kStreamed.size()> entries;
  for (simdjson::dom::key_value_pair entry : object_of(root)) {
    const auto streamed = std::find(kStreamed.begin(), kStreamed.end(), entry.key);
    if (streamed != kStreamed.end()) {
      auto& list = entries[static_cast<size_t>(streamed - kStreamed.begin())];
      list.clear();
      if (entry.value.type() == element_type::ARRAY) {
        for (element item : array_of(entry.value)) list.push_back(item);
        envelope[std::string(entry.key)] = json::array();
        continue;
      }
    }
    envelope[std::string(entry.key)] = to_tree(entry.value);
  }

  // The containers in two halves when asked (the reading, not the parse, is most of the time).
  std::array<EngineSnapshot, kStreamed.size()> parts;
  EngineSnapshot first_half;
  const auto& containers = entries[0];
  const size_t split = threads > 1 && containers.size() >= 256 ? containers.size() / 2 : 0;
  first_half.containers.reserve(split);
  parts[0].containers.reserve(containers.size() - split);
  parts[1].networks.reserve(entries[1].size());
  parts[2].images.reserve(entries[2].size());
  std::exception_ptr failure;
  std::thread worker;
  if (split > 0) {
    worker = std::thread([&] {
      try {
        decode_range(kStreamed[0], containers, 0, split, first_half);
      } catch (...) {  // the allocator: never across the thread
        failure = std::current_exception();
      }
    });
  }
  try {
    decode_range(kStreamed[0], containers, split, containers.size(), parts[0]);
    for (size_t index = 1; index < kStreamed.size(); ++index) {
      decode_range(kStreamed[index], entries[index], 0, entries[index].size(), parts[index]);
    }
  } catch (...) {
    if (worker.joinable()) worker.join();
    throw;
  }
  if (worker.joinable()) worker.join();
  if (failure) std::rethrow_exception(failure);
  if (split > 0) {
    first_half.containers.reserve(first_half.containers.size() + parts[0].containers.size());
    std::move(parts[0].containers.begin(), parts[0].containers.end(),
              std::back_inserter(first_half.containers));
    first_half.errors.insert(first_half.errors.end(), parts[0].errors.begin(),
                             parts[0].errors.end());
    parts[0] = std::move(first_half);
  }

  // As the reference decoder finishes (snapshot_text.cpp, decode_source).
  auto snapshot = decode_snapshot(envelope);
  if (!snapshot) return core::Result<EngineSnapshot>(core::fail(snapshot.error()));
  auto& [containers_part, networks_part, images_part] = parts;
  snapshot->containers = std::move(containers_part.containers);
  snapshot->networks = std::move(networks_part.networks);
  snapshot->images = std::move(images_part.images);
  for (auto* part : {&containers_part, &networks_part, &images_part}) {
    snapshot->errors.insert(snapshot->errors.end(), part->errors.begin(), part->errors.end());
  }
  snapshot->normalize();
  if (rest != nullptr) *rest = std::move(envelope);
  return core::Result<EngineSnapshot>(std::move(snapshot));
}

}  // namespace hardock::docker::simd
