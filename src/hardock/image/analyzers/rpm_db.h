// The three rpm package database formats, read from their bytes without librpm or a host rpm
// setup: each hands every package's header blob (analyzers/rpm_header.h) to a visitor with its
// header number. All three inputs are attacker-controlled: every page number, offset and length
// is checked against the file before use, page chains are walked with a visited set, and the
// work is bounded by the file's size. A structural fault ends the walk with an error (naming
// what is wrong) after the records already visited; records are visited at most once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "hardock/core/result.h"

namespace hardock::image::rpm {

enum class DbFormat {
  kSqlite,  // rpmdb.sqlite (rpm >= 4.16: Fedora 33+, RHEL 9, Amazon Linux 2023)
  kBdb,     // Berkeley DB hash "Packages" (RHEL <= 8, CentOS, Amazon Linux 2, old SUSE)
  kNdb,     // rpm's own "Packages.db" (SUSE 15.3+)
};

// The database holding `hnum`'s header blob; the blob is valid during the call only.
using BlobVisitor = std::function<void(uint32_t hnum, std::string_view blob)>;

// Each returns the number of records visited. Key 0 of a Berkeley DB is rpm's reserved record,
// not a package, and is skipped.
core::Result<std::size_t> read_sqlite(std::string_view bytes, const BlobVisitor& visit);
core::Result<std::size_t> read_bdb(std::string_view bytes, const BlobVisitor& visit);
core::Result<std::size_t> read_ndb(std::string_view bytes, const BlobVisitor& visit);

core::Result<std::size_t> read_database(DbFormat format, std::string_view bytes,
                                        const BlobVisitor& visit);

}  // namespace hardock::image::rpm
