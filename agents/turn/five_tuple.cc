#include "agents/turn/five_tuple.h"

namespace natlab::turn {

std::string FiveTuple::to_string() const {
  return client.to_string() + "->" + server.to_string() + "/" + natlab::to_string(transport);
}

}  // namespace natlab::turn
