// TURN server core relaying throughput: ChannelData and Send indications from
// the client to a peer, and peer datagrams back as ChannelData / Data
// indications. Items are relayed datagrams.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "agents/turn/server.h"

using namespace natlab;
using namespace natlab::turn;

namespace {

const Endpoint kServer{IpAddress::v4(0xC0000201), 3478};
const Endpoint kClient{IpAddress::v4(0xCB007105), 40000};
const Endpoint kPeer{IpAddress::v4(0xC6336407), 5000};
constexpr std::uint16_t kChannel = 0x4000;

// A server with one allocation, a permission for kPeer and channel kChannel
// bound to it (or not), set up through the real request path.
struct Fixture {
  TurnServer server;
  Endpoint relayed;
  std::uint8_t tid = 0;

  explicit Fixture(bool bind_channel) : server(config(), Rng(42)) {
    std::string nonce = ask(request(stun::Method::Allocate, true), "").get<stun::Nonce>()->value;
    auto ok = ask(request(stun::Method::Allocate, true), nonce);
    relayed = ok.get<stun::XorRelayedAddress>()->endpoint;
    stun::Message bind = request(bind_channel ? stun::Method::ChannelBind : stun::Method::CreatePermission, false);
    if (bind_channel) bind.add(stun::ChannelNumber{kChannel});
    bind.add(stun::XorPeerAddress{kPeer});
    ask(bind, nonce);
  }

  static TurnServerConfig config() {
    TurnServerConfig c;
    c.listening = {kServer};
    c.users = {{"alice", "secret"}};
    return c;
  }
  stun::Message request(stun::Method m, bool transport) {
    stun::Message r;
    r.method = static_cast<std::uint16_t>(m);
    r.transaction_id[0] = ++tid;
    if (transport) r.add(stun::RequestedTransport{17});
    return r;
  }
  stun::Message ask(stun::Message m, const std::string& nonce) {
    std::vector<std::uint8_t> bytes;
    if (nonce.empty()) {
      bytes = stun::encode(m);
    } else {
      m.add(stun::Username{"alice"});
      m.add(stun::Realm{server.config().realm});
      m.add(stun::Nonce{nonce});
      bytes = stun::encode(m, {stun::long_term_key("alice", server.config().realm, "secret"), true});
    }
    server.handle_datagram(Time{}, kServer, kClient, bytes);
    auto t = server.poll_transmit();
    return *stun::decode(t->bytes).message;
  }
};

void BM_ChannelDataToPeer(benchmark::State& state) {
  Fixture f(true);
  const auto frame = stun::encode(stun::ChannelData{kChannel, std::vector<std::uint8_t>(state.range(0), 0xAB)});
  for (auto _ : state) {
    f.server.handle_datagram(Time{1}, kServer, kClient, frame);
    benchmark::DoNotOptimize(f.server.poll_transmit());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ChannelDataToPeer)->Arg(100)->Arg(1200);

void BM_SendIndicationToPeer(benchmark::State& state) {
  Fixture f(false);
  stun::Message m;
  m.cls = stun::Class::Indication;
  m.method = static_cast<std::uint16_t>(stun::Method::Send);
  m.add(stun::XorPeerAddress{kPeer});
  m.add(stun::DataAttr{std::vector<std::uint8_t>(state.range(0), 0xAB)});
  const auto bytes = stun::encode(m, {std::nullopt, true});
  for (auto _ : state) {
    f.server.handle_datagram(Time{1}, kServer, kClient, bytes);
    benchmark::DoNotOptimize(f.server.poll_transmit());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SendIndicationToPeer)->Arg(100)->Arg(1200);

void BM_PeerToClient(benchmark::State& state) {
  const bool channel = state.range(1) != 0;
  Fixture f(channel);
  const std::vector<std::uint8_t> payload(state.range(0), 0xCD);
  for (auto _ : state) {
    f.server.handle_datagram(Time{1}, f.relayed, kPeer, payload);
    benchmark::DoNotOptimize(f.server.poll_transmit());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
  state.SetLabel(channel ? "ChannelData" : "Data indication");
}
BENCHMARK(BM_PeerToClient)->Args({100, 1})->Args({1200, 1})->Args({100, 0})->Args({1200, 0});

}  // namespace
