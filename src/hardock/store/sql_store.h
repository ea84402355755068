// The one Store implementation, over a Backend (backend.h). Internal to the store module.
#pragma once

#include <memory>

#include "hardock/store/backend.h"
#include "hardock/store/store.h"

namespace hardock::store::detail {

[[nodiscard]] std::unique_ptr<Store> make_sql_store(std::unique_ptr<Backend> backend);

}  // namespace hardock::store::detail
