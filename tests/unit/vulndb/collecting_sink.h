// A sink that keeps what a feed reader gives it, for the reader tests.
#pragma once

#include <string>
#include <vector>

#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

struct CollectingSink final : ImportSink {
  std::vector<vuln::AdvisoryRecord> records;  // one per affected entry
  std::vector<PackageVersion> packages;
  std::vector<SupportEntry> notes;

  core::Result<void> advisory(const vuln::Advisory& advisory,
                              const std::vector<vuln::Affected>& affected) override {
    for (const auto& entry : affected) records.push_back({advisory, entry});
    return {};
  }
  core::Result<void> package_version(const PackageVersion& package) override {
    packages.push_back(package);
    return {};
  }
  core::Result<void> support(const SupportEntry& entry) override {
    notes.push_back(entry);
    return {};
  }

  // The records of `package` in `ecosystem`.
  std::vector<vuln::AdvisoryRecord> of(const std::string& ecosystem,
                                       const std::string& package) const {
    std::vector<vuln::AdvisoryRecord> out;
    for (const auto& record : records) {
      if (record.affected.ecosystem == ecosystem && record.affected.package == package) {
        out.push_back(record);
      }
    }
    return out;
  }
};

inline std::string test_data(const std::string& name) {
  return std::string(HARDOCK_TEST_DATA) + "/vulndb/" + name;
}

}  // namespace hardock::vulndb
