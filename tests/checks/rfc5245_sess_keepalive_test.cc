#include <gtest/gtest.h>

#include "tests/checks/rfc5245_sess_fixture.h"

namespace natlab::reports::checks::testing::sess {
namespace {

const char* kKeepalive = "RFC5245-10-keepalive";

stun::Message indication(std::uint8_t n) {
  stun::Message m;
  m.cls = stun::Class::Indication;
  m.transaction_id = tid(n);
  return m;
}

// A keepalive from A on its selected pair (host socket -> B) and from B.
void keepalive_a(TraceBuilder& b, Time t, std::uint8_t n) {
  b.stun(t, "alice-pc", "nat-a", a_socket(), b_socket(), indication(n));
}
void keepalive_b(TraceBuilder& b, Time t, std::uint8_t n) {
  b.stun(t, "bob-pc", "internet", b_socket(), a_public(), indication(n));
}

// The good session (completed at 310 / 320 ms) in a run of `seconds`, with
// keepalives every 15 s after selection.
TraceBuilder kept_alive(int seconds) {
  TraceBuilder b = good_session();
  b.scenario().duration = std::chrono::seconds(seconds);
  for (int i = 1; 15 * i < seconds; ++i) {
    keepalive_a(b, ms(320 + 15000.0 * i), static_cast<std::uint8_t>(100 + i));
    keepalive_b(b, ms(310 + 15000.0 * i), static_cast<std::uint8_t>(150 + i));
  }
  return b;
}

TEST(SessKeepalive, KeepalivesEveryTrPass) {
  Verdict v = kept_alive(40).judge(kKeepalive);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail,
            "A in session call1: 2 packets on the selected pair after completion, none more than Tr apart; B in session "
            "call1: 2 packets on the selected pair after completion, none more than Tr apart");
}

TEST(SessKeepalive, RunEndingWithinTrOfCompletionIsNotApplicable) {
  TraceBuilder b = good_session();
  b.scenario().duration = std::chrono::seconds(15);
  EXPECT_EQ(b.judge(kKeepalive).status, Status::NotApplicable);
  EXPECT_EQ(signalled().judge(kKeepalive).status, Status::NotApplicable);
}

TEST(SessKeepalive, NoKeepaliveFails) {
  TraceBuilder b = good_session();
  b.scenario().duration = std::chrono::seconds(20);
  Verdict v = b.judge(kKeepalive);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("sent nothing on its selected pair"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("more than Tr 15.000 s"), std::string::npos) << v.detail;
}

TEST(SessKeepalive, LateKeepaliveFails) {
  TraceBuilder b = kept_alive(40);
  for (Json& r : b.records())  // A's second keepalive comes 100 ms late
    if (r.value("from", "") == "alice-pc" && r["t_ns"] == ms(30320).count()) r["t_ns"] = ms(30420).count();
  Verdict v = b.judge(kKeepalive);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("A in session call1 sent nothing on its selected pair 192.168.1.10:40000 -> "
                          "203.0.113.20:40010 (component 1) for 15.100 s"),
            std::string::npos)
      << v.detail;
}

TEST(SessKeepalive, KeepaliveOnAnotherPairDoesNotCount) {
  TraceBuilder b = kept_alive(40);
  for (Json& r : b.records())
    if (r.value("from", "") == "bob-pc" && r["t_ns"] == ms(15310).count()) r["dst"] = "198.51.100.1:40001";
  EXPECT_EQ(b.judge(kKeepalive).status, Status::Fail);
}

TEST(SessKeepalive, MediaCountsAsTraffic) {
  TraceBuilder b = good_session();
  b.scenario().duration = std::chrono::seconds(20);
  for (int i = 0; i < 40; ++i) {  // media every 500 ms, no STUN
    b.packet(ms(400 + 500.0 * i), "alice-pc", "nat-a", a_socket(), b_socket(), {});
    b.packet(ms(400 + 500.0 * i), "bob-pc", "internet", b_socket(), a_public(), {});
  }
  Verdict v = b.judge(kKeepalive);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(SessKeepalive, ConfiguredTrIsUsed) {
  TraceBuilder b = kept_alive(40);
  b.scenario().agents[0].keepalive = std::chrono::seconds(10);  // A: every 10 s
  EXPECT_EQ(b.judge(kKeepalive).status, Status::Fail);
}

// Real runs of 30 s: direct (srflx) and relayed (ChannelData through turn1).
TEST(SessKeepalive, RealRunsPassAndFailWithoutTheirKeepalives) {
  for (const char* file : {"scenarios/examples/full-cone-pair.yaml",
                           "scenarios/examples/port-restricted-vs-symmetric-turn.yaml"}) {
    TraceBuilder b = TraceBuilder::from_run(file);
    Verdict v = b.judge(kKeepalive);
    ASSERT_EQ(v.status, Status::Pass) << file << ": " << v.detail;
    // Drop A's first hops after ten seconds: its keepalive goes.
    auto& rs = b.records();
    const auto before = rs.size();
    std::erase_if(rs, [](const Json& r) {
      return r.value("kind", "") == "packet" && r.value("from", "") == "alice-pc" &&
             r["t_ns"].get<std::int64_t>() > 10'000'000'000;
    });
    ASSERT_LT(rs.size(), before);
    v = b.judge(kKeepalive);
    ASSERT_EQ(v.status, Status::Fail) << file;
    EXPECT_NE(v.detail.find("A in session call1 sent nothing on its selected pair"), std::string::npos) << v.detail;
  }
}

}  // namespace
}  // namespace natlab::reports::checks::testing::sess
