// RFC4787-4.1-mapping-behaviour and RFC4787-4.2.1-port-assignment.
#include <gtest/gtest.h>

#include "tests/checks/rfc4787_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kMapping = "RFC4787-4.1-mapping-behaviour";
const char* kPorts = "RFC4787-4.2.1-port-assignment";

const char* kTurn = "203.0.113.10:3478";

TEST(NatMapping, EndpointIndependentKeepsOneExternalEndpoint) {
  NatTrace n;
  n.out(sec(1), kAlice, kTurn, "198.51.100.1:40000", true);
  n.out(sec(2), kAlice, kBob, "198.51.100.1:40000");
  Verdict v = n.judge(kMapping);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "nat-a (endpoint-independent): 2 outbound translations through 1 mappings");
}

TEST(NatMapping, EndpointIndependentWithANewPortPerDestinationFails) {
  NatTrace n;
  n.out(sec(1), kAlice, kTurn, "198.51.100.1:40000", true);
  n.out(sec(2), kAlice, kBob, "198.51.100.1:40001", true);
  Verdict v = n.judge(kMapping);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "its live mapping of 192.168.1.10:40000 toward any destination is 198.51.100.1:40000"))
      << v.detail;
}

TEST(NatMapping, AddressAndPortDependentNeedsANewMappingPerDestinationPort) {
  NatTrace n;
  n.config().mapping = nat::Mapping::AddressAndPortDependent;
  n.out(sec(1), kAlice, kBob, "198.51.100.1:40000", true);
  n.out(sec(2), kAlice, kBobOtherPort, "198.51.100.1:40001", true);
  n.out(sec(3), kAlice, kBob, "198.51.100.1:40000");
  EXPECT_EQ(n.judge(kMapping).status, Status::Pass) << n.judge(kMapping).detail;
  n.out(sec(4), kAlice, kTurn, "198.51.100.1:40001");  // the mapping made toward bob's other port
  Verdict v = n.judge(kMapping);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "reusing the mapping made toward 203.0.113.20:5001")) << v.detail;
}

TEST(NatMapping, AddressDependentReusesPerDestinationAddress) {
  NatTrace n;
  n.config().mapping = nat::Mapping::AddressDependent;
  n.out(sec(1), kAlice, kBob, "198.51.100.1:40000", true);
  n.out(sec(2), kAlice, kBobOtherPort, "198.51.100.1:40000");  // same address, other port: same mapping
  n.out(sec(3), kAlice, kTurn, "198.51.100.1:40001", true);
  EXPECT_EQ(n.judge(kMapping).status, Status::Pass) << n.judge(kMapping).detail;
  NatTrace wrong;
  wrong.config().mapping = nat::Mapping::AddressDependent;
  wrong.out(sec(1), kAlice, kBob, "198.51.100.1:40000", true);
  wrong.out(sec(2), kAlice, kBobOtherPort, "198.51.100.1:40001", true);
  Verdict v = wrong.judge(kMapping);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "toward 203.0.113.20 is 198.51.100.1:40000")) << v.detail;
}

TEST(NatMapping, AfterExpiryANewMappingMayDiffer) {
  NatTrace n;
  n.out(sec(1), kAlice, kTurn, "198.51.100.1:40000", true);
  n.expired(sec(121), kAlice, "198.51.100.1:40000");
  n.out(sec(200), kAlice, kBob, "198.51.100.1:40001", true);
  EXPECT_EQ(n.judge(kMapping).status, Status::Pass) << n.judge(kMapping).detail;
}

TEST(NatMapping, NoTranslationIsNotApplicable) {
  NatTrace n;
  EXPECT_EQ(n.judge(kMapping).status, Status::NotApplicable);
}

TEST(NatPorts, PreservationKeepsTheInternalPort) {
  NatTrace n;
  n.out(sec(1), kAlice, kTurn, "198.51.100.1:40000", true);
  n.out(sec(2), "192.168.1.11:40000", kTurn, "198.51.100.1:40001", true);  // 40000 is taken: the next one
  Verdict v = n.judge(kPorts);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "nat-a (preserve): 2 mappings, 1 keeping the internal port, none overloading a port");
}

TEST(NatPorts, NotPreservingAFreePortFails) {
  NatTrace n;
  n.out(sec(1), kAlice, kTurn, "198.51.100.1:40002", true);
  Verdict v = n.judge(kPorts);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "with port allocation preserve the port should have been 40000")) << v.detail;
}

TEST(NatPorts, PortOverloadingFails) {
  NatTrace n;
  n.config().port_allocation = nat::PortAllocation::Random;
  n.out(sec(1), kAlice, kTurn, "198.51.100.1:51234", true);
  n.out(sec(2), "192.168.1.11:40000", kTurn, "198.51.100.1:51234", true);
  Verdict v = n.judge(kPorts);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "port overloading, RFC 4787 REQ-3")) << v.detail;
}

TEST(NatPorts, SequentialCountsOnFromTheLastPort) {
  NatTrace n;
  n.config().port_allocation = nat::PortAllocation::Sequential;
  n.config().mapping = nat::Mapping::AddressAndPortDependent;
  n.out(sec(1), kAlice, kTurn, "198.51.100.1:1024", true);
  n.out(sec(2), kAlice, kBob, "198.51.100.1:1025", true);
  EXPECT_EQ(n.judge(kPorts).status, Status::Pass) << n.judge(kPorts).detail;
  n.out(sec(3), kAlice, kBobOtherPort, "198.51.100.1:1030", true);
  EXPECT_TRUE(says(n.judge(kPorts), "should have been 1026"));
}

TEST(NatPorts, AMappingOffThePublicAddressFails) {
  NatTrace n;
  n.out(sec(1), kAlice, kTurn, "198.51.100.7:40000", true);
  EXPECT_TRUE(says(n.judge(kPorts), "not on its public address 198.51.100.1"));
}

TEST(NatMappingRealRun, PassesAndFailsOnceTheSymmetricNatReusesAMapping) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-symmetric.yaml");
  ASSERT_EQ(b.judge(kMapping).status, Status::Pass) << b.judge(kMapping).detail;
  ASSERT_EQ(b.judge(kPorts).status, Status::Pass) << b.judge(kPorts).detail;
  // nat-b (symmetric) sends B's second destination's packets through the first mapping's port.
  std::string first_external, second_external;
  for (const auto& r : b.records()) {
    if (r["kind"] != "nat" || r["nat"] != "nat-b" || r["action"] != "mapping-created") continue;
    (first_external.empty() ? first_external : second_external) = r["external"].get<std::string>();
    if (!second_external.empty()) break;
  }
  ASSERT_FALSE(second_external.empty());
  for (auto& r : b.records()) {
    if (r["kind"] == "nat" && r["nat"] == "nat-b" && r["action"] == "translate" && r["direction"] == "outbound" &&
        r["after"]["src"] == second_external)
      r["after"]["src"] = first_external;
  }
  Verdict v = b.judge(kMapping);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "nat-b (address-and-port-dependent mapping)")) << v.detail;
}

TEST(NatPortsRealRun, FailsOnceNatAStopsPreservingAlicesPort) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-symmetric.yaml");
  // Every decision of nat-a names 198.51.100.1:40005 where it named :40000.
  int changed = 0;
  for (auto& r : b.records()) {
    if (r["kind"] != "nat" || r["nat"] != "nat-a") continue;
    std::string s = r.dump();
    for (std::size_t at; (at = s.find("198.51.100.1:40000")) != std::string::npos; ++changed) s.replace(at, 18, "198.51.100.1:40005");
    r = Json::parse(s);
  }
  ASSERT_GT(changed, 0);
  EXPECT_EQ(b.judge(kMapping).status, Status::Pass) << b.judge(kMapping).detail;
  Verdict v = b.judge(kPorts);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "should have been 40000")) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
