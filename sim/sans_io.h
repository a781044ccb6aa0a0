#pragma once
// The simulator drives natlab::SansIo machines (common/sans_io.h); the
// interface lives below sim/ so that realnet/ can drive the same machines
// without linking ns-3.
#include "common/sans_io.h"

namespace natlab::sim {

using SansIo = natlab::SansIo;

}  // namespace natlab::sim
