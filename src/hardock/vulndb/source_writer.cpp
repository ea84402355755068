#include "hardock/vulndb/source_writer.h"

#include "hardock/vulndb/record_codec.h"

namespace hardock::vulndb {

core::Result<std::unique_ptr<SourceWriter>> SourceWriter::create(sqlite::Connection& db,
                                                                 std::int64_t source_id) {
  auto advisory = db.prepare(
      "INSERT INTO advisories(source_id, advisory_id, feed, aliases, summary, cvss, rating, "
      "published, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!advisory) return core::fail(advisory.error());
  auto affected = db.prepare(
      "INSERT INTO affected(advisory, ecosystem, package, ranges, versions, entry) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!affected) return core::fail(affected.error());
  auto package = db.prepare(
      "INSERT INTO package_versions(source_id, release, suite, package, version, source_name, "
      "source_version, architecture) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!package) return core::fail(package.error());
  auto note = db.prepare(
      "INSERT INTO support_notes(source_id, release, source_package, prefix, ended, version, "
      "date, note, list) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!note) return core::fail(note.error());
  return std::unique_ptr<SourceWriter>(new SourceWriter(db, source_id, std::move(*advisory),
                                                        std::move(*affected), std::move(*package),
                                                        std::move(*note)));
}

core::Result<void> SourceWriter::advisory(const vuln::Advisory& advisory,
                                          const std::vector<vuln::Affected>& affected) {
  const std::string aliases = encode_list(advisory.aliases);
  const std::string cvss = encode_list(advisory.cvss_vectors);
  insert_advisory_.bind(1, source_id_)
      .bind_static(2, advisory.id)
      .bind_static(3, advisory.source)
      .bind_static(4, aliases)
      .bind_static(5, advisory.summary)
      .bind_static(6, cvss)
      .bind_static(7, advisory.rating)
      .bind_static(8, advisory.published)
      .bind_static(9, advisory.modified);
  if (auto inserted = insert_advisory_.run(); !inserted) return inserted;
  const std::int64_t advisory_row = db_.last_insert_rowid();
  for (std::size_t index = 0; index < affected.size(); ++index) {
    const vuln::Affected& entry = affected[index];
    const std::string ranges = encode_ranges(entry.ranges);
    const std::string versions = encode_list(entry.versions);
    insert_affected_.bind(1, advisory_row)
        .bind_static(2, entry.ecosystem)
        .bind_static(3, entry.package)
        .bind_static(4, ranges)
        .bind_static(5, versions)
        .bind(6, static_cast<std::int64_t>(index));
    if (auto inserted = insert_affected_.run(); !inserted) return inserted;
  }
  const std::string& date = advisory.modified.empty() ? advisory.published : advisory.modified;
  if (date > newest_) newest_ = date;
  ++records_;
  return {};
}

core::Result<void> SourceWriter::package_version(const PackageVersion& package) {
  insert_package_.bind(1, source_id_)
      .bind_static(2, package.release)
      .bind_static(3, package.suite)
      .bind_static(4, package.package)
      .bind_static(5, package.version)
      .bind_static(6, package.source_name)
      .bind_static(7, package.source_version)
      .bind_static(8, package.architecture);
  if (auto inserted = insert_package_.run(); !inserted) return inserted;
  ++records_;
  return {};
}

core::Result<void> SourceWriter::support(const SupportEntry& entry) {
  insert_note_.bind(1, source_id_)
      .bind_static(2, entry.release)
      .bind_static(3, entry.source_package)
      .bind(4, std::int64_t{entry.prefix ? 1 : 0})
      .bind(5, std::int64_t{entry.ended ? 1 : 0})
      .bind_static(6, entry.version)
      .bind_static(7, entry.date)
      .bind_static(8, entry.note)
      .bind_static(9, entry.list);
  if (auto inserted = insert_note_.run(); !inserted) return inserted;
  ++records_;
  return {};
}

}  // namespace hardock::vulndb
