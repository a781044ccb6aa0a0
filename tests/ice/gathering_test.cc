// Gatherer: server-reflexive candidates from Binding responses, and from the
// XOR-MAPPED-ADDRESS of a TURN Allocate response (RFC 5245 4.1.1.2).
#include <gtest/gtest.h>

#include <algorithm>

#include "agents/ice/gathering.h"
#include "tests/support/endpoint.h"

namespace natlab::ice {
namespace {

using namespace std::chrono_literals;

using natlab::testing::ep;

const Endpoint kBase = ep("192.168.1.10:40000");
const Endpoint kServer = ep("203.0.113.10:3478");
const Endpoint kMapped = ep("198.51.100.1:40000");

struct Lossy {
  Gatherer g{{HostSocket{1, kBase}}, {kServer}, stun::RetransmitConfig{}, 50ms};
  FoundationAllocator foundations;
  Rng rng{7};
  Lossy() {
    g.expect_relayed();
    g.start(Time{}, foundations);
    g.handle_timeout(Time{}, rng);
    while (g.poll_transmit()) {  // every Binding is lost
    }
  }
  int srflx() const {
    int n = 0;
    for (const auto& c : g.candidates()) n += c.type == CandidateType::ServerReflexive;
    return n;
  }
};

TEST(Gathering, AllocateResponseEndsALostBindingToTheSameServer) {
  Lossy l;
  ASSERT_FALSE(l.g.complete());
  l.g.add_relayed(1, ep("203.0.113.10:50000"), kMapped, kBase, kServer, l.foundations);
  EXPECT_TRUE(l.g.complete());  // not waiting out the Binding's retransmissions
  ASSERT_EQ(l.srflx(), 1);
  const auto it = std::find_if(l.g.candidates().begin(), l.g.candidates().end(),
                               [](const Candidate& c) { return c.type == CandidateType::ServerReflexive; });
  EXPECT_EQ(it->address, kMapped);
  EXPECT_EQ(it->base, kBase);
  EXPECT_FALSE(l.g.poll_timeout());  // the Binding's timer went with it
}

TEST(Gathering, BindingToAnotherServerPortKeepsRunning) {
  // A NAT with address-and-port-dependent mapping may map another port of
  // the same server differently: only the Binding's own answer may tell.
  Lossy l;
  l.g.add_relayed(1, ep("203.0.113.10:50000"), kMapped, kBase, ep("203.0.113.10:3479"), l.foundations);
  EXPECT_FALSE(l.g.complete());
  EXPECT_EQ(l.srflx(), 0);
}

TEST(Gathering, AllocateWithoutMappedAddressLeavesTheBinding) {
  Lossy l;
  l.g.add_relayed(1, ep("203.0.113.10:50000"), kBase, kBase, kServer, l.foundations);
  EXPECT_FALSE(l.g.complete());
  EXPECT_EQ(l.srflx(), 0);
}

}  // namespace
}  // namespace natlab::ice
