#pragma once
// realnet drives natlab::SansIoMachine (common/sans_io_machine.h), the same
// adapter the simulator uses; these names keep realnet code short.
#include "common/sans_io_machine.h"

namespace natlab::realnet {

using Endpoints = natlab::Endpoints;
template <class M, Endpoints E = Endpoints::Fixed>
using Machine = SansIoMachine<M, E>;

}  // namespace natlab::realnet
