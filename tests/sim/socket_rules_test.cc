// sim/socket_rules: each per-OS rule, with the case that the rule forbids and
// the case it allows, so that dropping or inverting a rule fails a test.
#include "sim/socket_rules.h"

#include <gtest/gtest.h>

namespace natlab::sim {
namespace {

Endpoint sock_ep(const char* text) { return Endpoint::parse(text).value(); }
const SocketOptions kNoOpts{};
const SocketOptions kReuse{true, false};
const SocketOptions kExclusive{false, true};
// What an ICE-TCP simultaneous-open candidate sets (RFC 6544 7.2).
const SocketOptions kReusePort{true, false, true};
const Time kT0 = Time{std::chrono::seconds(10)};

TEST(SocketRulesDefaults, TimeWaitLengthPerOs) {
  EXPECT_EQ(default_time_wait(HostOs::Linux), std::chrono::seconds(60));
  EXPECT_EQ(default_time_wait(HostOs::Windows), std::chrono::seconds(240));
  EXPECT_EQ(to_string(HostOs::Linux), "linux");
  EXPECT_EQ(to_string(HostOs::Windows), "windows");
}

class SocketRulesBoth : public ::testing::TestWithParam<HostOs> {
 protected:
  SocketRules rules{GetParam(), default_time_wait(GetParam())};
};

TEST_P(SocketRulesBoth, SecondBindOfAPortInUseFails) {
  EXPECT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  EXPECT_EQ(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kNoOpts), StreamError::AddrInUse);
  // Another port or another address is free.
  EXPECT_FALSE(rules.bind(kT0, 3, sock_ep("10.0.0.1:5001"), kNoOpts));
  EXPECT_FALSE(rules.bind(kT0, 4, sock_ep("10.0.0.2:5000"), kNoOpts));
}

TEST_P(SocketRulesBoth, GracefulActiveCloseHoldsTheFiveTupleFor2Msl) {
  const Duration tw = rules.time_wait();
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kReuse));
  ASSERT_FALSE(rules.connect(kT0, 1, sock_ep("192.0.2.1:80")));
  auto until = rules.close(kT0, 1, CloseMode::Graceful);
  ASSERT_TRUE(until);
  EXPECT_EQ(*until, kT0 + tw);
  EXPECT_EQ(rules.next_expiry(), kT0 + tw);
  ASSERT_NE(rules.find(1), nullptr);
  EXPECT_EQ(rules.find(1)->state, SocketRules::State::TimeWait);
  // Same 5-tuple again, even with SO_REUSEADDR (so the bind passes on both
  // OSes): connect fails until 2 MSL have passed.
  const Time before = kT0 + tw - 1ns;
  ASSERT_FALSE(rules.bind(before, 2, sock_ep("10.0.0.1:5000"), kReuse));
  EXPECT_EQ(rules.connect(before, 2, sock_ep("192.0.2.1:80")), StreamError::AddrInUse);
  // Another remote from the same port is another 5-tuple.
  EXPECT_FALSE(rules.connect(before, 2, sock_ep("192.0.2.2:80")));
  rules.close(before, 2, CloseMode::Abortive);
  // At expiry the entry is gone and reported once.
  auto ended = rules.expire(kT0 + tw);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].id, 1u);
  EXPECT_EQ(ended[0].remote, sock_ep("192.0.2.1:80"));
  EXPECT_TRUE(rules.expire(kT0 + tw).empty());
  EXPECT_EQ(rules.find(1), nullptr);
  ASSERT_FALSE(rules.bind(kT0 + tw, 3, sock_ep("10.0.0.1:5000"), kNoOpts));
  EXPECT_FALSE(rules.connect(kT0 + tw, 3, sock_ep("192.0.2.1:80")));
}

TEST_P(SocketRulesBoth, AbortiveCloseFreesTheFiveTupleAtOnce) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  ASSERT_FALSE(rules.connect(kT0, 1, sock_ep("192.0.2.1:80")));
  EXPECT_FALSE(rules.close(kT0, 1, CloseMode::Abortive));
  EXPECT_EQ(rules.size(), 0u);
  EXPECT_FALSE(rules.next_expiry());
  ASSERT_FALSE(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kNoOpts));
  EXPECT_FALSE(rules.connect(kT0, 2, sock_ep("192.0.2.1:80")));
}

TEST_P(SocketRulesBoth, PassiveCloserSkipsTimeWait) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  ASSERT_FALSE(rules.connect(kT0, 1, sock_ep("192.0.2.1:80")));
  rules.peer_closed(1);
  EXPECT_FALSE(rules.close(kT0, 1, CloseMode::Graceful));
  EXPECT_EQ(rules.size(), 0u);
}

TEST_P(SocketRulesBoth, ClosingAListenerOrABoundSocketKeepsNothing) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  ASSERT_FALSE(rules.listen(kT0, 1));
  EXPECT_FALSE(rules.close(kT0, 1, CloseMode::Graceful));
  ASSERT_FALSE(rules.bind(kT0, 2, sock_ep("10.0.0.1:5001"), kNoOpts));
  EXPECT_FALSE(rules.close(kT0, 2, CloseMode::Graceful));
  EXPECT_EQ(rules.size(), 0u);
  EXPECT_FALSE(rules.bind(kT0, 3, sock_ep("10.0.0.1:5000"), kNoOpts));
}

TEST_P(SocketRulesBoth, AcceptedConnectionsShareTheListenersPortAndTimeWait) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  ASSERT_FALSE(rules.listen(kT0, 1));
  rules.accepted(kT0, 1, 2, sock_ep("10.0.0.1:5000"), sock_ep("192.0.2.1:4000"));
  rules.accepted(kT0, 1, 3, sock_ep("10.0.0.1:5000"), sock_ep("192.0.2.1:4001"));
  EXPECT_EQ(rules.size(), 3u);
  ASSERT_TRUE(rules.close(kT0, 2, CloseMode::Graceful));
  EXPECT_EQ(rules.find(2)->state, SocketRules::State::TimeWait);
}

INSTANTIATE_TEST_SUITE_P(Os, SocketRulesBoth, ::testing::Values(HostOs::Linux, HostOs::Windows),
                         [](const auto& os_info) { return std::string(to_string(os_info.param)); });

// Linux: inet_csk_bind_conflict.
class SocketRulesLinux : public ::testing::Test {
 protected:
  SocketRules rules{HostOs::Linux, std::chrono::seconds(60)};
};

TEST_F(SocketRulesLinux, ReuseAddrBindsAPortWhoseUsersAreInTimeWait) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  ASSERT_FALSE(rules.connect(kT0, 1, sock_ep("192.0.2.1:80")));
  ASSERT_TRUE(rules.close(kT0, 1, CloseMode::Graceful));
  EXPECT_EQ(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kNoOpts), StreamError::AddrInUse);
  EXPECT_FALSE(rules.bind(kT0, 3, sock_ep("10.0.0.1:5000"), kReuse));
}

TEST_F(SocketRulesLinux, ReuseAddrNeedsBothSidesWhenTheOtherIsLive) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  EXPECT_EQ(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kReuse), StreamError::AddrInUse);
  ASSERT_FALSE(rules.bind(kT0, 3, sock_ep("10.0.0.1:6000"), kReuse));
  EXPECT_FALSE(rules.bind(kT0, 4, sock_ep("10.0.0.1:6000"), kReuse));
}

TEST_F(SocketRulesLinux, NeverWhileAnotherSocketListens) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kReuse));
  ASSERT_FALSE(rules.listen(kT0, 1));
  EXPECT_EQ(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kReuse), StreamError::AddrInUse);
}

TEST_F(SocketRulesLinux, OnlyOneOfTwoReuseSocketsMayListen) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kReuse));
  ASSERT_FALSE(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kReuse));
  EXPECT_FALSE(rules.listen(kT0, 1));
  EXPECT_EQ(rules.listen(kT0, 2), StreamError::AddrInUse);
}

TEST_F(SocketRulesLinux, SpecificAddressConflictsWithWildcardOnTheSamePort) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("0.0.0.0:5000"), kNoOpts));
  EXPECT_EQ(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kNoOpts), StreamError::AddrInUse);
  ASSERT_FALSE(rules.bind(kT0, 3, sock_ep("10.0.0.1:6000"), kNoOpts));
  EXPECT_EQ(rules.bind(kT0, 4, sock_ep("0.0.0.0:6000"), kNoOpts), StreamError::AddrInUse);
}

TEST_F(SocketRulesLinux, ReusePortOnBothLetsAConnectionShareAListenersPort) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kReusePort));
  ASSERT_FALSE(rules.listen(kT0, 1));
  // The S-O candidate's own connections: from the listening port, each to
  // its own remote.
  ASSERT_FALSE(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kReusePort));
  EXPECT_FALSE(rules.connect(kT0, 2, sock_ep("192.0.2.1:80")));
  ASSERT_FALSE(rules.bind(kT0, 3, sock_ep("10.0.0.1:5000"), kReusePort));
  EXPECT_FALSE(rules.connect(kT0, 3, sock_ep("192.0.2.2:80")));
  // ... but never a second connection on one 5-tuple.
  ASSERT_FALSE(rules.bind(kT0, 4, sock_ep("10.0.0.1:5000"), kReusePort));
  EXPECT_EQ(rules.connect(kT0, 4, sock_ep("192.0.2.1:80")), StreamError::AddrInUse);
  // Both sides must set it: SO_REUSEADDR alone is refused by the listener.
  EXPECT_EQ(rules.bind(kT0, 5, sock_ep("10.0.0.1:5000"), kReuse), StreamError::AddrInUse);
}

TEST_F(SocketRulesLinux, ReusePortOnBothLetsBothListen) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kReusePort));
  ASSERT_FALSE(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kReusePort));
  EXPECT_FALSE(rules.listen(kT0, 1));
  EXPECT_FALSE(rules.listen(kT0, 2));
}

// Windows: "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE".
class SocketRulesWindows : public ::testing::Test {
 protected:
  SocketRules rules{HostOs::Windows, std::chrono::seconds(240)};
};

TEST_F(SocketRulesWindows, ReuseAddrTakesAPortEvenFromAnActiveSocket) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  ASSERT_FALSE(rules.listen(kT0, 1));
  EXPECT_FALSE(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kReuse));
  EXPECT_FALSE(rules.listen(kT0, 2));
}

TEST_F(SocketRulesWindows, ExclusiveAddrUseKeepsThePort) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kExclusive));
  EXPECT_EQ(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kReuse), StreamError::AddrInUse);
  EXPECT_EQ(rules.bind(kT0, 3, sock_ep("0.0.0.0:5000"), kReuse), StreamError::AddrInUse);
  // And a socket asking for exclusive use cannot join a port in use.
  ASSERT_FALSE(rules.bind(kT0, 4, sock_ep("10.0.0.1:6000"), kNoOpts));
  EXPECT_EQ(rules.bind(kT0, 5, sock_ep("10.0.0.1:6000"), kExclusive), StreamError::AddrInUse);
}

TEST_F(SocketRulesWindows, TimeWaitBlocksTheFiveTupleNotTheBind) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("10.0.0.1:5000"), kNoOpts));
  ASSERT_FALSE(rules.connect(kT0, 1, sock_ep("192.0.2.1:80")));
  ASSERT_TRUE(rules.close(kT0, 1, CloseMode::Graceful));
  ASSERT_FALSE(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kNoOpts));
  EXPECT_EQ(rules.connect(kT0, 2, sock_ep("192.0.2.1:80")), StreamError::AddrInUse);
}

TEST_F(SocketRulesWindows, SpecificAndWildcardBindsCoexistWithoutOptions) {
  ASSERT_FALSE(rules.bind(kT0, 1, sock_ep("0.0.0.0:5000"), kNoOpts));
  EXPECT_FALSE(rules.bind(kT0, 2, sock_ep("10.0.0.1:5000"), kNoOpts));
  EXPECT_EQ(rules.bind(kT0, 3, sock_ep("0.0.0.0:5000"), kNoOpts), StreamError::AddrInUse);
}

}  // namespace
}  // namespace natlab::sim
