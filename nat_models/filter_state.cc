#include "nat_models/filter_state.h"

namespace natlab::nat {

bool FilterState::admits(Filtering filtering, const Endpoint& remote) const {
  switch (filtering) {
    case Filtering::EndpointIndependent:
      // RFC 4787 5 / REQ-8: any outside endpoint may use a live mapping.
      return true;
    case Filtering::AddressDependent: {
      // RFC 4787 5 / REQ-8: only IP addresses the inside endpoint has sent to,
      // from any port.
      auto it = contacted_.lower_bound(Endpoint{remote.address, 0});
      return it != contacted_.end() && it->address == remote.address;
    }
    case Filtering::AddressAndPortDependent:
      // RFC 4787 5: only the exact IP address and port sent to.
      return contacted_.contains(remote);
  }
  return false;
}

}  // namespace natlab::nat
