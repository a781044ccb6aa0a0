// RFC4787-5-filtering-behaviour.
#include <gtest/gtest.h>

#include "tests/checks/rfc4787_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kFilteringCheck = "RFC4787-5-filtering-behaviour";

const char* kStranger = "203.0.113.99:5000";

// Alice's mapping is open toward bob's port 5000 only.
NatTrace alice_sent_to_bob(nat::Filtering f) {
  NatTrace n;
  n.config().filtering = f;
  n.out(sec(1), kAlice, kBob, kExternal, true);
  return n;
}

TEST(NatFiltering, AddressAndPortDependentAdmitsOnlyTheExactEndpoint) {
  NatTrace n = alice_sent_to_bob(nat::Filtering::AddressAndPortDependent);
  n.in(sec(2), kBob, kExternal, kAlice);
  n.in(sec(3), kBobOtherPort, kExternal, nullptr);
  n.in(sec(4), kStranger, kExternal, nullptr);
  Verdict v = n.judge(kFilteringCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "nat-a (address-and-port-dependent): 1 inbound packets admitted, 2 refused, each as configured");
  n.in(sec(5), kBobOtherPort, kExternal, kAlice);
  v = n.judge(kFilteringCheck);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "let in a packet from 203.0.113.20:5001 to 198.51.100.1:40000")) << v.detail;
  EXPECT_TRUE(says(v, "sent only to 203.0.113.20:5000")) << v.detail;
}

TEST(NatFiltering, AddressDependentAdmitsAnyPortOfAContactedAddress) {
  NatTrace n = alice_sent_to_bob(nat::Filtering::AddressDependent);
  n.in(sec(2), kBobOtherPort, kExternal, kAlice);
  n.in(sec(3), kStranger, kExternal, nullptr);
  EXPECT_EQ(n.judge(kFilteringCheck).status, Status::Pass) << n.judge(kFilteringCheck).detail;
  n.in(sec(4), kBobOtherPort, kExternal, nullptr);  // refused though admitted
  Verdict v = n.judge(kFilteringCheck);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "dropped (filtered) a packet from 203.0.113.20:5001")) << v.detail;
}

TEST(NatFiltering, EndpointIndependentAdmitsAnyone) {
  NatTrace n = alice_sent_to_bob(nat::Filtering::EndpointIndependent);
  n.in(sec(2), kStranger, kExternal, kAlice);
  EXPECT_EQ(n.judge(kFilteringCheck).status, Status::Pass) << n.judge(kFilteringCheck).detail;
  n.in(sec(3), kStranger, kExternal, nullptr);
  EXPECT_EQ(n.judge(kFilteringCheck).status, Status::Fail);
}

TEST(NatFiltering, NothingGetsInWithoutALiveMapping) {
  NatTrace n = alice_sent_to_bob(nat::Filtering::EndpointIndependent);
  n.expired(sec(121), kAlice, kExternal);
  n.in(sec(122), kBob, kExternal, nullptr, "no-mapping");
  EXPECT_EQ(n.judge(kFilteringCheck).status, Status::Pass) << n.judge(kFilteringCheck).detail;
  n.in(sec(123), kBob, kExternal, kAlice);
  Verdict v = n.judge(kFilteringCheck);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "though no live mapping holds that port")) << v.detail;
}

TEST(NatFiltering, DeliveringToAnotherInsideHostFails) {
  NatTrace n = alice_sent_to_bob(nat::Filtering::AddressAndPortDependent);
  n.in(sec(2), kBob, kExternal, "192.168.1.11:40000");
  EXPECT_TRUE(says(n.judge(kFilteringCheck), "instead of the mapping's internal endpoint 192.168.1.10:40000"));
}

TEST(NatFiltering, NoInboundPacketIsNotApplicable) {
  NatTrace n = alice_sent_to_bob(nat::Filtering::AddressAndPortDependent);
  EXPECT_EQ(n.judge(kFilteringCheck).status, Status::NotApplicable);
}

TEST(NatFilteringRealRun, PassesAndFailsOnceAFilteredPacketIsLetIn) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-symmetric.yaml");
  ASSERT_EQ(b.judge(kFilteringCheck).status, Status::Pass) << b.judge(kFilteringCheck).detail;
  // nat-a (address-and-port-dependent filtering) drops B's check from nat-b's
  // new mapping; make it let that packet in.
  bool changed = false;
  for (auto& r : b.records()) {
    if (r["kind"] == "nat" && r["nat"] == "nat-a" && r["action"] == "drop" && r["reason"] == "filtered") {
      r["action"] = "translate";
      r["after"] = {{"src", r["before"]["src"]}, {"dst", "192.168.1.10:40000"}, {"proto", "udp"}};
      r.erase("reason");
      changed = true;
      break;
    }
  }
  ASSERT_TRUE(changed);
  Verdict v = b.judge(kFilteringCheck);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "which its address-and-port-dependent filtering refuses")) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
