#pragma once
// "IP:port" literals in tests, which are known to parse.
#include "common/ip.h"

namespace natlab::testing {

inline Endpoint ep(const char* s) { return *Endpoint::parse(s); }

}  // namespace natlab::testing
