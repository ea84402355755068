// rpm versions come from image databases and feeds hardock does not control: any bytes must
// validate or be refused, and order consistently, never crash.
#include "version_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hardock::vuln::fuzz::check_versions(hardock::vuln::Ecosystem::kRpm, data, size);
  return 0;
}
