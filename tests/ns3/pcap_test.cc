// pcap files written per wire open in Wireshark's engine: tshark decodes the
// Binding request and its response, before and after the NAT.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "agents/stun/attributes.h"
#include "agents/stun/message.h"
#include "agents/stun/server.h"
#include "common/sans_io_machine.h"
#include "sim/sans_io_app.h"
#include "sim/world.h"
#include "tests/ns3/probe.h"

namespace natlab::sim {
namespace {

using namespace testing;

// Sends one STUN Binding request at start.
class BindingClient : public SansIo {
 public:
  std::vector<Endpoint> local_endpoints() const override { return {ep("192.168.1.10:5000")}; }
  void start(Time) override {
    stun::Message m;
    m.transaction_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    pending_ = Transmit{ep("192.168.1.10:5000"), ep("203.0.113.10:3478"), stun::encode(m, stun::EncodeOptions{std::nullopt, true})};
  }
  void handle_datagram(Time, const Endpoint&, const Endpoint&, std::span<const std::uint8_t> b) override {
    auto r = stun::decode(b);
    if (r) mapped = r.message->get<stun::XorMappedAddress>();
  }
  void handle_timeout(Time) override {}
  std::optional<Transmit> poll_transmit() override {
    auto t = std::move(pending_);
    pending_.reset();
    return t;
  }
  std::optional<Time> poll_timeout() const override { return std::nullopt; }
  std::optional<stun::XorMappedAddress> mapped;

 private:
  std::optional<Transmit> pending_;
};

std::string run_command(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p.get())) out.append(buf.data(), n);
  return out;
}

TEST(ns3Pcap, TsharkDecodesStunOnBothSidesOfTheNat) {
  ASSERT_EQ(std::system("command -v tshark >/dev/null 2>&1"), 0) << "tshark is installed by scripts/setup";
  const std::string dir = ::testing::TempDir() + "natlab-pcap";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    World w(one_nat(nat::NatType::PortRestricted), {.pcap_dir = dir});
    stun::ServerConfig cfg;
    cfg.primary = ep("203.0.113.10:3478");
    auto server = std::make_shared<SansIoMachine<stun::StunServer>>(cfg);
    auto client = std::make_shared<BindingClient>();
    install_sans_io(w.node("srv"), "stun", server, &w.trace(), Duration{0});
    install_sans_io(w.node("alice"), "client", client, &w.trace(), std::chrono::milliseconds(5));
    w.run(std::chrono::seconds(1));
    ASSERT_TRUE(client->mapped);
    EXPECT_EQ(client->mapped->endpoint, ep("198.51.100.1:5000"));
  }
  // Inside the NAT: private source; outside: the public mapping.
  const std::string fields = " -T fields -e ip.src -e udp.srcport -e stun.type -e stun.att.ipv4 -e stun.att.port 2>/dev/null";
  std::string inside = run_command("tshark -r " + dir + "/alice--nat-a.pcap -Y stun" + fields);
  std::string outside = run_command("tshark -r " + dir + "/internet--nat-a.pcap -Y stun" + fields);
  EXPECT_NE(inside.find("192.168.1.10\t5000\t0x0001"), std::string::npos) << inside;
  EXPECT_NE(inside.find("203.0.113.10\t3478\t0x0101\t198.51.100.1"), std::string::npos) << inside;
  EXPECT_NE(outside.find("198.51.100.1\t5000\t0x0001"), std::string::npos) << outside;
  EXPECT_NE(outside.find("0x0101"), std::string::npos) << outside;
}

}  // namespace
}  // namespace natlab::sim
