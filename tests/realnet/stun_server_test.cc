// natlab's StunServer on a real socket: a Binding request from a plain UDP
// socket gets its own address back; garbage is dropped and counted.
#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "agents/stun/message.h"
#include "agents/stun/server.h"
#include "realnet/driver.h"
#include "realnet/machine.h"
#include "realnet/run.h"
#include "tests/realnet/udp_peer.h"

namespace natlab::realnet {
namespace {

using namespace std::chrono_literals;
using test::kLoopback;
using test::UdpPeer;

stun::ServerConfig stun_config() {
  stun::ServerConfig c;
  c.primary = Endpoint{kLoopback, 0};  // the kernel picks the port
  return c;
}

std::vector<std::uint8_t> binding_request(std::uint8_t id) {
  stun::Message m;
  m.cls = stun::Class::Request;
  m.transaction_id.fill(id);
  return stun::encode(m);
}

TEST(RealnetStunServer, AnswersBindingWithTheSourceAddress) {
  asio::io_context io;
  Machine<stun::StunServer> server(stun_config());
  Driver driver(io, server);
  ASSERT_FALSE(driver.start());
  const auto bound = driver.bound(Endpoint{kLoopback, 0});
  ASSERT_TRUE(bound);
  EXPECT_NE(bound->port, 0);

  UdpPeer client(io);
  client.send(*bound, binding_request(7));
  ASSERT_TRUE(run_until(io, [&] { return !client.received.empty(); }, 10s));

  const auto& r = client.received.front();
  EXPECT_EQ(r.from, *bound);  // the answer leaves from the socket the request reached
  auto decoded = stun::decode(r.bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded.message->cls, stun::Class::Success);
  EXPECT_EQ(decoded.message->transaction_id[0], 7);
  auto mapped = decoded.message->get<stun::XorMappedAddress>();
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->endpoint, client.endpoint());
  EXPECT_EQ(driver.counters().received, 1u);
  EXPECT_EQ(driver.counters().sent, 1u);
}

TEST(RealnetStunServer, DropsGarbageAndKeepsAnswering) {
  asio::io_context io;
  Machine<stun::StunServer> server(stun_config());
  Driver driver(io, server);
  ASSERT_FALSE(driver.start());
  const Endpoint to = *driver.bound(Endpoint{kLoopback, 0});

  UdpPeer client(io);
  client.send(to, {});                              // empty datagram
  client.send(to, {0x00, 0x01, 0x00});              // truncated header
  std::vector<std::uint8_t> liar = binding_request(1);
  liar[3] = 0xFC;                                   // length beyond the datagram
  client.send(to, liar);
  client.send(to, std::vector<std::uint8_t>(65507, 0xFF));  // largest IPv4 UDP payload
  client.send(to, binding_request(9));
  ASSERT_TRUE(run_until(io, [&] { return !client.received.empty(); }, 10s));
  ASSERT_TRUE(run_until(io, [&] { return driver.counters().received == 5; }, 10s));

  EXPECT_EQ(client.received.size(), 1u);
  EXPECT_EQ(stun::decode(client.received.front().bytes).message->transaction_id[0], 9);
  EXPECT_EQ(server.get().counters().dropped_malformed, 4u);
}

}  // namespace
}  // namespace natlab::realnet
