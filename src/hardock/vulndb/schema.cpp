#include "hardock/vulndb/schema.h"

namespace hardock::vulndb {

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: sources, advisories and affected packages, package indexes, support notes.
      // Lists and ranges are encoded as record_codec.h says. `affected` is stored in the order
      // of its key (ecosystem, package, ...), so the rows of one package are one range read,
      // not a lookup per row; `entry` is the entry's place in its advisory's affected list.
      R"sql(
CREATE TABLE sources(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  newest TEXT NOT NULL,
  records INTEGER NOT NULL);
CREATE TABLE advisories(
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL,
  advisory_id TEXT NOT NULL,
  feed TEXT NOT NULL,
  aliases TEXT NOT NULL,
  summary TEXT NOT NULL,
  cvss TEXT NOT NULL,
  rating TEXT NOT NULL,
  published TEXT NOT NULL,
  modified TEXT NOT NULL);
CREATE INDEX advisories_by_source ON advisories(source_id);
CREATE TABLE affected(
  ecosystem TEXT NOT NULL,
  package TEXT NOT NULL,
  advisory INTEGER NOT NULL,
  entry INTEGER NOT NULL,
  ranges TEXT NOT NULL,
  versions TEXT NOT NULL,
  PRIMARY KEY (ecosystem, package, advisory, entry)) WITHOUT ROWID;
CREATE INDEX affected_by_advisory ON affected(advisory);
CREATE TABLE package_versions(
  source_id INTEGER NOT NULL,
  release TEXT NOT NULL,
  suite TEXT NOT NULL,
  package TEXT NOT NULL,
  version TEXT NOT NULL,
  source_name TEXT NOT NULL,
  source_version TEXT NOT NULL,
  architecture TEXT NOT NULL);
CREATE INDEX package_versions_by_package ON package_versions(release, package);
CREATE INDEX package_versions_by_source_name ON package_versions(release, source_name);
CREATE INDEX package_versions_by_source ON package_versions(source_id);
CREATE TABLE support_notes(
  source_id INTEGER NOT NULL,
  release TEXT NOT NULL,
  source_package TEXT NOT NULL,
  prefix INTEGER NOT NULL,
  ended INTEGER NOT NULL,
  version TEXT NOT NULL,
  date TEXT NOT NULL,
  note TEXT NOT NULL,
  list TEXT NOT NULL);
CREATE INDEX support_notes_by_package ON support_notes(release, source_package);
CREATE INDEX support_notes_by_source ON support_notes(source_id);
)sql",
  };
  return kMigrations;
}

}  // namespace hardock::vulndb
