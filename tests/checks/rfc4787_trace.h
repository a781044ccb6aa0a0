#pragma once
// Hand-made NAT decisions for the RFC 4787 check tests, in the shape
// sim/nat_routing.cc writes them (docs/trace-format.md): nat-a of
// trace_builder.h's kTwoAgents (port-restricted: endpoint-independent
// mapping, address-and-port-dependent filtering, public 198.51.100.1, port
// preservation, 120 s timer), its behaviour changed per test through
// scenario().nats[0].config.
#include <string>

#include "tests/checks/trace_builder.h"

namespace natlab::reports::checks::testing {

// Alice's host socket behind nat-a, its usual mapping, and two remotes.
inline const char* kAlice = "192.168.1.10:40000";
inline const char* kExternal = "198.51.100.1:40000";
inline const char* kBob = "203.0.113.20:5000";
inline const char* kBobOtherPort = "203.0.113.20:5001";

class NatTrace {
 public:
  const std::string nat = "nat-a";
  TraceBuilder b;

  nat::Config& config() { return b.scenario().nats[0].config; }

  static Json packet(const Endpoint& src, const Endpoint& dst) {
    return {{"src", src.to_string()}, {"dst", dst.to_string()}, {"proto", "udp"}};
  }
  // An outbound packet from `internal` to `remote`, leaving as `external`;
  // `created` adds the mapping-created record that follows a new mapping.
  void out(Time t, const char* internal, const char* remote, const char* external, bool created = false) {
    b.nat(t, nat, "translate",
          {{"direction", "outbound"}, {"before", packet(ep(internal), ep(remote))},
           {"after", packet(ep(external), ep(remote))}});
    if (!created) return;
    Json m{{"proto", "udp"}, {"internal", internal}, {"external", external}};
    switch (config().mapping) {
      case nat::Mapping::EndpointIndependent: break;
      case nat::Mapping::AddressDependent: m["remote"] = Endpoint{ep(remote).address, 0}.to_string(); break;
      case nat::Mapping::AddressAndPortDependent: m["remote"] = remote; break;
    }
    b.nat(t, nat, "mapping-created", std::move(m));
  }
  // An inbound packet from `remote` to the public `external`: translated to
  // `internal`, or dropped for `reason` when internal is null.
  void in(Time t, const char* remote, const char* external, const char* internal, const char* reason = "filtered") {
    if (internal) {
      b.nat(t, nat, "translate",
            {{"direction", "inbound"}, {"before", packet(ep(remote), ep(external))},
             {"after", packet(ep(remote), ep(internal))}});
    } else {
      b.nat(t, nat, "drop", {{"direction", "inbound"}, {"before", packet(ep(remote), ep(external))}, {"reason", reason}});
    }
  }
  void expired(Time t, const char* internal, const char* external) {
    b.nat(t, nat, "mapping-expired", {{"proto", "udp"}, {"internal", internal}, {"external", external}});
  }

  Verdict judge(const std::string& id) const { return b.judge(id); }
};

inline bool says(const Verdict& v, const std::string& text) { return v.detail.find(text) != std::string::npos; }

inline Time sec(double s) { return Time(static_cast<std::int64_t>(s * 1e9)); }

}  // namespace natlab::reports::checks::testing
