// The RFC 5245 checks on relayed pairs whose TURN client reaches its server
// over TCP (RFC 5766 2.1): checks and keepalives travel as Send indications
// and ChannelData on the client's connection, from an ephemeral port that is
// no candidate. The good trace is a real run of the matrix case where both
// sides' NATs drop UDP; each test breaks it in one way.
#include <algorithm>

#include "tests/checks/trace_builder.h"

namespace natlab::reports::checks::testing {
namespace {

constexpr const char* kTurnTcpCase = "scenarios/matrix/block-udp-port-restricted-vs-port-restricted.yaml";

// A data-carrying TCP segment on a host's first hop toward its NAT.
bool turn_tcp_segment_from(const Json& r, const std::string& host, const std::string& nat) {
  return json_string(r, "kind") == "packet" && json_string(r, "proto") == "tcp" && r.contains("payload") &&
         json_string(r, "from") == host && json_string(r, "to") == nat;
}

TEST(TurnTcpChecksOnRealRun, KeepaliveAndCheckFromBaseFollowTheTurnConnection) {
  const TraceBuilder b = TraceBuilder::from_run(kTurnTcpCase);
  const Verdict keepalive = b.judge("RFC5245-10-keepalive");
  EXPECT_EQ(keepalive.status, Status::Pass) << keepalive.detail;
  const Verdict base = b.judge("RFC5245-7.1.2-check-from-base");
  EXPECT_EQ(base.status, Status::Pass) << base.detail;
  // The checks were seen inside the TURN connections, not skipped.
  EXPECT_FALSE(mentions(base, " 0 through TURN")) << base.detail;
}

TEST(TurnTcpChecksOnRealRun, KeepaliveFailsWhenTheClientStopsSendingOnItsTurnConnection) {
  TraceBuilder b = TraceBuilder::from_run(kTurnTcpCase);
  auto& r = b.records();
  const auto before = r.size();
  r.erase(std::remove_if(r.begin(), r.end(),
                         [](const Json& j) {
                           return turn_tcp_segment_from(j, "alice-pc", "nat-a") &&
                                  TraceView::time_of(j) > Time(std::chrono::seconds(2));
                         }),
          r.end());
  ASSERT_GT(before - r.size(), 0u);
  const Verdict v = b.judge("RFC5245-10-keepalive");
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "A in session call1 sent nothing on its selected pair")) << v.detail;
}

TEST(TurnTcpChecksOnRealRun, CheckFromBaseFailsForAConnectionNoAllocationCameFrom) {
  TraceBuilder b = TraceBuilder::from_run(kTurnTcpCase);
  int moved = 0;
  for (Json& j : b.records()) {
    if (!turn_tcp_segment_from(j, "alice-pc", "nat-a")) continue;
    auto src = json_endpoint(j, "src").value();
    src.address = Endpoint::parse("192.168.1.99:1").value().address;
    j["src"] = src.to_string();
    ++moved;
  }
  ASSERT_GT(moved, 0);
  const Verdict v = b.judge("RFC5245-7.1.2-check-from-base");
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "from 192.168.1.99:")) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
