#pragma once
// Hand-made STUN traces for the RFC 5389 check tests, in kTwoAgents' world:
// A on alice-pc (192.168.1.10) behind nat-a (198.51.100.1, ports kept), B on
// bob-pc (203.0.113.20) in the open, turn1 (203.0.113.10:3478) a STUN and
// TURN server with user alice / s3cret in realm natlab.test.
//
// send() puts a datagram on every wire between two nodes, translating
// alice-pc's addresses at nat-a, so that each message has a first hop (as
// sent) and a last hop (as received), as in a real trace. A and B announce
// their ICE credentials in an offer-sent / answer-sent event.
#include <string>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "tests/checks/trace_builder.h"

namespace natlab::reports::checks::testing {

class StunTrace {
 public:
  const Endpoint a_private = ep("192.168.1.10:40000");
  const Endpoint a_public = ep("198.51.100.1:40000");
  const Endpoint bob = ep("203.0.113.20:40000");
  const Endpoint server = ep("203.0.113.10:3478");
  const std::string a_ufrag = "aaaa", a_pwd = "aaaaaaaaaaaaaaaaaaaaaa";
  const std::string b_ufrag = "bbbb", b_pwd = "bbbbbbbbbbbbbbbbbbbbbb";

  TraceBuilder b;

  StunTrace() {
    b.host_candidate(Time{0}, "A", a_private);
    b.host_candidate(Time{0}, "B", bob);
    b.event(ms(50), "A", "offer-sent", {{"session", "call1"}, {"sdp", sdp(a_ufrag, a_pwd)}});
    b.event(ms(60), "B", "answer-sent", {{"session", "call1"}, {"sdp", sdp(b_ufrag, b_pwd)}});
  }

  static std::string sdp(const std::string& ufrag, const std::string& pwd) {
    return "a=ice-ufrag:" + ufrag + "\r\na=ice-pwd:" + pwd + "\r\n";
  }

  // Every wire from node `from` to node `to`, 1 ms per wire; alice-pc's
  // private addresses become public ones past nat-a. `lost` drops the
  // datagram on its first wire.
  void send(double t, const std::string& from, const std::string& to, Endpoint src, Endpoint dst,
            const std::vector<std::uint8_t>& bytes, bool lost = false) {
    std::vector<std::pair<std::string, std::string>> wires;
    if (from == "alice-pc") {
      wires = {{"alice-pc", "nat-a"}, {"nat-a", "internet"}};
    } else {
      wires = {{from, "internet"}};
    }
    if (to == "alice-pc") {
      wires.push_back({"internet", "nat-a"});
      wires.push_back({"nat-a", "alice-pc"});
    } else {
      wires.push_back({"internet", to});
    }
    for (std::size_t i = 0; i < wires.size(); ++i) {
      const auto& [f, tt] = wires[i];
      const bool outside = f != "alice-pc" && tt != "alice-pc";
      const Endpoint s = outside ? translated(src) : src;
      const Endpoint d = outside ? translated(dst) : dst;
      b.packet(ms(t + static_cast<double>(i)), f, tt, s, d, bytes, lost && i == 0);
      if (lost) return;
    }
  }
  void send(double t, const std::string& from, const std::string& to, Endpoint src, Endpoint dst,
            const stun::Message& m, std::optional<stun::IntegrityKey> key = std::nullopt) {
    send(t, from, to, src, dst, stun::encode(m, stun::EncodeOptions{std::move(key), true}));
  }

  Endpoint translated(const Endpoint& e) const { return e == a_private ? a_public : e; }

  // Messages.
  static stun::Message request(std::uint8_t n, stun::Method method = stun::Method::Binding) {
    stun::Message m;
    m.cls = stun::Class::Request;
    m.method = static_cast<std::uint16_t>(method);
    m.transaction_id = tid(n);
    return m;
  }
  static stun::Message indication(std::uint8_t n) {
    stun::Message m = request(n);
    m.cls = stun::Class::Indication;
    return m;
  }
  static stun::Message response(const stun::Message& request, stun::Class cls = stun::Class::Success) {
    stun::Message m;
    m.cls = cls;
    m.method = request.method;
    m.transaction_id = request.transaction_id;
    return m;
  }
  static stun::Message error(const stun::Message& request, int code) {
    stun::Message m = response(request, stun::Class::Error);
    m.add(stun::ErrorCode{code, "error"});
    return m;
  }
  // A connectivity check to the agent whose ufrag is `to_ufrag`.
  static stun::Message check(std::uint8_t n, const std::string& to_ufrag, const std::string& from_ufrag) {
    stun::Message m = request(n);
    m.add(stun::Username{to_ufrag + ":" + from_ufrag}).add(stun::Priority{1845501695}).add(stun::IceControlling{42});
    return m;
  }
  static stun::IntegrityKey long_term(const std::string& password = "s3cret") {
    return stun::long_term_key("alice", "natlab.test", password);
  }

  // A complete, conforming exchange of each kind.
  // Gathering: A's Binding request to turn1 and its success (XOR-MAPPED-ADDRESS
  // = A's public address).
  void gathering(double t, std::uint8_t n = 1) {
    const stun::Message q = request(n);
    send(t, "alice-pc", "turn1", a_private, server, q);
    send(t + 5, "turn1", "alice-pc", server, a_public, response(q).add(stun::XorMappedAddress{a_public}));
  }
  // A checks B; B answers, keyed with B's password.
  void a_checks_b(double t, std::uint8_t n = 2) {
    const stun::Message q = check(n, b_ufrag, a_ufrag);
    send(t, "alice-pc", "bob-pc", a_private, bob, q, stun::short_term_key(b_pwd));
    send(t + 5, "bob-pc", "alice-pc", bob, a_public, response(q).add(stun::XorMappedAddress{a_public}),
         stun::short_term_key(b_pwd));
  }
  // TURN: an unsigned Allocate, the 401 challenge, the signed retry and its success.
  void allocate(double t, std::uint8_t first = 3, std::uint8_t second = 4) {
    stun::Message q1 = request(first, stun::Method::Allocate);
    q1.add(stun::RequestedTransport{17});
    send(t, "alice-pc", "turn1", a_private, server, q1);
    send(t + 5, "turn1", "alice-pc", server, a_public,
         error(q1, 401).add(stun::Realm{"natlab.test"}).add(stun::Nonce{"n0nce"}));
    stun::Message q2 = request(second, stun::Method::Allocate);
    q2.add(stun::RequestedTransport{17}).add(stun::Username{"alice"}).add(stun::Realm{"natlab.test"});
    q2.add(stun::Nonce{"n0nce"});
    send(t + 10, "alice-pc", "turn1", a_private, server, q2, long_term());
    stun::Message ok = response(q2);
    ok.add(stun::XorRelayedAddress{ep("203.0.113.10:50000")}).add(stun::Lifetime{600});
    ok.add(stun::XorMappedAddress{a_public});
    send(t + 15, "turn1", "alice-pc", server, a_public, ok, long_term());
  }
};

}  // namespace natlab::reports::checks::testing
