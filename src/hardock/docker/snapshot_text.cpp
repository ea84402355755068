// Snapshot text to snapshot: the checked parse (parse_snapshot_text) and the streaming decode
// (decode_snapshot_text) that `audit --from` uses.
//
// The streaming decode is a SAX handler: it builds the JSON of one container (network, image) at
// a time, hands it to decode_entry() as soon as it is complete (on a second thread for a file),
// and drops it; everything else goes into a small tree (the envelope), decoded at the end by
// decode_snapshot(). A file is read in 1 MiB chunks, never whole. Measured on a generated
// 100,000-container snapshot (bench/scale.sh): nlohmann's callback parser, which the first version
// used, spent a third of the run looking for discarded values in large objects (Network.Containers
// of a network with 20,000 members: quadratic); holding the text took 240 MB.
#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <istream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "hardock/docker/json_reader.h"
#include "hardock/docker/snapshot.h"
#include "hardock/docker/snapshot_simd.h"
#include "hardock/io/json_guard.h"

namespace hardock::docker {
namespace {

using core::ErrorCode;
using nlohmann::json;

constexpr std::array<std::string_view, 3> kStreamed = {"containers", "networks", "images"};

// The snapshot's bytes for the parser: a text in memory, or a stream read a chunk at a time.
// It counts what the parser consumed, so that errors name a byte.
class Source {
 public:
  explicit Source(std::string_view text) : chunk_(text) {}
  // `primed`: the stream's first bytes, already read from it.
  Source(std::string primed, std::istream& in)
      : in_(&in), buffer_(size_t{1} << 20), primed_(std::move(primed)) {
    chunk_ = primed_;
    if (chunk_.empty()) refill();
  }

  [[nodiscard]] bool at_end() const { return next_ >= chunk_.size(); }
  [[nodiscard]] char current() const { return chunk_[next_]; }
  void advance() {
    if (++next_ >= chunk_.size() && in_ != nullptr) refill();
  }
  // Bytes handed to the parser so far.
  [[nodiscard]] size_t consumed() const { return before_ + next_; }
  [[nodiscard]] bool read_failed() const { return failed_; }

 private:
  void refill() {
    before_ += chunk_.size();
    next_ = 0;
    primed_ = std::string();  // read: its memory goes back
    in_->read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    const auto got = in_->gcount();
    if (in_->bad()) failed_ = true;
    chunk_ = std::string_view(buffer_.data(), got > 0 ? static_cast<size_t>(got) : 0);
  }

  std::istream* in_ = nullptr;
  std::vector<char> buffer_;
  std::string primed_;
  std::string_view chunk_;
  size_t next_ = 0;
  size_t before_ = 0;
  bool failed_ = false;
};

// An input iterator over a Source, which nlohmann's parser reads byte by byte.
class SourceIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  SourceIterator() = default;  // the end
  explicit SourceIterator(Source& source) : source_(&source) {}
  reference operator*() const { return source_->current(); }
  SourceIterator& operator++() {
    source_->advance();
    return *this;
  }
  SourceIterator operator++(int) {
    SourceIterator before = *this;
    source_->advance();
    return before;
  }
  bool operator==(const SourceIterator& other) const { return done() == other.done(); }

 private:
  [[nodiscard]] bool done() const { return source_ == nullptr || source_->at_end(); }
  Source* source_ = nullptr;
};

// Decodes the streamed elements in the order the parser finishes them, on a thread of its own
// when asked: the next containers are parsed while the last ones are decoded (the decode is a
// third of the work; bench/scale.sh). Elements travel in batches, a few batches at most in
// flight, so the memory held is bounded.
class ElementSink {
 public:
  explicit ElementSink(bool threaded) {
    if (threaded) worker_ = std::thread([this] { run(); });
  }
  ~ElementSink() { stop(); }
  ElementSink(const ElementSink&) = delete;
  ElementSink& operator=(const ElementSink&) = delete;

  // The member starts over (given again): what it decoded so far is dropped.
  void reset(size_t member) { add({member, true, 0, json()}); }
  void element(size_t member, size_t position, json value) {
    add({member, false, position, std::move(value)});
  }
  // Everything decoded, per member. Rethrows what the decoding thread threw (bad_alloc).
  std::array<EngineSnapshot, kStreamed.size()>& finish() {
    flush();
    stop();
    if (failure_) std::rethrow_exception(failure_);
    return parts_;
  }

 private:
  struct Item {
    size_t member;
    bool reset;
    size_t position;
    json value;
  };
  using Batch = std::vector<Item>;
  static constexpr size_t kBatch = 64;
  static constexpr size_t kBatchesInFlight = 8;

  void add(Item item) {
    pending_.push_back(std::move(item));
    if (pending_.size() >= kBatch) flush();
  }

  void flush() {
    if (pending_.empty()) return;
    if (!worker_.joinable()) {
      apply(pending_);
      pending_.clear();
      return;
    }
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return queue_.size() < kBatchesInFlight; });
    queue_.push_back(std::move(pending_));
    pending_ = Batch();
    pending_.reserve(kBatch);
    ready_.notify_one();
  }

  void stop() {
    if (!worker_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_one();
    worker_.join();
  }

  void run() {
    try {
      while (true) {
        Batch batch;
        {
          std::unique_lock lock(mutex_);
          ready_.wait(lock, [this] { return !queue_.empty() || stopping_; });
          if (queue_.empty()) return;
          batch = std::move(queue_.front());
          queue_.pop_front();
        }
        not_full_.notify_one();
        apply(batch);
      }
    } catch (...) {
      failure_ = std::current_exception();
      // Keep taking batches so that the parser never waits on a full queue.
      std::unique_lock lock(mutex_);
      while (true) {
        queue_.clear();
        not_full_.notify_all();
        if (stopping_) return;
        ready_.wait(lock);
      }
    }
  }

  void apply(Batch& batch) {
    for (Item& item : batch) {
      EngineSnapshot& part = parts_[item.member];
      if (item.reset) {
        part = EngineSnapshot();
      } else {
        decode_entry(kStreamed[item.member], item.value, item.position, part);
      }
    }
  }

  std::array<EngineSnapshot, kStreamed.size()> parts_;
  Batch pending_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable not_full_;
  std::deque<Batch> queue_;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread worker_;  // last: started once everything above exists
};

class StreamingDecoder : public nlohmann::json_sax<json> {
 public:
  StreamingDecoder(const Source& source, ElementSink& sink) : source_(source), sink_(sink) {}

  // The envelope: every member of the document, the streamed arrays left empty.
  json& envelope() { return envelope_; }
  const std::string& error() const { return error_; }

  bool null() override { return add(json()); }
  bool boolean(bool value) override { return add(json(value)); }
  bool number_integer(number_integer_t value) override { return add(json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return add(json(value)); }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return add(json(value));
  }
  bool string(string_t& value) override { return add(json(std::move(value))); }
  bool binary(binary_t& value) override { return add(json::binary(std::move(value))); }

  bool start_object(std::size_t /*size*/) override { return open(json::object()); }
  bool start_array(std::size_t /*size*/) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    if (open_.size() == 1 && element_ == nullptr) {
      // A member of the document: the streamed arrays start over when given again.
      streamed_ = -1;
      for (size_t index = 0; index < kStreamed.size(); ++index) {
        if (name == kStreamed[index]) streamed_ = static_cast<int>(index);
      }
      // A member given twice counts as the last one, as in a tree parse.
      if (streamed_ >= 0) sink_.reset(static_cast<size_t>(streamed_));
      position_ = 0;
    }
    key_ = std::move(name);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) override {
    // out_of_range (a number such as 1e999999 that no double holds) comes here too.
    if (error_.empty()) {
      error_ = error.id == 101 ? "invalid JSON at byte " + std::to_string(position)
                               : json_error_text(error);
    }
    return false;
  }

 private:
  // Inside the document object, in one of the streamed arrays, where its elements start.
  bool at_element() const {
    return element_ == nullptr && open_.size() == 2 && streamed_ >= 0 && open_.back()->is_array();
  }

  // Puts a finished value where it belongs: the current array or object member, or the root.
  json* place(json value) {
    if (at_element()) {
      current_ = std::move(value);
      element_ = &current_;
      return element_;
    }
    if (open_.empty()) {
      envelope_ = std::move(value);
      return &envelope_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  bool add(json value) {
    json* placed = place(std::move(value));
    if (placed == element_) finish_element();  // a scalar element
    return true;
  }

  bool open(json value) {
    // The trees built here are destroyed recursively (nlohmann), so their depth is bounded
    // before they exist, as io::json_nesting_error bounds a text.
    if (open_.size() >= io::kMaxJsonDepth) {
      error_ = "JSON nested deeper than " + std::to_string(io::kMaxJsonDepth) + " levels at byte " +
               std::to_string(source_.consumed() - 1);
      return false;
    }
    open_.push_back(place(std::move(value)));
    return true;
  }

  bool close() {
    json* closed = open_.back();
    open_.pop_back();
    if (closed == element_) finish_element();
    return true;
  }

  void finish_element() {
    sink_.element(static_cast<size_t>(streamed_), position_++, std::move(current_));
    current_ = json();
    element_ = nullptr;
  }

  const Source& source_;
  ElementSink& sink_;
  json envelope_;
  json current_;             // the element being built
  json* element_ = nullptr;  // &current_ while one is being built
  std::vector<json*> open_;  // arrays and objects being filled, outermost first
  std::string key_;          // the member the next value belongs to
  int streamed_ = -1;        // index into kStreamed of the document member being read
  size_t position_ = 0;      // of the next element in that member
  std::string error_;
};

}  // namespace

core::Result<json> parse_snapshot_text(std::string_view text) {
  if (auto nesting = io::json_nesting_error(text); !nesting.empty()) {
    return core::fail(ErrorCode::kMalformedInput, "snapshot: JSON " + nesting);
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      "snapshot: invalid JSON at byte " + std::to_string(error.byte));
  } catch (const json::exception& error) {
    // out_of_range: a number such as 1e999999 that no double holds.
    return core::fail(ErrorCode::kMalformedInput, "snapshot: " + json_error_text(error));
  }
}

namespace {

core::Result<EngineSnapshot> decode_source(Source& source, json* rest, bool threaded) {
  ElementSink sink(threaded);
  StreamingDecoder decoder(source, sink);
  bool parsed = false;
  try {
    parsed = json::sax_parse(SourceIterator(source), SourceIterator(), &decoder);
  } catch (const json::exception& error) {
    return core::fail(ErrorCode::kMalformedInput, "snapshot: " + json_error_text(error));
  }
  auto& parts = sink.finish();
  if (source.read_failed()) {
    return core::fail(ErrorCode::kIo,
                      "snapshot: reading failed after byte " + std::to_string(source.consumed()));
  }
  if (!parsed) return core::fail(ErrorCode::kMalformedInput, "snapshot: " + decoder.error());
  // The envelope's streamed arrays are empty (or not arrays: decode_snapshot says so).
  auto snapshot = decode_snapshot(decoder.envelope());
  if (!snapshot) return core::fail(snapshot.error());
  auto& [containers, networks, images] = parts;
  snapshot->containers = std::move(containers.containers);
  snapshot->networks = std::move(networks.networks);
  snapshot->images = std::move(images.images);
  for (auto* part : {&containers, &networks, &images}) {
    snapshot->errors.insert(snapshot->errors.end(), part->errors.begin(), part->errors.end());
  }
  snapshot->normalize();  // also moves the containers into a vector of their exact size
  if (rest != nullptr) *rest = std::move(decoder.envelope());
  return snapshot;
}

}  // namespace

core::Result<EngineSnapshot> decode_snapshot_text(std::string_view text, json* rest) {
  // simdjson's tape takes several times the text: past kSnapshotWholeBytes the streaming
  // parser, whose memory does not grow with the text (as for a stream).
  if (text.size() <= kSnapshotWholeBytes) {
    if (auto fast = simd::decode(text, rest, /*threads=*/1)) return std::move(*fast);
  }
  return decode_snapshot_text_reference(text, rest);
}

core::Result<EngineSnapshot> decode_snapshot_text_reference(std::string_view text, json* rest) {
  Source source(text);
  return decode_source(source, rest, /*threaded=*/false);
}

core::Result<EngineSnapshot> decode_snapshot_stream(std::istream& in, json* rest) {
  return decode_snapshot_stream(in, rest, kSnapshotWholeBytes);
}

core::Result<EngineSnapshot> decode_snapshot_stream(std::istream& in, json* rest,
                                                    size_t whole_bytes) {
  // A text of at most whole_bytes is read whole and decoded by simdjson (containers on two
  // threads); a longer one is parsed a chunk at a time, never held whole (the tape of a
  // 228 MB, 100,000-container snapshot would take its size again several times).
  constexpr size_t kChunk = size_t{1} << 20;
  std::string text;
  while (text.size() < whole_bytes && !in.bad()) {
    const size_t before = text.size();
    const size_t want = std::min(kChunk, whole_bytes - before);
    text.resize(before + want);
    in.read(text.data() + before, static_cast<std::streamsize>(want));
    const auto got = in.gcount();
    text.resize(before + (got > 0 ? static_cast<size_t>(got) : 0));
    if (got < static_cast<std::streamsize>(want)) break;
  }
  if (!in.bad() && in.eof()) {
    if (auto fast = simd::decode(text, rest, /*threads=*/2)) return std::move(*fast);
    Source source(text);
    return decode_source(source, rest, /*threaded=*/true);
  }
  Source source(std::move(text), in);
  return decode_source(source, rest, /*threaded=*/true);
}

}  // namespace hardock::docker
