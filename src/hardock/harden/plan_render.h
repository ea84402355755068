// Internal to the plan: the text of each file of the plan directory (plan_render.cpp), every
// string from the engine escaped for the file's language.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "hardock/harden/plan.h"

namespace hardock::harden::render {

std::string readme(const HardeningPlan& plan);
nlohmann::json plan_json(const HardeningPlan& plan);
std::string daemon_notes(const HardeningPlan& plan);
std::string hardened_script(const HardeningPlan& plan, const ContainerPlan& container);
std::string recreate_script(const ContainerPlan& container);
std::string selinux_text(const ContainerPlan& container);

// The environment entries of a spec that look like secrets, as shown: "DB_PASSWORD=****".
std::vector<std::string> redacted_secrets(const RunSpec& spec);

}  // namespace hardock::harden::render
