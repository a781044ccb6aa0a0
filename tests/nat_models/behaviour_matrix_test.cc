// The 9 combinations of RFC 4787 mapping (4.1) and filtering (5): the two
// behaviours are independent, and filtering state is per mapping, so what
// gets through a mapping depends on which destinations share it.
#include <gtest/gtest.h>

#include <ostream>

#include <string>

#include "nat_test_util.h"

namespace natlab::nat::test {
namespace {

struct MatrixCase {
  Mapping mapping;
  Filtering filtering;
  // The host sends to X:x, X:y and Y:x. Then, toward the external endpoint
  // used for X:x, does inbound from these get in?
  bool from_xy;
  bool from_yx;
  bool from_yy;  // an endpoint never sent to
};

void PrintTo(const MatrixCase& c, std::ostream* os) {
  *os << to_string(c.mapping) << " / " << to_string(c.filtering);
}

class NatBehaviourMatrix : public ::testing::TestWithParam<MatrixCase> {};

TEST_P(NatBehaviourMatrix, InboundThroughTheXxMappingAfterSendingToXxXyYx) {
  const auto& c = GetParam();
  Nat nat(config(c.mapping, c.filtering), Rng(3));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  send_out(nat, 0s, udp(kA, kXy));
  send_out(nat, 0s, udp(kA, kYx));
  EXPECT_TRUE(nat.inbound(1s, udp(kXx, ext)).forward);
  EXPECT_EQ(nat.inbound(1s, udp(kXy, ext)).forward, c.from_xy);
  EXPECT_EQ(nat.inbound(1s, udp(kYx, ext)).forward, c.from_yx);
  EXPECT_EQ(nat.inbound(1s, udp(kYy, ext)).forward, c.from_yy);
}

using M = Mapping;
using F = Filtering;
// The X:x mapping has been used toward: EI mapping {X:x, X:y, Y:x};
// AD mapping {X:x, X:y}; APD mapping {X:x}.
INSTANTIATE_TEST_SUITE_P(
    All, NatBehaviourMatrix,
    ::testing::Values(MatrixCase{M::EndpointIndependent, F::EndpointIndependent, true, true, true},
                      MatrixCase{M::EndpointIndependent, F::AddressDependent, true, true, true},
                      MatrixCase{M::EndpointIndependent, F::AddressAndPortDependent, true, true, false},
                      MatrixCase{M::AddressDependent, F::EndpointIndependent, true, true, true},
                      MatrixCase{M::AddressDependent, F::AddressDependent, true, false, false},
                      MatrixCase{M::AddressDependent, F::AddressAndPortDependent, true, false, false},
                      MatrixCase{M::AddressAndPortDependent, F::EndpointIndependent, true, true, true},
                      MatrixCase{M::AddressAndPortDependent, F::AddressDependent, true, false, false},
                      MatrixCase{M::AddressAndPortDependent, F::AddressAndPortDependent, false, false, false}),
    [](const auto& tp) {
      auto name = [](int v) {
        return std::string(v == 0 ? "EI" : v == 1 ? "AD" : "APD");
      };
      return name(static_cast<int>(tp.param.mapping)) + "_" + name(static_cast<int>(tp.param.filtering));
    });

}  // namespace
}  // namespace natlab::nat::test
