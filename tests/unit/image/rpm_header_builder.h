// Builds rpm header blobs in memory for tests: the layout rpm writes (big-endian il, dl, index
// entries, data store), with every field open to being made wrong on purpose.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hardock::image::test {

struct HeaderField {
  uint32_t tag = 0;
  uint32_t type = 0;
  uint32_t count = 0;
  std::string data;
  uint32_t align = 1;
  int64_t offset_override = -1;  // put this offset in the index instead of the real one
};

inline void put_be32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

class HeaderBuilder {
 public:
  HeaderBuilder& string(uint32_t tag, const std::string& value) {
    fields_.push_back({tag, 6, 1, value + '\0'});
    return *this;
  }
  HeaderBuilder& strings(uint32_t tag, const std::vector<std::string>& values) {
    HeaderField field{tag, 8, static_cast<uint32_t>(values.size()), {}};
    for (const auto& value : values) field.data += value + '\0';
    fields_.push_back(field);
    return *this;
  }
  HeaderBuilder& int32s(uint32_t tag, const std::vector<uint32_t>& values) {
    HeaderField field{tag, 4, static_cast<uint32_t>(values.size()), {}, 4};
    for (uint32_t value : values) put_be32(field.data, value);
    fields_.push_back(field);
    return *this;
  }
  HeaderBuilder& raw(HeaderField field) {
    fields_.push_back(std::move(field));
    return *this;
  }
  // A package header as rpm writes one (name, version, release, optional epoch, arch, source).
  static HeaderBuilder package(const std::string& name, const std::string& version,
                               const std::string& release) {
    HeaderBuilder builder;
    builder.string(1000, name).string(1001, version).string(1002, release);
    return builder;
  }

  [[nodiscard]] std::string build() const {
    std::string index;
    std::string data;
    for (const auto& field : fields_) {
      while (data.size() % field.align != 0) data += '\0';
      put_be32(index, field.tag);
      put_be32(index, field.type);
      put_be32(index, field.offset_override >= 0 ? static_cast<uint32_t>(field.offset_override)
                                                 : static_cast<uint32_t>(data.size()));
      put_be32(index, field.count);
      data += field.data;
    }
    std::string out;
    put_be32(out, static_cast<uint32_t>(fields_.size()));
    put_be32(out, static_cast<uint32_t>(data.size()));
    return out + index + data;
  }

 private:
  std::vector<HeaderField> fields_;
};

}  // namespace hardock::image::test
