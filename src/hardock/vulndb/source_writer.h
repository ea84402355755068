// The sink that stores one source's records into the database, with prepared statements, inside
// the transaction Database::replace_source() holds.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "hardock/sqlite/database.h"
#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

class SourceWriter final : public ImportSink {
 public:
  // Prepares the statements; `source_id` is the sources row the records belong to.
  [[nodiscard]] static core::Result<std::unique_ptr<SourceWriter>> create(sqlite::Connection& db,
                                                                          std::int64_t source_id);

  [[nodiscard]] core::Result<void> advisory(const vuln::Advisory& advisory,
                                            const std::vector<vuln::Affected>& affected) override;
  [[nodiscard]] core::Result<void> package_version(const PackageVersion& package) override;
  [[nodiscard]] core::Result<void> support(const SupportEntry& entry) override;

  [[nodiscard]] std::int64_t records() const { return records_; }
  // The newest `modified` (else `published`) date of the advisories stored, or empty.
  [[nodiscard]] const std::string& newest() const { return newest_; }

 private:
  SourceWriter(sqlite::Connection& db, std::int64_t source_id, sqlite::Statement advisory,
               sqlite::Statement affected, sqlite::Statement package, sqlite::Statement note)
      : db_(db),
        source_id_(source_id),
        insert_advisory_(std::move(advisory)),
        insert_affected_(std::move(affected)),
        insert_package_(std::move(package)),
        insert_note_(std::move(note)) {}

  sqlite::Connection& db_;
  std::int64_t source_id_;
  sqlite::Statement insert_advisory_;
  sqlite::Statement insert_affected_;
  sqlite::Statement insert_package_;
  sqlite::Statement insert_note_;
  std::int64_t records_ = 0;
  std::string newest_;
};

}  // namespace hardock::vulndb
