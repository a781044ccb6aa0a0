// NatDiscovery end to end at unit level: the discovery client talks to the
// real StunServer core through a tiny fake NAT written here, over a zero-delay
// "network" driven by a fake clock. The full run across nat_models::Nat and
// ns-3 lives in sim/.
#include "agents/stun/nat_discovery.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <ostream>
#include <set>
#include <tuple>

#include "agents/stun/server.h"

namespace natlab::stun {
namespace {

using std::chrono::milliseconds;

const IpAddress kServerIpA = IpAddress::v4(0xC0000201);  // 192.0.2.1
const IpAddress kServerIpB = IpAddress::v4(0xC0000202);  // 192.0.2.2
const Endpoint kServer{kServerIpA, 3478};
const IpAddress kNatIp = IpAddress::v4(0xC6336401);      // 198.51.100.1
const Endpoint kLocal{IpAddress::v4(0x0A000002), 5000};  // 10.0.0.2
const Endpoint kLocal2{IpAddress::v4(0x0A000002), 5001};

// RFC 4787 NAT reduced to its two tables. A mapping is keyed by the internal
// endpoint plus what of the destination matters; a filter entry by the
// external endpoint plus what of the remote matters.
class FakeNat {
 public:
  FakeNat(NatBehavior mapping, NatBehavior filtering, bool hairpin)
      : mapping_(mapping), filtering_(filtering), hairpin_(hairpin) {}

  // Outbound: the external source for a packet from `inside` to `dest`.
  Endpoint outbound(const Endpoint& inside, const Endpoint& dest) {
    auto key = std::make_pair(inside, narrow(mapping_, dest));
    auto it = mappings_.find(key);
    if (it == mappings_.end()) {
      it = mappings_.emplace(key, Endpoint{kNatIp, next_port_++}).first;
      owner_[it->second] = inside;
    }
    permissions_.insert({it->second, narrow(filtering_, dest)});
    return it->second;
  }
  // Inbound: the internal destination, or nullopt when filtered / unmapped.
  std::optional<Endpoint> inbound(const Endpoint& from, const Endpoint& to) const {
    auto own = owner_.find(to);
    if (own == owner_.end()) return std::nullopt;
    if (!permissions_.count({to, narrow(filtering_, from)})) return std::nullopt;
    return own->second;
  }
  bool is_external(const Endpoint& ep) const { return ep.address == kNatIp; }
  std::optional<Endpoint> owner(const Endpoint& external) const {
    auto own = owner_.find(external);
    if (own == owner_.end()) return std::nullopt;
    return own->second;
  }
  bool hairpin() const { return hairpin_; }

 private:
  static Endpoint narrow(NatBehavior b, const Endpoint& ep) {
    switch (b) {
      case NatBehavior::AddressDependent: return Endpoint{ep.address, 0};
      case NatBehavior::AddressAndPortDependent: return ep;
      default: return Endpoint{};
    }
  }

  NatBehavior mapping_, filtering_;
  bool hairpin_;
  std::uint16_t next_port_ = 62000;
  std::map<std::pair<Endpoint, Endpoint>, Endpoint> mappings_;
  std::map<Endpoint, Endpoint> owner_;
  std::set<std::pair<Endpoint, Endpoint>> permissions_;
};

struct Options {
  std::optional<FakeNat> nat;  // nullopt: the client has a public address
  ServerConfig server;
  bool server_ignores_change_request = false;  // a broken server: always answers from Da:Dp
  bool blackhole = false;                      // nothing reaches the server
};

ServerConfig discovery_server() {
  ServerConfig c;
  c.primary = kServer;
  c.alternate_ip = kServerIpB;
  c.alternate_port = 3479;
  return c;
}

struct Outcome {
  DiscoveryResult result;
  Time elapsed{};
  int client_datagrams = 0;
};

// Zero-delay network: every datagram is delivered at the instant it is sent.
Outcome run(Options opt, DiscoveryConfig cfg) {
  StunServer server(opt.server);
  Rng rng(42);
  const Time start = milliseconds(1000);
  Time now = start;
  NatDiscovery client(cfg, rng, now);
  Outcome out;

  auto to_client = [&](const Endpoint& internal, const Endpoint& from,
                       const std::vector<std::uint8_t>& bytes) {
    client.handle_datagram(now, internal, from, bytes);
  };
  auto pump = [&] {
    bool moved = true;
    while (moved) {
      moved = false;
      while (auto tx = client.poll_transmit()) {
        moved = true;
        ++out.client_datagrams;
        Endpoint src = tx->local;
        if (opt.nat) src = opt.nat->outbound(tx->local, tx->remote);
        if (opt.nat && opt.nat->is_external(tx->remote)) {
          // Hairpinning: the NAT turns the packet back inside.
          auto inside = opt.nat->owner(tx->remote);
          if (opt.nat->hairpin() && inside) to_client(*inside, src, tx->bytes);
          continue;
        }
        if (opt.blackhole) continue;
        server.handle_datagram(now, tx->remote, src, tx->bytes);
      }
      while (auto tx = server.poll_transmit()) {
        moved = true;
        Endpoint from = tx->local;
        if (opt.server_ignores_change_request) from = kServer;
        if (!opt.nat) {
          to_client(tx->remote, from, tx->bytes);
          continue;
        }
        if (auto inside = opt.nat->inbound(from, tx->remote)) to_client(*inside, from, tx->bytes);
      }
    }
  };

  pump();
  for (int guard = 0; guard < 1000 && !client.finished(); ++guard) {
    auto deadline = client.poll_timeout();
    if (!deadline) break;
    now = *deadline;
    client.handle_timeout(now);
    pump();
  }
  out.result = client.result();
  out.elapsed = now - start;
  return out;
}

DiscoveryConfig client_config() {
  DiscoveryConfig c;
  c.server = kServer;
  c.local = kLocal;
  c.hairpin_local = kLocal2;
  return c;
}

struct NatCase {
  NatBehavior mapping, filtering;
  bool hairpin;
};
void PrintTo(const NatCase& c, std::ostream* os) {
  *os << "mapping " << to_string(c.mapping) << ", filtering " << to_string(c.filtering)
      << (c.hairpin ? ", hairpinning" : ", no hairpinning");
}

class NatDiscoveryEndToEnd : public ::testing::TestWithParam<NatCase> {};

TEST_P(NatDiscoveryEndToEnd, ClassifiesTheFakeNat) {
  const NatCase& c = GetParam();
  Options opt;
  opt.nat.emplace(c.mapping, c.filtering, c.hairpin);
  opt.server = discovery_server();
  Outcome o = run(std::move(opt), client_config());
  const DiscoveryResult& r = o.result;
  ASSERT_TRUE(r.finished);
  ASSERT_FALSE(r.error.has_value()) << *r.error;
  EXPECT_TRUE(r.nat_detected);
  EXPECT_STREQ(to_string(r.mapping), to_string(c.mapping));
  EXPECT_STREQ(to_string(r.filtering), to_string(c.filtering));
  ASSERT_TRUE(r.hairpinning.has_value());
  EXPECT_EQ(*r.hairpinning, c.hairpin);
  ASSERT_TRUE(r.mapped_test1);
  EXPECT_EQ(r.mapped_test1->address, kNatIp);
  EXPECT_EQ(r.other_address, (Endpoint{kServerIpB, 3479}));
  // Silence-expecting tests use the short profile: a run takes seconds.
  EXPECT_LT(o.elapsed, std::chrono::seconds(3));
}

std::string case_name(const ::testing::TestParamInfo<NatCase>& info) {
  auto part = [](NatBehavior b) -> std::string {
    switch (b) {
      case NatBehavior::EndpointIndependent: return "EI";
      case NatBehavior::AddressDependent: return "AD";
      case NatBehavior::AddressAndPortDependent: return "APD";
      default: return "U";
    }
  };
  return "Map" + part(info.param.mapping) + "_Filt" + part(info.param.filtering) +
         (info.param.hairpin ? "_Hairpin" : "_NoHairpin");
}

constexpr auto EI = NatBehavior::EndpointIndependent;
constexpr auto AD = NatBehavior::AddressDependent;
constexpr auto APD = NatBehavior::AddressAndPortDependent;
INSTANTIATE_TEST_SUITE_P(AllCombinations, NatDiscoveryEndToEnd,
                         ::testing::Values(NatCase{EI, EI, true}, NatCase{EI, AD, false},
                                           NatCase{EI, APD, true}, NatCase{AD, EI, false},
                                           NatCase{AD, AD, true}, NatCase{AD, APD, false},
                                           NatCase{APD, EI, true}, NatCase{APD, AD, false},
                                           NatCase{APD, APD, false}, NatCase{APD, APD, true}),
                         case_name);

TEST(NatDiscovery, NoNatDetectedOnAPublicAddress) {
  Options opt;
  opt.server = discovery_server();
  DiscoveryConfig cfg = client_config();
  cfg.test_hairpinning = false;
  Outcome o = run(std::move(opt), cfg);
  ASSERT_TRUE(o.result.finished);
  ASSERT_FALSE(o.result.error) << *o.result.error;
  EXPECT_FALSE(o.result.nat_detected);
  EXPECT_EQ(o.result.mapped_test1, kLocal);
  EXPECT_EQ(o.result.mapping, EI);
  EXPECT_EQ(o.result.filtering, EI);
  EXPECT_FALSE(o.result.hairpinning.has_value());
}

TEST(NatDiscovery, HairpinningFromTheSameSocketWhenNoSecondOne) {
  for (bool hairpin : {true, false}) {
    Options opt;
    opt.nat.emplace(EI, EI, hairpin);
    opt.server = discovery_server();
    DiscoveryConfig cfg = client_config();
    cfg.hairpin_local.reset();
    Outcome o = run(std::move(opt), cfg);
    ASSERT_FALSE(o.result.error) << *o.result.error;
    ASSERT_TRUE(o.result.hairpinning.has_value());
    EXPECT_EQ(*o.result.hairpinning, hairpin);
  }
}

TEST(NatDiscovery, ServerWithoutAlternateAddressIsReported) {
  Options opt;
  opt.nat.emplace(EI, EI, true);
  opt.server.primary = kServer;
  Outcome o = run(std::move(opt), client_config());
  ASSERT_TRUE(o.result.finished);
  ASSERT_TRUE(o.result.error.has_value());
  EXPECT_NE(o.result.error->find("OTHER-ADDRESS"), std::string::npos) << *o.result.error;
  EXPECT_EQ(o.result.mapping, NatBehavior::Unknown);
  EXPECT_EQ(o.result.mapped_test1->address, kNatIp);  // test I still told us this
}

TEST(NatDiscovery, ServerIgnoringChangeRequestIsNotMistakenForAnOpenNat) {
  Options opt;
  opt.nat.emplace(EI, APD, false);
  opt.server = discovery_server();
  opt.server_ignores_change_request = true;
  Outcome o = run(std::move(opt), client_config());
  ASSERT_TRUE(o.result.error.has_value());
  EXPECT_NE(o.result.filtering, EI);
}

TEST(NatDiscovery, NoAnswerToTestIFailsAfterTheFullRfcTimeout) {
  Options opt;
  opt.nat.emplace(EI, EI, true);
  opt.server = discovery_server();
  opt.blackhole = true;
  Outcome o = run(std::move(opt), client_config());
  ASSERT_TRUE(o.result.finished);
  ASSERT_TRUE(o.result.error.has_value());
  EXPECT_EQ(o.elapsed, milliseconds(39500));  // RFC 5389 7.2.1 defaults
  EXPECT_EQ(o.client_datagrams, 7);
}

TEST(NatDiscovery, StartsWithTestIToThePrimaryAddress) {
  Rng rng(1);
  NatDiscovery d(client_config(), rng, Time{});
  auto tx = d.poll_transmit();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->local, kLocal);
  EXPECT_EQ(tx->remote, kServer);
  auto m = decode(tx->bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m.message->cls, Class::Request);
  EXPECT_FALSE(m.message->find(0x0003));  // no CHANGE-REQUEST in test I
  EXPECT_EQ(d.step(), NatDiscovery::Step::MappingI);
  EXPECT_EQ(d.poll_timeout(), milliseconds(500));
}

TEST(NatDiscovery, BehaviourNamesMatchTheScenarioFormat) {
  EXPECT_STREQ(to_string(EI), "endpoint-independent");
  EXPECT_STREQ(to_string(AD), "address-dependent");
  EXPECT_STREQ(to_string(APD), "address-and-port-dependent");
}

}  // namespace
}  // namespace natlab::stun
