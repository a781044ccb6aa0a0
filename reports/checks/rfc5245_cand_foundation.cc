// RFC 5245 4.1.1.3: the foundation is "the same for two candidates that have
// the same type, base IP address, protocol (UDP, TCP, etc.), and STUN or TURN
// server. If any of these are different, then the foundation will be
// different." Judged per agent over everything it gathered, peer-reflexive
// candidates included (7.1.3.2.1 computes theirs the same way).
//
// The STUN or TURN server is not part of the candidate event; the wire says
// it: a server-reflexive address is the XOR-MAPPED-ADDRESS of a Binding
// success from a STUN server to the candidate's base, a relayed address the
// XOR-RELAYED-ADDRESS of an Allocate success. When the wire does not show it,
// the server counts as unknown and neither forces nor forbids equality.
//
// Relayed candidates: their base is the relayed address itself (RFC 5245 3,
// "Base"), while agents commonly key their foundation on the host address the
// allocation was made from. Both readings are accepted: two relayed
// candidates must share a foundation when relayed IP, server and host IP are
// all equal, and must differ when the server differs or when both the
// relayed IP and the host IP differ.
#include <map>
#include <optional>

#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

struct Keyed {
  const cand::CandidateEvent* event = nullptr;
  std::optional<IpAddress> server;   // STUN/TURN server; nullopt when unknown
  bool has_server = false;           // host and peer-reflexive candidates have none
  std::optional<IpAddress> host_ip;  // relayed: the client address of the allocation, when known
};

Keyed key_of(const cand::ServerResponses& servers, const cand::CandidateEvent& e) {
  Keyed k;
  k.event = &e;
  const Time when = TraceView::time_of(*e.record);
  switch (e.candidate.type) {
    case ice::CandidateType::Host:
    case ice::CandidateType::PeerReflexive:
      break;
    case ice::CandidateType::ServerReflexive:
      k.has_server = true;
      k.server = servers.stun_server(e.candidate.base, e.candidate.address, when);
      break;
    case ice::CandidateType::Relayed:
      k.has_server = true;
      if (auto a = servers.allocation(e.candidate.address, when)) {
        k.server = a->server;
        k.host_ip = a->client.address;
      }
      break;
  }
  return k;
}

// The parts that must match for equal foundations, as far as they are known.
bool must_share(const Keyed& x, const Keyed& y) {
  const ice::Candidate &a = x.event->candidate, &b = y.event->candidate;
  if (a.type != b.type || a.base.address != b.base.address || a.transport != b.transport) return false;
  if (x.has_server != y.has_server) return false;
  if (x.has_server && (!x.server || !y.server || *x.server != *y.server)) return false;
  if (a.type == ice::CandidateType::Relayed && (!x.host_ip || !y.host_ip || *x.host_ip != *y.host_ip)) return false;
  return true;
}

bool must_differ(const Keyed& x, const Keyed& y) {
  const ice::Candidate &a = x.event->candidate, &b = y.event->candidate;
  if (a.type != b.type || a.transport != b.transport) return true;
  if (x.server && y.server && *x.server != *y.server) return true;
  if (a.base.address == b.base.address) return false;
  if (a.type != ice::CandidateType::Relayed) return true;
  // Relayed: different relayed IPs; only a different host IP as well makes
  // the foundations differ under both readings.
  return x.host_ip && y.host_ip && *x.host_ip != *y.host_ip;
}

std::string server_text(const Keyed& k) {
  if (!k.has_server) return "no server";
  return k.server ? "server " + k.server->to_string() : "server unknown";
}

std::string explain(const Keyed& k) {
  const ice::Candidate& c = k.event->candidate;
  return cand::describe(c) + " [base " + c.base.address.to_string() + ", " + to_string(c.transport) + ", " +
         server_text(k) + "]";
}

Verdict judge_foundation(const TraceView& trace) {
  const cand::ServerResponses servers(trace);
  std::string summary;
  int judged = 0;
  for (const AgentInfo& a : trace.agents()) {
    const auto gathered = cand::gathered_by(trace, a.name);
    if (gathered.empty()) continue;
    if (!cand::only_session(trace, a.name)) {
      cand::append_part(summary, a.name + ": not judged (in several sessions, whose candidates the trace mixes)");
      continue;
    }
    std::vector<Keyed> keyed;
    for (const auto& g : gathered) keyed.push_back(key_of(servers, g));
    std::map<std::string, int> foundations;
    for (std::size_t i = 0; i < keyed.size(); ++i) {
      ++foundations[keyed[i].event->candidate.foundation];
      for (std::size_t j = 0; j < i; ++j) {
        const bool same = keyed[i].event->candidate.foundation == keyed[j].event->candidate.foundation;
        if (!same && must_share(keyed[i], keyed[j])) {
          return Verdict::fail(a.name + ": " + explain(keyed[j]) + " and " + explain(keyed[i]) +
                               " have the same type, base IP, transport and server but different foundations; " +
                               trace.where_record(*keyed[i].event->record));
        }
        if (same && must_differ(keyed[i], keyed[j])) {
          return Verdict::fail(a.name + ": " + explain(keyed[j]) + " and " + explain(keyed[i]) +
                               " share foundation " + keyed[i].event->candidate.foundation +
                               " but differ in type, base IP, transport or server; " +
                               trace.where_record(*keyed[i].event->record));
        }
      }
    }
    ++judged;
    cand::append_part(summary, a.name + ": " + std::to_string(gathered.size()) + " candidates, " +
                                   std::to_string(foundations.size()) + " foundations");
  }
  if (summary.empty()) return Verdict::not_applicable("no agent gathered a candidate");
  if (judged == 0) return Verdict::not_applicable(summary);
  return Verdict::pass(summary);
}

}  // namespace

Check foundation_check() {
  return Check{"RFC5245-4.1.1.3-foundation", 5245, "4.1.1.3",
               "Two candidates of an agent have the same foundation exactly when they have the same type, base IP "
               "address, transport protocol and STUN or TURN server.",
               judge_foundation};
}

}  // namespace natlab::reports::checks
