// natlab ice-agent on two real hosts behind Linux netfilter NATs (network
// namespaces, tests/netns/lab.h) against the simulator running the scenario
// file of the same topology (scenarios/realnat/): the candidate types of the
// pair each agent selected must agree. Prints the table of issue 10:
// topology | real selected pair | simulated selected pair | agree.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/netns/lab.h"
#include "tests/netns/servers.h"
#include "tests/support/file.h"

namespace natlab::netns {
namespace {

struct Topology {
  NatKind a, b;
  std::string scenario;  // below the source tree
};

struct Pair {
  std::string local, remote;  // candidate types
  std::string text() const { return local + "/" + remote; }
  bool operator==(const Pair&) const = default;
};

struct Row {
  std::string topology;
  std::optional<Pair> real_a, real_b, sim_a, sim_b;
  std::string error;  // why a column is empty
  bool agree() const { return real_a && real_b && sim_a && sim_b && *real_a == *sim_a && *real_b == *sim_b; }
};

std::optional<Pair> pair_of(const nlohmann::json& selected) {
  if (!selected.is_object() || !selected.contains("local") || !selected.contains("remote")) return std::nullopt;
  return Pair{selected["local"].value("type", "?"), selected["remote"].value("type", "?")};
}

// The agent's one JSON line: the last line of stdout that parses.
nlohmann::json agent_line(const std::string& out) {
  std::istringstream in(out);
  std::string line;
  nlohmann::json last;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.is_object()) last = j;
  }
  return last;
}

using natlab::testing::slurp;

std::vector<std::string> agent_argv(const std::string& role, const std::filesystem::path& dir, const std::string& self,
                                    const std::string& peer, const std::string& user, const std::string& password) {
  const std::string server = kServerIp + ":" + std::to_string(kTurnPort);
  return {kBinaryDir + "/natlab", "ice-agent", "--role", role, "--local-sdp", (dir / (self + ".sdp")).string(),
          "--remote-sdp", (dir / (peer + ".sdp")).string(), "--stun", server, "--turn", server, "--user", user,
          "--password", password, "--nomination", "regular", "--timeout", "60"};
}

// One topology: the real run in namespaces, then the simulated one.
Row run_topology(const Topology& t, const std::filesystem::path& dir) {
  Row row;
  row.topology = std::string(to_string(t.a)) + " vs " + to_string(t.b);
  Lab lab(t.a, t.b);
  if (!lab.build()) return row.error = lab.error(), row;
  std::string error;
  if (!start_turnd(lab, error)) return row.error = error, row;

  std::filesystem::create_directories(dir);
  auto* a = lab.start(lab.a().host, agent_argv("controlling", dir, "a", "b", kTurnUser, kTurnPassword), error);
  if (!a) return row.error = error, row;
  auto* b = lab.start(lab.b().host, agent_argv("controlled", dir, "b", "a", "bob", "hunter2"), error);
  if (!b) return row.error = error, row;
  // A safety net: each agent gives up after its own --timeout.
  const auto sa = a->wait_exit(std::chrono::seconds(180));
  const auto sb = b->wait_exit(std::chrono::seconds(180));
  const auto ja = agent_line(a->out()), jb = agent_line(b->out());
  if (sa != 0 || sb != 0 || ja.value("result", "") != "connected" || jb.value("result", "") != "connected") {
    row.error = "real: A exited " + (sa ? std::to_string(*sa) : "-") + ": " + a->out() + a->err().substr(0, 4000) +
                "\nB exited " + (sb ? std::to_string(*sb) : "-") + ": " + b->out() + b->err().substr(0, 4000);
  } else {
    row.real_a = pair_of(ja["selected"]);
    row.real_b = pair_of(jb["selected"]);
    const auto& da = ja["data"];
    const auto& db = jb["data"];
    if (da.value("received", 0) < 1 || db.value("received", 0) < 1) {
      row.error = "real: no data crossed: " + ja.dump() + " " + jb.dump();
    }
  }

  // The simulator, from the source tree as a user runs it.
  const auto out = dir / "sim";
  auto sim = run_command({kBinaryDir + "/natlab", "run", kSourceDir + "/" + t.scenario, "-q", "--no-graphs", "--out",
                          out.string()},
                         std::chrono::seconds(600));
  const auto results = nlohmann::json::parse(slurp(out / "results.json"), nullptr, false);
  if (results.is_discarded() || !results.contains("scenarios") || results["scenarios"].empty()) {
    row.error += "\nsimulated: natlab run exited " + std::to_string(sim.status) + ": " + sim.output;
    return row;
  }
  const auto& session = results["scenarios"][0]["sessions"][0];
  if (session.value("outcome", "") == "connected") {
    row.sim_a = pair_of(session["selected"]["A"]);
    row.sim_b = pair_of(session["selected"]["B"]);
  } else {
    row.error += "\nsimulated: " + session.dump();
  }
  if (sim.status != 0) row.error += "\nsimulated: natlab run exited " + std::to_string(sim.status) + ": " + sim.output;
  return row;
}

std::string cell(const std::optional<Pair>& a, const std::optional<Pair>& b) {
  return "A " + (a ? a->text() : std::string("-")) + ", B " + (b ? b->text() : std::string("-"));
}

TEST(RealNatVsSimulator, SelectedCandidateTypesAgree) {
  const auto why = Lab::unavailable_reason();
  if (!why.empty()) GTEST_SKIP() << why;
  Lab::remove_stale();
  const std::vector<Topology> topologies = {
      {NatKind::PortRestricted, NatKind::PortRestricted, "scenarios/realnat/port-restricted-vs-port-restricted.yaml"},
      {NatKind::PortRestricted, NatKind::Symmetric, "scenarios/realnat/port-restricted-vs-symmetric.yaml"},
      {NatKind::Symmetric, NatKind::Symmetric, "scenarios/realnat/symmetric-vs-symmetric.yaml"},
  };
  const auto base = std::filesystem::temp_directory_path() / ("natlab-netns-ice-" + std::to_string(::getpid()));
  std::vector<Row> rows;
  for (std::size_t i = 0; i < topologies.size(); ++i) {
    rows.push_back(run_topology(topologies[i], base / std::to_string(i)));
  }
  std::error_code ec;
  std::filesystem::remove_all(base, ec);

  // Pairs as local/remote candidate type of each agent's selected pair; A
  // is the controlling agent.
  std::cout << "\n  " << std::left << std::setw(36) << "topology" << std::setw(34) << "real selected pair"
            << std::setw(34) << "simulated selected pair" << "agree\n";
  for (const auto& r : rows) {
    std::cout << "  " << std::setw(36) << r.topology << std::setw(34) << cell(r.real_a, r.real_b) << std::setw(34)
              << cell(r.sim_a, r.sim_b) << (r.agree() ? "yes" : "NO") << "\n";
  }
  std::cout << std::endl;
  for (const auto& r : rows) {
    EXPECT_TRUE(r.agree()) << r.topology << ": " << r.error;
    EXPECT_TRUE(r.error.empty()) << r.topology << ": " << r.error;
  }
}

}  // namespace
}  // namespace natlab::netns
