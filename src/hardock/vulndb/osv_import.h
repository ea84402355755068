// OSV records from a file, a directory or a zip (osv.dev's per-ecosystem all.zip), decoded one
// at a time (osv_record.h) and handed to a sink.
//
// Directory: walked without following symbolic links (a link is skipped and counted), at most
// 16 levels deep, names starting with '.' skipped (a git checkout's .git), files ending in
// ".json" read as records. Zip: read entry by entry as a stream; regular entries ending in
// ".json" are records, others are skipped and counted; entry names are only shown (never used
// as paths, so "../x.json" is just a name). A record that does not decode ends the import with
// its error, which names the file or entry.
#pragma once

#include <cstddef>
#include <string>

#include "hardock/core/result.h"
#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

struct OsvImportStats {
  std::size_t records = 0;           // records given to the sink
  std::size_t without_packages = 0;  // records naming no package with an ECOSYSTEM range
  std::size_t skipped = 0;           // links, non-JSON names, non-regular entries
};

[[nodiscard]] core::Result<OsvImportStats> read_osv_file(const std::string& path, ImportSink& sink);
[[nodiscard]] core::Result<OsvImportStats> read_osv_directory(const std::string& path,
                                                              ImportSink& sink);
[[nodiscard]] core::Result<OsvImportStats> read_osv_zip(const std::string& path, ImportSink& sink);

}  // namespace hardock::vulndb
