// Every check list, one per area. Each area header declares its check objects
// (each defined in its own file) and lists them in code order; registry.cpp
// concatenates the areas. To add a check: write its file, declare it and add it
// to its area's list.
#pragma once

#include "hardock/audit/checks/container/list.h"
#include "hardock/audit/checks/daemon/list.h"
#include "hardock/audit/checks/engine/list.h"
#include "hardock/audit/checks/exposure/list.h"
#include "hardock/audit/checks/files/list.h"
#include "hardock/audit/checks/host/list.h"
#include "hardock/audit/checks/lsm/list.h"
#include "hardock/audit/checks/network/list.h"
