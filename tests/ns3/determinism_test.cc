// Same scenario, same seed: byte-identical trace and pcap files. A lossy,
// jittery world is the hard case: every random draw must come from the seed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/sans_io_app.h"
#include "sim/world.h"
#include "tests/ns3/probe.h"
#include "tests/support/file.h"

namespace natlab::sim {
namespace {

using namespace testing;

struct RunOutput {
  std::string trace;
  std::map<std::string, std::string> pcaps;
  std::size_t received = 0;
};

using natlab::testing::slurp;

RunOutput run_lossy(std::uint64_t seed, const std::string& dir) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Scenario sc = one_nat(nat::NatType::Symmetric);
  sc.seed = seed;
  for (auto* l : {&sc.servers[0].link, &sc.nats[0].link, &sc.hosts[0].link}) {
    l->loss = 0.2;
    l->jitter = std::chrono::milliseconds(15);
  }
  World w(sc, {.pcap_dir = dir});
  auto client = std::make_shared<Probe>(std::vector{ep("192.168.1.10:5000")}, ep("203.0.113.10:3478"), 50, false);
  auto server = std::make_shared<Probe>(std::vector{ep("203.0.113.10:3478")}, std::nullopt, 0, true);
  install_sans_io(w.node("alice"), "client", client, &w.trace(), Duration{0});
  install_sans_io(w.node("srv"), "server", server, &w.trace(), Duration{0});
  w.run(std::chrono::seconds(10));
  RunOutput out;
  out.trace = w.trace().to_jsonl();
  out.received = client->received.size();
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.pcaps[e.path().filename()] = slurp(e.path());
  return out;
}

TEST(ns3Determinism, LossyJitteryRunRepeatsByteForByte) {
  const std::string base = ::testing::TempDir() + "natlab-determinism";
  RunOutput a = run_lossy(7, base + "-a");
  RunOutput b = run_lossy(7, base + "-b");
  // Loss did happen (the test would be weak without it) but not everything was lost.
  EXPECT_GT(a.received, 5u);
  EXPECT_LT(a.received, 50u);
  EXPECT_NE(a.trace.find("\"lost\":true"), std::string::npos);
  EXPECT_EQ(a.trace, b.trace);
  ASSERT_EQ(a.pcaps.size(), 6u);  // three wires, two ends each
  EXPECT_EQ(a.pcaps, b.pcaps);

  RunOutput c = run_lossy(8, base + "-c");
  EXPECT_NE(a.trace, c.trace) << "another seed must give another run";
}

}  // namespace
}  // namespace natlab::sim
