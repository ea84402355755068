#include "hardock/vulndb/database.h"

#include <algorithm>
#include <unordered_set>

#include "hardock/io/escape.h"
#include "hardock/vulndb/database_file.h"
#include "hardock/vulndb/record_codec.h"
#include "hardock/vulndb/schema.h"
#include "hardock/vulndb/source_writer.h"

namespace hardock::vulndb {
namespace database_detail {

// Sorted and without duplicates: each name is asked once.
std::vector<std::string> unique_names(const std::vector<std::string>& names) {
  std::vector<std::string> unique(names);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  return unique;
}

// Runs `sql_head` + "(SELECT value FROM json_each(?2))" + `sql_tail` for each chunk of
// `names`, binding `first` to ?1 and the chunk, as a JSON array, to ?2, and calls `row` for each
// result row. One short statement per chunk: a list of bound parameters costs more to prepare
// than the lookups it makes.
core::Result<void> chunked(sqlite::Connection& db, const std::string& sql_head,
                           const std::string& sql_tail, std::string_view first,
                           const std::vector<std::string>& names,
                           const std::function<core::Result<void>(sqlite::Statement&)>& row) {
  if (names.empty()) return {};
  auto statement = db.prepare(sql_head + "(SELECT value FROM json_each(?2))" + sql_tail);
  if (!statement) return core::fail(statement.error());
  for (std::size_t start = 0; start < names.size(); start += kQueryChunk) {
    const std::size_t count = std::min(kQueryChunk, names.size() - start);
    std::string list = "[";
    for (std::size_t index = 0; index < count; ++index) {
      if (index > 0) list += ',';
      list += io::json_quote(names[start + index]);
    }
    list += ']';
    statement->reset();
    statement->bind_static(1, first);
    statement->bind(2, list);
    while (true) {
      auto more = statement->step();
      if (!more) return core::fail(more.error());
      if (!*more) break;
      if (auto taken = row(*statement); !taken) return taken;
    }
  }
  return {};
}

core::Result<void> migrate(sqlite::Connection& db) {
  auto transaction = sqlite::Transaction::begin(db);
  if (!transaction) return core::fail(transaction.error());
  auto version_query = db.prepare("PRAGMA user_version");
  if (!version_query) return core::fail(version_query.error());
  auto row = version_query->step();
  if (!row) return core::fail(row.error());
  const std::int64_t version = *row ? version_query->integer(0) : 0;
  version_query->reset();
  const auto& steps = migrations();
  if (version > static_cast<std::int64_t>(steps.size())) {
    return core::fail(core::ErrorCode::kUnsupportedVersion,
                      db.name() + ": schema version " + std::to_string(version) +
                          " is newer than this hardock's (" + std::to_string(steps.size()) +
                          "): use a newer hardock");
  }
  for (std::size_t step = static_cast<std::size_t>(version); step < steps.size(); ++step) {
    if (auto applied =
            db.exec(steps[step], "cannot apply schema migration " + std::to_string(step + 1));
        !applied) {
      return applied;
    }
  }
  if (auto stamped = db.exec("PRAGMA user_version = " + std::to_string(steps.size()),
                             "cannot record the schema version");
      !stamped) {
    return stamped;
  }
  return transaction->commit();
}

core::Result<void> check_version(sqlite::Connection& db) {
  auto version_query = db.prepare("PRAGMA user_version");
  if (!version_query) return core::fail(version_query.error());
  auto row = version_query->step();
  if (!row) return core::fail(row.error());
  const std::int64_t version = *row ? version_query->integer(0) : 0;
  const auto expected = static_cast<std::int64_t>(migrations().size());
  if (version == 0) {
    return core::fail(core::ErrorCode::kNotFound,
                      db.name() +
                          ": an empty vulnerability database (load feeds with `hardock "
                          "db import`)");
  }
  if (version > expected) {
    return core::fail(core::ErrorCode::kUnsupportedVersion,
                      db.name() + ": schema version " + std::to_string(version) +
                          " is newer than this hardock's (" + std::to_string(expected) +
                          "): use a newer hardock");
  }
  if (version < expected) {
    return core::fail(core::ErrorCode::kUnsupportedVersion,
                      db.name() + ": schema version " + std::to_string(version) +
                          " is older than this hardock's; run `hardock db import` to upgrade it");
  }
  return {};
}

}  // namespace database_detail

core::Result<Database> Database::open(const std::string& path, Access access) {
  const bool write = access == Access::kWrite;
  if (auto checked = write ? prepare_database_file(path) : check_database_file(path); !checked) {
    return core::fail(checked.error());
  }
  sqlite::OpenOptions options;
  options.mode =
      write ? sqlite::OpenOptions::Mode::kReadWrite : sqlite::OpenOptions::Mode::kReadOnly;
  auto connection = sqlite::Connection::open(path, options);
  if (!connection) return core::fail(connection.error());
  // 64 MiB of pages kept: matching image after image reads the same index pages and advisories
  // again. (No mmap: a file truncated under a mapping ends the process with SIGBUS.) WAL: readers
  // (audits) go on while an import writes; synchronous=NORMAL is durable across a process crash and
  // loses at most the last import on power loss, which is re-run.
  std::vector<const char*> pragmas = {"PRAGMA cache_size = -65536"};
  if (write) {
    for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                               "PRAGMA temp_store = MEMORY"}) {
      pragmas.push_back(pragma);
    }
  }
  for (const char* pragma : pragmas) {
    auto set = connection->prepare(pragma);
    if (!set) return core::fail(set.error());
    while (true) {
      auto more = set->step();
      if (!more) return core::fail(more.error());
      if (!*more) break;
    }
  }
  if (write) {
    if (auto migrated = database_detail::migrate(*connection); !migrated) {
      return core::fail(migrated.error());
    }
  } else if (auto checked = database_detail::check_version(*connection); !checked) {
    return core::fail(checked.error());
  }
  return Database(path, std::move(*connection));
}

core::Result<std::vector<vuln::AdvisoryRecord>> Database::records_for(
    std::string_view ecosystem, const std::vector<std::string>& packages) const {
  std::vector<vuln::AdvisoryRecord> records;
  const std::vector<std::string> names = database_detail::unique_names(packages);
  auto ran = database_detail::chunked(
      db_,
      "SELECT a.advisory_id, a.feed, a.aliases, a.summary, a.cvss, a.rating, a.published, "
      "a.modified, f.package, f.ranges, f.versions FROM affected f JOIN advisories a ON a.id = "
      "f.advisory WHERE f.ecosystem = ?1 AND f.package IN ",
      "", ecosystem, names, [&](sqlite::Statement& row) -> core::Result<void> {
        vuln::AdvisoryRecord record;
        vuln::Advisory& advisory = record.advisory;
        advisory.id = row.text(0);
        advisory.source = row.text(1);
        advisory.aliases = decode_list(row.text(2));
        advisory.summary = row.text(3);
        advisory.cvss_vectors = decode_list(row.text(4));
        advisory.rating = row.text(5);
        advisory.published = row.text(6);
        advisory.modified = row.text(7);
        record.affected.ecosystem = std::string(ecosystem);
        record.affected.package = row.text(8);
        auto ranges = decode_ranges(row.text(9));
        if (!ranges) {
          return core::fail(core::ErrorCode::kMalformedInput,
                            path_ + ": advisory " + advisory.id + ": " + ranges.error().message);
        }
        record.affected.ranges = std::move(*ranges);
        record.affected.versions = decode_list(row.text(10));
        records.push_back(std::move(record));
        return {};
      });
  if (!ran) return core::fail(ran.error());
  return records;
}

void Database::drop_caches() const {
  advisory_cache_.clear();
  affected_cache_.clear();
  affected_cache_rows_ = 0;
}

core::Result<bool> Database::drop_stale_caches() const {
  auto query = db_.prepare("PRAGMA data_version");
  if (!query) return core::fail(query.error());
  auto row = query->step();
  if (!row) return core::fail(row.error());
  const std::int64_t version = *row ? query->integer(0) : -1;
  if (version == cached_data_version_) return false;
  const bool checked_before = cached_data_version_ != -1;
  drop_caches();
  cached_data_version_ = version;
  return checked_before;
}

core::Result<std::vector<const Database::PackageRecords*>> Database::affected_for(
    std::string_view ecosystem, const std::vector<std::string>& packages) const {
  if (auto checked = drop_stale_caches(); !checked) return core::fail(checked.error());
  const std::vector<std::string> names = database_detail::unique_names(packages);
  auto cached = affected_cache_.find(std::string(ecosystem));
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    if (cached == affected_cache_.end() || !cached->second.contains(name)) missing.push_back(name);
  }
  if (affected_cache_rows_ > kAffectedCacheRows) {
    // Full: start over with only what this call needs.
    affected_cache_.clear();
    affected_cache_rows_ = 0;
    missing = names;
  }
  auto& by_package = affected_cache_[std::string(ecosystem)];
  for (const std::string& name : missing) by_package[name].package = name;
  PackageRecords* current = nullptr;
  auto ran = database_detail::chunked(
      db_,
      "SELECT advisory, package, ranges, versions FROM affected WHERE ecosystem = ?1 AND "
      "package IN ",
      "", ecosystem, missing, [&](sqlite::Statement& row) -> core::Result<void> {
        // The rows of one package come together (one index range): one lookup per package.
        if (current == nullptr || current->package != row.text(1)) {
          auto package = by_package.find(std::string(row.text(1)));
          if (package == by_package.end()) return {};  // not asked (cannot happen)
          current = &package->second;
        }
        AffectedRow& out = current->rows.emplace_back();
        ++affected_cache_rows_;
        out.advisory = row.integer(0);
        out.affected.ecosystem = ecosystem;
        out.affected.package = current->package;
        auto ranges = decode_ranges(row.text(2));
        if (!ranges) {
          return core::fail(core::ErrorCode::kMalformedInput,
                            path_ + ": " + out.affected.package + ": " + ranges.error().message);
        }
        out.affected.ranges = std::move(*ranges);
        out.affected.versions = decode_list(row.text(3));
        return {};
      });
  if (!ran) {
    // Rows of this call may be missing: none of it stays.
    drop_caches();
    return core::fail(ran.error());
  }
  std::vector<const PackageRecords*> found;
  found.reserve(names.size());
  for (const std::string& name : names) found.push_back(&by_package.at(name));
  return found;
}

core::Result<std::vector<const Database::RatedAdvisory*>> Database::advisories(
    const std::vector<std::int64_t>& keys, std::string_view release) const {
  // The keys come from affected_for: rows another connection replaced since may name other
  // advisories now (keys are reused).
  auto stale = drop_stale_caches();
  if (!stale) return core::fail(stale.error());
  if (*stale) {
    return core::fail(core::ErrorCode::kConflict,
                      path_ + ": changed by an import while matching; match again");
  }
  std::vector<std::int64_t> missing;
  for (std::int64_t key : keys) {
    if (!advisory_cache_.contains(key)) missing.push_back(key);
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  if (advisory_cache_.size() + missing.size() > kAdvisoryCacheEntries) {
    // Full: start over with only what this call needs.
    advisory_cache_.clear();
    missing = keys;
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  }
  if (!missing.empty()) {
    auto statement = db_.prepare(
        "SELECT id, advisory_id, feed, aliases, summary, cvss, rating, published, modified FROM "
        "advisories WHERE id IN (SELECT value FROM json_each(?1))");
    if (!statement) return core::fail(statement.error());
    for (std::size_t start = 0; start < missing.size(); start += kQueryChunk) {
      const std::size_t count = std::min(kQueryChunk, missing.size() - start);
      std::string list = "[";
      for (std::size_t index = 0; index < count; ++index) {
        if (index > 0) list += ',';
        list += std::to_string(missing[start + index]);
      }
      list += ']';
      statement->reset();
      statement->bind(1, list);
      while (true) {
        auto more = statement->step();
        if (!more) return core::fail(more.error());
        if (!*more) break;
        CachedAdvisory& cached = advisory_cache_[statement->integer(0)];
        vuln::Advisory& advisory = cached.value.advisory;
        advisory.id = statement->text(1);
        advisory.source = statement->text(2);
        advisory.aliases = decode_list(statement->text(3));
        advisory.summary = statement->text(4);
        advisory.cvss_vectors = decode_list(statement->text(5));
        advisory.rating = statement->text(6);
        advisory.published = statement->text(7);
        advisory.modified = statement->text(8);
        cached.value.rated = vuln::advisory_severity(advisory, release);
        cached.rated_for = release;
      }
    }
  }
  std::vector<const RatedAdvisory*> found;
  found.reserve(keys.size());
  for (std::int64_t key : keys) {
    auto cached = advisory_cache_.find(key);
    if (cached == advisory_cache_.end()) {
      found.push_back(nullptr);
      continue;
    }
    if (cached->second.rated_for != release) {
      cached->second.value.rated = vuln::advisory_severity(cached->second.value.advisory, release);
      cached->second.rated_for = release;
    }
    found.push_back(&cached->second.value);
  }
  return found;
}

core::Result<std::vector<SuiteVersion>> Database::suite_versions(
    std::string_view release, const std::vector<std::string>& packages) const {
  std::vector<SuiteVersion> versions;
  const std::vector<std::string> names = database_detail::unique_names(packages);
  auto ran = database_detail::chunked(
      db_,
      "SELECT DISTINCT suite, package, version, source_name, source_version FROM "
      "package_versions WHERE release = ?1 AND package IN ",
      "", release, names, [&](sqlite::Statement& row) -> core::Result<void> {
        versions.push_back(SuiteVersion{std::string(row.text(0)), std::string(row.text(1)),
                                        std::string(row.text(2)), std::string(row.text(3)),
                                        std::string(row.text(4))});
        return {};
      });
  if (!ran) return core::fail(ran.error());
  return versions;
}

core::Result<std::vector<SupportNote>> Database::support_notes(
    std::string_view release, const std::vector<std::string>& source_packages) const {
  std::vector<SupportNote> notes;
  const std::vector<std::string> names = database_detail::unique_names(source_packages);
  const auto note_of = [](sqlite::Statement& row, std::string package) {
    return SupportNote{std::move(package),       row.integer(1) != 0,
                       std::string(row.text(2)), std::string(row.text(4)),
                       std::string(row.text(5)), std::string(row.text(3))};
  };
  auto exact = database_detail::chunked(
      db_,
      "SELECT source_package, ended, version, date, note, list FROM support_notes WHERE "
      "release = ?1 AND prefix = 0 AND source_package IN ",
      "", release, names, [&](sqlite::Statement& row) -> core::Result<void> {
        notes.push_back(note_of(row, std::string(row.text(0))));
        return {};
      });
  if (!exact) return core::fail(exact.error());
  // Prefix entries are few ("golang.*", "rust.*"): all of the release's, matched here.
  auto prefixes = db_.prepare(
      "SELECT source_package, ended, version, date, note, list FROM support_notes WHERE "
      "release = ?1 AND prefix = 1");
  if (!prefixes) return core::fail(prefixes.error());
  prefixes->bind_static(1, release);
  while (true) {
    auto more = prefixes->step();
    if (!more) return core::fail(more.error());
    if (!*more) break;
    const std::string_view prefix = prefixes->text(0);
    for (auto name = std::lower_bound(names.begin(), names.end(), prefix);
         name != names.end() && name->starts_with(prefix); ++name) {
      notes.push_back(note_of(*prefixes, *name));
    }
  }
  return notes;
}

core::Result<std::vector<SourceInfo>> Database::sources() const {
  auto query =
      db_.prepare("SELECT name, format, imported_at, newest, records FROM sources ORDER BY name");
  if (!query) return core::fail(query.error());
  std::vector<SourceInfo> sources;
  while (true) {
    auto more = query->step();
    if (!more) return core::fail(more.error());
    if (!*more) break;
    sources.push_back(SourceInfo{std::string(query->text(0)), std::string(query->text(1)),
                                 query->integer(2), std::string(query->text(3)),
                                 query->integer(4)});
  }
  return sources;
}

core::Result<SourceInfo> Database::replace_source(
    const std::string& name, const std::string& format,
    const std::function<core::Result<void>(ImportSink&)>& fill, std::int64_t now) {
  // This connection's own commits leave data_version as it is.
  drop_caches();
  auto transaction = sqlite::Transaction::begin(db_);
  if (!transaction) return core::fail(transaction.error());
  auto find = db_.prepare("SELECT id FROM sources WHERE name = ?1");
  if (!find) return core::fail(find.error());
  find->bind_static(1, name);
  auto found = find->step();
  if (!found) return core::fail(found.error());
  std::int64_t source_id = 0;
  if (*found) {
    source_id = find->integer(0);
    find->reset();
    for (const char* sql :
         {"DELETE FROM affected WHERE advisory IN (SELECT id FROM advisories WHERE source_id = ?1)",
          "DELETE FROM advisories WHERE source_id = ?1",
          "DELETE FROM package_versions WHERE source_id = ?1",
          "DELETE FROM support_notes WHERE source_id = ?1"}) {
      auto remove = db_.prepare(sql);
      if (!remove) return core::fail(remove.error());
      if (auto removed = remove->bind(1, source_id).run(); !removed) {
        return core::fail(removed.error());
      }
    }
  } else {
    find->reset();
    auto insert = db_.prepare(
        "INSERT INTO sources(name, format, imported_at, newest, records) VALUES (?1, ?2, 0, '', "
        "0)");
    if (!insert) return core::fail(insert.error());
    if (auto inserted = insert->bind_static(1, name).bind_static(2, format).run(); !inserted) {
      return core::fail(inserted.error());
    }
    source_id = db_.last_insert_rowid();
  }
  auto writer = SourceWriter::create(db_, source_id);
  if (!writer) return core::fail(writer.error());
  if (auto filled = fill(**writer); !filled) return core::fail(filled.error());
  SourceInfo info{name, format, now, (*writer)->newest(), (*writer)->records()};
  auto update = db_.prepare(
      "UPDATE sources SET format = ?2, imported_at = ?3, newest = ?4, records = ?5 WHERE id = ?1");
  if (!update) return core::fail(update.error());
  update->bind(1, source_id)
      .bind_static(2, format)
      .bind(3, now)
      .bind_static(4, info.newest)
      .bind(5, info.records);
  if (auto updated = update->run(); !updated) return core::fail(updated.error());
  if (auto committed = transaction->commit(); !committed) return core::fail(committed.error());
  return info;
}

}  // namespace hardock::vulndb
