#pragma once
// A hand-made ICE session for the RFC 5245 session checks, on the two-agent
// scenario of trace_builder.h: A (controlling, alice-pc 192.168.1.10:40000
// behind nat-a, public 198.51.100.1:40000) and B (controlled, bob-pc
// 203.0.113.20:40010 in the open). Every message is recorded on its first
// hop (leaving the sender's host) and its last hop (into the receiver's
// host) 10 ms later, as the simulator records them.
//
// good_session() is a complete regular-nomination run; tests break it in one
// place. rewrite_stun() edits STUN messages of any trace, hand-made or from
// a real run, in every packet that carries them.
#include <algorithm>
#include <functional>
#include <optional>
#include <string>

#include "agents/ice/sdp.h"
#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "sim/runner.h"
#include "tests/checks/trace_builder.h"

namespace natlab::reports::checks::testing::sess {

enum class Side { A, B };

inline const char* kUfragA = "AAAA";
inline const char* kPwdA = "aaaaaaaaaaaaaaaaaaaaaa";
inline const char* kUfragB = "BBBB";
inline const char* kPwdB = "bbbbbbbbbbbbbbbbbbbbbb";
inline constexpr std::uint64_t kTieBreakerA = 100;
inline constexpr std::uint64_t kTieBreakerB = 50;

inline Endpoint a_socket() { return ep("192.168.1.10:40000"); }
inline Endpoint a_public() { return ep("198.51.100.1:40000"); }
inline Endpoint b_socket() { return ep("203.0.113.20:40010"); }

struct CheckSpec {
  Side from = Side::A;
  std::uint8_t tid = 1;
  bool use_candidate = false;
  std::optional<bool> controlling;  // default: A controlling, B controlled
  std::optional<std::uint64_t> tie_breaker;
};

inline stun::Message check_message(const CheckSpec& s) {
  stun::Message m;
  m.transaction_id = tid(s.tid);
  const bool from_a = s.from == Side::A;
  m.add(stun::Username{std::string(from_a ? kUfragB : kUfragA) + ":" + (from_a ? kUfragA : kUfragB)});
  m.add(stun::Priority{1862270975});
  const bool controlling = s.controlling.value_or(from_a);
  const std::uint64_t tb = s.tie_breaker.value_or(from_a ? kTieBreakerA : kTieBreakerB);
  if (controlling) m.add(stun::IceControlling{tb});
  else m.add(stun::IceControlled{tb});
  if (s.use_candidate) m.add(stun::UseCandidate{});
  return m;
}

// Integrity with the receiver's password (the check's) or the sender's own
// (a response's), and FINGERPRINT.
inline stun::EncodeOptions signed_by(const char* pwd) { return stun::EncodeOptions{stun::short_term_key(pwd), true}; }

// A message from one side to the other: first hop at t, last hop at t + 10 ms.
inline void send(TraceBuilder& b, Time t, Side from, const stun::Message& m, const stun::EncodeOptions& o) {
  if (from == Side::A) {
    b.stun(t, "alice-pc", "nat-a", a_socket(), b_socket(), m, o);
    b.stun(t + ms(10), "internet", "bob-pc", a_public(), b_socket(), m, o);
  } else {
    b.stun(t, "bob-pc", "internet", b_socket(), a_public(), m, o);
    b.stun(t + ms(10), "nat-a", "alice-pc", b_socket(), a_socket(), m, o);
  }
}

inline void send_check(TraceBuilder& b, Time t, const CheckSpec& s) {
  send(b, t, s.from, check_message(s), signed_by(s.from == Side::A ? kPwdB : kPwdA));
}

// The success response of the other side to check `n` sent by `checker`.
inline stun::Message success_message(Side checker, std::uint8_t n) {
  stun::Message r;
  r.cls = stun::Class::Success;
  r.transaction_id = tid(n);
  // The check's source as the responder saw it.
  r.add(stun::XorMappedAddress{checker == Side::A ? a_public() : b_socket()});
  return r;
}
inline void send_success(TraceBuilder& b, Time t, Side checker, std::uint8_t n) {
  const Side responder = checker == Side::A ? Side::B : Side::A;
  send(b, t, responder, success_message(checker, n), signed_by(responder == Side::A ? kPwdA : kPwdB));
}
inline void send_error(TraceBuilder& b, Time t, Side checker, std::uint8_t n, int code, const char* reason) {
  const Side responder = checker == Side::A ? Side::B : Side::A;
  stun::Message r;
  r.cls = stun::Class::Error;
  r.transaction_id = tid(n);
  r.add(stun::ErrorCode{code, reason});
  send(b, t, responder, r, signed_by(responder == Side::A ? kPwdA : kPwdB));
}

inline std::string sdp_of(Side s) {
  ice::SessionDescription d;
  d.credentials = s == Side::A ? ice::Credentials{kUfragA, kPwdA} : ice::Credentials{kUfragB, kPwdB};
  ice::Candidate host;
  host.foundation = "1";
  host.priority = 2130706431;
  host.address = s == Side::A ? a_socket() : b_socket();
  host.base = host.address;
  d.candidates.push_back(host);
  if (s == Side::A) {
    ice::Candidate srflx = host;
    srflx.foundation = "2";
    srflx.type = ice::CandidateType::ServerReflexive;
    srflx.priority = 1694498815;
    srflx.address = a_public();
    srflx.related = a_socket();
    d.candidates.push_back(srflx);
  }
  return ice::format_description(d);
}

inline Json candidate_json(const char* type, const Endpoint& address, const Endpoint& base) {
  return Json{{"foundation", "1"}, {"component", 1}, {"transport", "udp"}, {"priority", 1},
              {"address", address.to_string()}, {"type", type}, {"base", base.to_string()}};
}

// Candidates, offer and answer: A offers at 100 ms, B answers at 150 ms, A
// has the answer at 200 ms.
inline TraceBuilder signalled() {
  TraceBuilder b;
  b.host_candidate(Time{0}, "A", a_socket());
  b.host_candidate(Time{0}, "B", b_socket());
  b.event(ms(100), "A", "offer-sent", {{"session", "call1"}, {"sdp", sdp_of(Side::A)}});
  b.event(ms(150), "B", "offer-received", {{"session", "call1"}, {"sdp", sdp_of(Side::A)}});
  b.event(ms(150), "B", "answer-sent", {{"session", "call1"}, {"sdp", sdp_of(Side::B)}});
  b.event(ms(150), "B", "ice-state", {{"state", "running"}});
  b.event(ms(200), "A", "answer-received", {{"session", "call1"}, {"sdp", sdp_of(Side::B)}});
  b.event(ms(200), "A", "ice-state", {{"state", "running"}});
  return b;
}

inline Json pair_state(const Endpoint& local, const Endpoint& remote, const char* from, const char* to) {
  return Json{{"pair", 1}, {"component", 1}, {"local", local.to_string()}, {"remote", remote.to_string()},
              {"from", from}, {"to", to}};
}
inline Json pair_fields(const Endpoint& local, const Endpoint& remote) {
  return Json{{"pair", 1}, {"component", 1}, {"local", local.to_string()}, {"remote", remote.to_string()}};
}

// A regular-nomination session:
//   210 ms A checks B (tid 1); B answers at 220; A's pair succeeds at 230.
//   240 ms B checks A (tid 2); A answers at 250; B's pair succeeds at 260.
//   300 ms A repeats its check with USE-CANDIDATE (tid 3); B nominates at
//   310 and answers; A nominates at 320. Both select and complete.
inline TraceBuilder good_session() {
  TraceBuilder b = signalled();
  send_check(b, ms(210), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  send_success(b, ms(220), Side::A, 1);
  b.event(ms(230), "A", "pair-state", pair_state(a_socket(), b_socket(), "in-progress", "succeeded"));
  send_check(b, ms(240), CheckSpec{Side::B, 2, false, std::nullopt, std::nullopt});
  send_success(b, ms(250), Side::B, 2);
  b.event(ms(260), "B", "pair-state", pair_state(b_socket(), a_public(), "in-progress", "succeeded"));
  send_check(b, ms(300), CheckSpec{Side::A, 3, true, std::nullopt, std::nullopt});
  b.event(ms(310), "B", "nominated", pair_fields(b_socket(), a_public()));
  b.event(ms(310), "B", "selected-pair",
          {{"component", 1}, {"local", candidate_json("host", b_socket(), b_socket())},
           {"remote", candidate_json("srflx", a_public(), a_public())}});
  b.event(ms(310), "B", "ice-state", {{"state", "completed"}});
  send_success(b, ms(310), Side::A, 3);
  b.event(ms(320), "A", "nominated", pair_fields(a_socket(), b_socket()));
  b.event(ms(320), "A", "selected-pair",
          {{"component", 1}, {"local", candidate_json("srflx", a_public(), a_socket())},
           {"remote", candidate_json("host", b_socket(), b_socket())}});
  b.event(ms(320), "A", "ice-state", {{"state", "completed"}});
  return b;
}

// Edits, in every packet record of `records` that carries it directly (not
// in TURN framing), each STUN message for which `pick` is true; re-encodes
// it verbatim (stale MESSAGE-INTEGRITY / FINGERPRINT values are left as they
// are). Returns how many packet records changed.
inline int rewrite_stun(std::vector<Json>& records, const std::function<bool(const Json&, const stun::Message&)>& pick,
                        const std::function<void(stun::Message&)>& edit) {
  int changed = 0;
  for (Json& r : records) {
    if (r.value("kind", "") != "packet" || !r.contains("payload")) continue;
    auto bytes = from_hex(r["payload"].get<std::string>());
    if (!bytes) continue;
    auto d = stun::decode(*bytes);
    if (!d || !pick(r, *d.message)) continue;
    stun::Message m = *d.message;
    edit(m);
    r["payload"] = to_hex(stun::encode(m));
    ++changed;
  }
  return changed;
}

inline void drop_attribute(stun::Message& m, std::uint16_t type) {
  std::erase_if(m.attributes, [&](const stun::RawAttribute& a) { return a.type == type; });
}

// Adds an attribute where a sender would have: before MESSAGE-INTEGRITY and
// FINGERPRINT (nothing may follow them, RFC 5389 15.4 / 15.5).
template <class A>
void add_attribute(stun::Message& m, const A& a) {
  auto it = std::find_if(m.attributes.begin(), m.attributes.end(), [](const stun::RawAttribute& r) {
    return r.type == stun::attr::MessageIntegrity || r.type == stun::attr::Fingerprint;
  });
  m.attributes.insert(it, stun::RawAttribute{A::kType, a.encode_value(m.transaction_id)});
}

inline bool is_check(const stun::Message& m) {
  return m.cls == stun::Class::Request && m.method_enum() == stun::Method::Binding && m.find(stun::attr::Priority);
}

// A scenario file run as it is, or with every agent's nomination and
// component count changed first.
inline TraceBuilder run(const std::string& relative_path, bool aggressive = false, int components = 1) {
  if (!aggressive && components == 1) return TraceBuilder::from_run(relative_path);
  const std::string path = std::string(NATLAB_SOURCE_DIR) + "/" + relative_path;
  auto loaded = sim::load_scenario_file(path);
  if (auto* errors = std::get_if<std::vector<sim::LoadError>>(&loaded)) {
    throw std::runtime_error("scenario invalid: " + errors->front().to_string());
  }
  sim::Scenario sc = std::get<sim::Scenario>(std::move(loaded));
  for (auto& a : sc.agents) {
    if (aggressive) a.nomination = sim::Nomination::Aggressive;
    a.components = components;
  }
  TraceBuilder b;  // its scenario is replaced by the changed one
  b.scenario() = sc;
  sim::ScenarioRun r = sim::run_scenario(sc, sim::RunOptions{"", false, std::nullopt});
  if (!r.error.empty()) throw std::runtime_error("run failed: " + r.error);
  b.records() = r.trace.records();
  return b;
}

}  // namespace natlab::reports::checks::testing::sess
