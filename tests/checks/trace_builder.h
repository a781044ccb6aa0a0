#pragma once
// Hand-made traces for conformance-check tests: a scenario from YAML text and
// records added one by one, in the shape sim/ writes them
// (docs/trace-format.md). Each check's tests build a good trace, see it pass,
// then break it in exactly one way and see it fail.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "agents/stun/channel_data.h"
#include "agents/stun/message.h"
#include "common/hex.h"
#include "reports/checks/check.h"
#include "reports/checks/trace_view.h"
#include "sim/runner.h"
#include "sim/scenario_loader.h"

namespace natlab::reports::checks::testing {

// True when the verdict's detail names `text`.
inline bool mentions(const Verdict& v, const std::string& text) { return v.detail.find(text) != std::string::npos; }

// Two agents: A on alice-pc behind nat-a (port-restricted), B on bob-pc in
// the open; turn1 is a STUN and TURN server.
inline const char* kTwoAgents = R"(natlab: 1
name: check test
servers:
  - name: turn1
    address: 203.0.113.10
    stun: { port: 3478 }
    turn: { port: 3478, users: { alice: s3cret } }
nats:
  - { name: nat-a, type: port-restricted, public_address: 198.51.100.1 }
hosts:
  - { name: alice-pc, address: 192.168.1.10, behind: nat-a }
  - { name: bob-pc, address: 203.0.113.20, behind: internet }
agents:
  - { name: A, host: alice-pc, stun: [turn1], turn: [{ server: turn1, username: alice, password: s3cret }] }
  - { name: B, host: bob-pc }
sessions:
  - { name: call1, controlling: A, controlled: B }
)";

inline sim::Scenario scenario_from(const std::string& yaml) {
  auto r = sim::load_scenario_text(yaml, "test.yaml");
  if (auto* errors = std::get_if<std::vector<sim::LoadError>>(&r)) {
    throw std::runtime_error("test scenario invalid: " + errors->front().to_string());
  }
  return std::get<sim::Scenario>(r);
}

inline Endpoint ep(const char* text) { return Endpoint::parse(text).value(); }

class TraceBuilder {
 public:
  explicit TraceBuilder(const std::string& yaml = kTwoAgents) : scenario_(scenario_from(yaml)) {}

  // The trace of a real simulated run of a scenario file (path relative to
  // the source tree, e.g. "scenarios/matrix/port-restricted-vs-symmetric.yaml"):
  // the good trace that tests then break in one precise way.
  static TraceBuilder from_run(const std::string& relative_path) {
    const std::string path = std::string(NATLAB_SOURCE_DIR) + "/" + relative_path;
    auto r = sim::load_scenario_file(path);
    if (auto* errors = std::get_if<std::vector<sim::LoadError>>(&r)) {
      throw std::runtime_error("scenario invalid: " + errors->front().to_string());
    }
    TraceBuilder b(std::get<sim::Scenario>(std::move(r)));
    sim::ScenarioRun run = sim::run_scenario(b.scenario_, sim::RunOptions{"", false, std::nullopt});
    if (!run.error.empty()) throw std::runtime_error("run failed: " + run.error);
    b.records_ = run.trace.records();
    return b;
  }

  const sim::Scenario& scenario() const { return scenario_; }
  sim::Scenario& scenario() { return scenario_; }
  std::vector<Json>& records() { return records_; }

  // A datagram on the wire from `from` to `to` (node names).
  Json& packet(Time t, const std::string& from, const std::string& to, const Endpoint& src, const Endpoint& dst,
               const std::vector<std::uint8_t>& payload, bool lost = false) {
    Json j{{"t_ns", t.count()}, {"kind", "packet"},          {"wire", from + "<->" + to},
           {"from", from},      {"to", to},                  {"src", src.to_string()},
           {"dst", dst.to_string()}, {"proto", "udp"},       {"size", payload.size() + 28}};
    if (!payload.empty()) {
      j["summary"] = "test";
      j["payload"] = to_hex(payload);
    }
    if (lost) j["lost"] = true;
    records_.push_back(std::move(j));
    return records_.back();
  }
  // A TCP segment (docs/trace-format.md: `seq`, `flags`, and the data as
  // `payload` when there is any).
  Json& segment(Time t, const std::string& from, const std::string& to, const Endpoint& src, const Endpoint& dst,
                std::uint32_t seq, const std::string& flags, const std::vector<std::uint8_t>& data = {}) {
    Json j{{"t_ns", t.count()}, {"kind", "packet"},          {"wire", from + "<->" + to},
           {"from", from},      {"to", to},                  {"src", src.to_string()},
           {"dst", dst.to_string()}, {"proto", "tcp"},       {"size", data.size() + 52},
           {"seq", seq},        {"flags", flags}};
    if (!data.empty()) j["payload"] = to_hex(data);
    records_.push_back(std::move(j));
    return records_.back();
  }
  Json& stun(Time t, const std::string& from, const std::string& to, const Endpoint& src, const Endpoint& dst,
             const stun::Message& m, const stun::EncodeOptions& options = stun::EncodeOptions{std::nullopt, true}) {
    return packet(t, from, to, src, dst, stun::encode(m, options));
  }
  // An agent event: {"agent": agent, "event": event, ...fields}.
  Json& event(Time t, const std::string& agent, const std::string& event, Json fields = Json::object()) {
    fields["t_ns"] = t.count();
    fields["kind"] = "agent";
    fields["agent"] = agent;
    fields["event"] = event;
    records_.push_back(std::move(fields));
    return records_.back();
  }
  Json& nat(Time t, const std::string& nat, const std::string& action, Json fields = Json::object()) {
    fields["t_ns"] = t.count();
    fields["kind"] = "nat";
    fields["nat"] = nat;
    fields["action"] = action;
    records_.push_back(std::move(fields));
    return records_.back();
  }
  // A host candidate of an agent, so that its sockets are known.
  Json& host_candidate(Time t, const std::string& agent, const Endpoint& address, std::uint32_t priority = 2130706431,
                       int component = 1) {
    return event(t, agent, "candidate-gathered",
                 {{"candidate",
                   {{"foundation", "1"}, {"component", component}, {"transport", "udp"}, {"priority", priority},
                    {"address", address.to_string()}, {"type", "host"}, {"base", address.to_string()}}}});
  }

  // Records sorted by time (stable), as the simulator writes them.
  TraceView view() const {
    std::vector<Json> sorted = records_;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Json& a, const Json& b) { return a["t_ns"].get<std::int64_t>() < b["t_ns"].get<std::int64_t>(); });
    return TraceView(scenario_, std::move(sorted));
  }
  Verdict judge(const std::string& id) const {
    const Check* c = find_check(id);
    if (!c) throw std::runtime_error("no check " + id);
    return c->judge(view());
  }

 private:
  explicit TraceBuilder(sim::Scenario scenario) : scenario_(std::move(scenario)) {}
  sim::Scenario scenario_;
  std::vector<Json> records_;
};

inline stun::TransactionId tid(std::uint8_t n) {
  stun::TransactionId t{};
  t.fill(n);
  return t;
}

inline std::chrono::nanoseconds ms(double v) { return std::chrono::nanoseconds(static_cast<std::int64_t>(v * 1e6)); }

}  // namespace natlab::reports::checks::testing
