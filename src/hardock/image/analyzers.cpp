#include <algorithm>

#include "hardock/image/analyzer.h"

namespace hardock::image {

namespace analyzers {
#define HARDOCK_ANALYZER(object) extern const Analyzer& object;
#include "hardock/image/analyzers/list.h"
#undef HARDOCK_ANALYZER
}  // namespace analyzers

const std::vector<const Analyzer*>& all_analyzers() {
  static const std::vector<const Analyzer*> kAll = {
#define HARDOCK_ANALYZER(object) &analyzers::object,
#include "hardock/image/analyzers/list.h"
#undef HARDOCK_ANALYZER
  };
  return kAll;
}

bool any_analyzer_wants(std::string_view path) {
  const auto& all = all_analyzers();
  return std::any_of(all.begin(), all.end(),
                     [&](const Analyzer* analyzer) { return analyzer->wants(path); });
}

Inventory analyze_image(const ImageTree& tree) {
  Inventory inventory;
  for (const Analyzer* analyzer : all_analyzers()) analyzer->analyze(tree, inventory);
  return inventory;
}

}  // namespace hardock::image
