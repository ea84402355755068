#include "hardock/report/report.h"
