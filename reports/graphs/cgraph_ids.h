#pragma once
// A cgraph ID discipline that numbers named objects in the order they are
// created. cgraph's default uses the address of the interned name as the ID,
// and keeps subgraphs sorted by ID: clusters would then be laid out and
// written in heap-address order, which differs between runs.
#include <cgraph.h>

namespace natlab::reports::graphs {

// Pass to agopen: memory and I/O as cgraph's defaults, IDs by creation order.
Agdisc_t* creation_order_disc();

}  // namespace natlab::reports::graphs
