// ClientTransaction: the RFC 5389 7.2.1 retransmission schedule, driven by a
// fake clock that jumps straight to each poll_timeout().
#include "agents/stun/transaction.h"

#include <gtest/gtest.h>

#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/message.h"

namespace natlab::stun {
namespace {

using std::chrono::milliseconds;

const Endpoint kServer{IpAddress::v4(0xC0000201), 3478};  // 192.0.2.1
const Time kStart = milliseconds(12345);                   // not 0: catches absolute-time slips

Message binding_request(std::uint8_t seed) {
  Message m;
  m.cls = Class::Request;
  m.method = static_cast<std::uint16_t>(Method::Binding);
  for (std::size_t i = 0; i < m.transaction_id.size(); ++i)
    m.transaction_id[i] = static_cast<std::uint8_t>(seed + i);
  return m;
}

Message response_to(const Message& req, Class cls = Class::Success) {
  Message r;
  r.cls = cls;
  r.method = req.method;
  r.transaction_id = req.transaction_id;
  if (cls == Class::Success) r.add(XorMappedAddress{Endpoint{IpAddress::v4(0xCB007105), 40000}});
  else r.add(ErrorCode{400, "Bad Request"});
  return r;
}

struct Schedule {
  std::vector<Duration> sends;  // relative to kStart
  std::optional<Duration> failed_at;
};

// Drives the transaction to its end: time advances only to poll_timeout().
Schedule drive(ClientTransaction& t) {
  Schedule run;
  Time now = kStart;
  for (int guard = 0; guard < 1000; ++guard) {
    while (auto tx = t.poll_transmit()) run.sends.push_back(now - kStart);
    if (t.done()) break;
    auto deadline = t.poll_timeout();
    if (!deadline) break;
    EXPECT_GE(*deadline, now);
    now = *deadline;
    t.handle_timeout(now);
  }
  if (t.state() == TransactionState::TimedOut) run.failed_at = *t.completed_at() - kStart;
  return run;
}

std::vector<Duration> ms(std::initializer_list<int> values) {
  std::vector<Duration> out;
  for (int v : values) out.push_back(milliseconds(v));
  return out;
}

TEST(TransactionRetransmission, DefaultScheduleMatchesRfc5389) {
  Message req = binding_request(1);
  ClientTransaction t(encode(req), req.transaction_id, kServer, RetransmitConfig{}, kStart);
  Schedule run = drive(t);
  // RFC 5389 7.2.1: "requests would be sent at times 0 ms, 500 ms, 1500 ms,
  // 3500 ms, 7500 ms, 15500 ms, and 31500 ms ... the client considers the
  // transaction to have failed" at 39500 ms.
  EXPECT_EQ(run.sends, ms({0, 500, 1500, 3500, 7500, 15500, 31500}));
  ASSERT_TRUE(run.failed_at.has_value());
  EXPECT_EQ(*run.failed_at, milliseconds(39500));
  EXPECT_EQ(t.state(), TransactionState::TimedOut);
  EXPECT_EQ(t.requests_sent(), 7);
  EXPECT_FALSE(t.poll_timeout().has_value());
}

TEST(TransactionRetransmission, EveryDatagramIsTheRequestToTheServer) {
  Message req = binding_request(2);
  const Endpoint local{IpAddress::v4(0x0A000002), 5000};
  auto bytes = encode(req);
  ClientTransaction t(bytes, req.transaction_id, kServer, RetransmitConfig{}, kStart, local);
  Time now = kStart;
  int seen = 0;
  while (!t.done()) {
    while (auto tx = t.poll_transmit()) {
      ++seen;
      EXPECT_EQ(tx->bytes, bytes);
      EXPECT_EQ(tx->remote, kServer);
      EXPECT_EQ(tx->local, local);
    }
    now = *t.poll_timeout();
    t.handle_timeout(now);
  }
  EXPECT_EQ(seen, 7);
}

TEST(TransactionRetransmission, ShortProfileRto100Rc3Rm4) {
  Message req = binding_request(3);
  ClientTransaction t(encode(req), req.transaction_id, kServer,
                      RetransmitConfig{milliseconds(100), 3, 4}, kStart);
  Schedule run = drive(t);
  EXPECT_EQ(run.sends, ms({0, 100, 300}));
  ASSERT_TRUE(run.failed_at.has_value());
  EXPECT_EQ(*run.failed_at, milliseconds(300 + 4 * 100));
}

TEST(TransactionRetransmission, CustomRtoKeepsDefaultCounts) {
  Message req = binding_request(4);
  ClientTransaction t(encode(req), req.transaction_id, kServer,
                      RetransmitConfig{milliseconds(250), 7, 16}, kStart);
  Schedule run = drive(t);
  EXPECT_EQ(run.sends, ms({0, 250, 750, 1750, 3750, 7750, 15750}));
  ASSERT_TRUE(run.failed_at.has_value());
  EXPECT_EQ(*run.failed_at, milliseconds(15750 + 16 * 250));
}

TEST(TransactionRetransmission, SingleRequestWaitsRmTimesRto) {
  Message req = binding_request(5);
  ClientTransaction t(encode(req), req.transaction_id, kServer,
                      RetransmitConfig{milliseconds(500), 1, 16}, kStart);
  Schedule run = drive(t);
  EXPECT_EQ(run.sends, ms({0}));
  ASSERT_TRUE(run.failed_at.has_value());
  EXPECT_EQ(*run.failed_at, milliseconds(8000));
}

TEST(TransactionRetransmission, EarlyTimeoutCallsDoNothing) {
  Message req = binding_request(6);
  ClientTransaction t(encode(req), req.transaction_id, kServer, RetransmitConfig{}, kStart);
  ASSERT_TRUE(t.poll_transmit().has_value());
  t.handle_timeout(kStart + milliseconds(499));
  EXPECT_FALSE(t.poll_transmit().has_value());
  EXPECT_EQ(t.poll_timeout(), kStart + milliseconds(500));
  t.handle_timeout(kStart + milliseconds(500));
  EXPECT_TRUE(t.poll_transmit().has_value());
  EXPECT_FALSE(t.poll_transmit().has_value());
  EXPECT_EQ(t.poll_timeout(), kStart + milliseconds(1500));
}

TEST(TransactionRetransmission, ResponseStopsRetransmission) {
  Message req = binding_request(7);
  ClientTransaction t(encode(req), req.transaction_id, kServer, RetransmitConfig{}, kStart);
  ASSERT_TRUE(t.poll_transmit());
  t.handle_timeout(kStart + milliseconds(500));
  ASSERT_TRUE(t.poll_transmit());
  Message res = response_to(req);
  EXPECT_TRUE(t.handle_response(kStart + milliseconds(600), encode(res)));
  EXPECT_EQ(t.state(), TransactionState::Succeeded);
  ASSERT_TRUE(t.response().has_value());
  EXPECT_EQ(*t.response(), res);
  EXPECT_EQ(t.completed_at(), kStart + milliseconds(600));
  EXPECT_FALSE(t.poll_timeout().has_value());
  for (int s = 1; s <= 40; ++s) t.handle_timeout(kStart + std::chrono::seconds(s));
  EXPECT_FALSE(t.poll_transmit().has_value());
  EXPECT_EQ(t.requests_sent(), 2);
  EXPECT_EQ(t.state(), TransactionState::Succeeded);
  // A duplicate response (answer to the retransmission) is not taken again.
  EXPECT_FALSE(t.handle_response(kStart + milliseconds(700), res));
}

TEST(TransactionRetransmission, ErrorResponseCompletesTheTransaction) {
  Message req = binding_request(8);
  ClientTransaction t(encode(req), req.transaction_id, kServer, RetransmitConfig{}, kStart);
  Message res = response_to(req, Class::Error);
  EXPECT_TRUE(t.handle_response(kStart + milliseconds(10), res));
  EXPECT_EQ(t.state(), TransactionState::Succeeded);
  EXPECT_EQ(t.response()->cls, Class::Error);
  EXPECT_FALSE(t.poll_timeout().has_value());
}

TEST(TransactionRetransmission, ResponseWithAnotherTransactionIdIsIgnored) {
  Message req = binding_request(9);
  ClientTransaction t(encode(req), req.transaction_id, kServer, RetransmitConfig{}, kStart);
  Message other = response_to(binding_request(100));
  EXPECT_FALSE(t.handle_response(kStart + milliseconds(100), encode(other)));
  EXPECT_EQ(t.state(), TransactionState::InProgress);
  Schedule run = drive(t);  // the schedule carries on untouched
  EXPECT_EQ(run.sends, ms({0, 500, 1500, 3500, 7500, 15500, 31500}));
  EXPECT_EQ(run.failed_at, milliseconds(39500));
}

TEST(TransactionRetransmission, RequestsIndicationsAndOtherMethodsAreNotResponses) {
  Message req = binding_request(10);
  ClientTransaction t(encode(req), req.transaction_id, kServer, RetransmitConfig{}, kStart);
  // Our own request echoed back (hairpinning) carries our ID but is no answer.
  EXPECT_FALSE(t.handle_response(kStart, req));
  Message ind = req;
  ind.cls = Class::Indication;
  EXPECT_FALSE(t.handle_response(kStart, ind));
  Message wrong_method = response_to(req);
  wrong_method.method = static_cast<std::uint16_t>(Method::Allocate);
  EXPECT_FALSE(t.handle_response(kStart, wrong_method));
  std::vector<std::uint8_t> garbage{1, 2, 3};
  EXPECT_FALSE(t.handle_response(kStart, garbage));
  EXPECT_EQ(t.state(), TransactionState::InProgress);
}

TEST(TransactionRetransmission, LateResponseAfterTimeoutIsIgnored) {
  Message req = binding_request(11);
  ClientTransaction t(encode(req), req.transaction_id, kServer,
                      RetransmitConfig{milliseconds(100), 2, 2}, kStart);
  drive(t);
  ASSERT_EQ(t.state(), TransactionState::TimedOut);
  EXPECT_FALSE(t.handle_response(kStart + std::chrono::seconds(5), response_to(req)));
  EXPECT_EQ(t.state(), TransactionState::TimedOut);
  EXPECT_FALSE(t.response().has_value());
}

}  // namespace
}  // namespace natlab::stun
