// RFC 5245 15.1: "<rel-addr> and <rel-port> MUST be present for server
// reflexive, peer reflexive, and relayed candidates. If a candidate is server
// or peer reflexive, <rel-addr> and <rel-port> are equal to the base for that
// server or peer reflexive candidate. If the candidate is relayed, <rel-addr>
// and <rel-port> is equal to the mapped address in the Allocate response that
// provided the client with that relayed candidate ... If the candidate is a
// host candidate, <rel-addr> and <rel-port> MUST be omitted."
// RFC 5245 3 ("Base"): the base of a server-reflexive candidate
// is the host candidate it was derived from; a host or relayed candidate is
// its own base. A peer-reflexive candidate's base is the local candidate the
// check was sent from (7.1.3.2.1), a host or relayed one.
//
// Judged on every candidate an agent gathered and on the a=candidate lines of
// the offers and answers it sent.
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

// A host (or, for peer-reflexive, relayed) candidate of the agent at `address`, gathered up to `upto`.
bool is_local_base(const std::vector<cand::CandidateEvent>& gathered, const Endpoint& address, int component,
                   bool relayed_too, const Json* upto) {
  for (const auto& g : gathered) {
    if (g.record == upto) break;
    const ice::Candidate& c = g.candidate;
    const bool kind = c.type == ice::CandidateType::Host || (relayed_too && c.type == ice::CandidateType::Relayed);
    if (kind && c.address == address && c.component == component) return true;
  }
  return false;
}

std::string related_text(const ice::Candidate& c) {
  return c.related ? "related address " + c.related->to_string() : "no related address";
}

// What is wrong with a gathered candidate's base and related address, or empty.
std::string gathered_problem(const cand::ServerResponses& servers, const std::vector<cand::CandidateEvent>& gathered,
                             const cand::CandidateEvent& g) {
  const ice::Candidate& c = g.candidate;
  switch (c.type) {
    case ice::CandidateType::Host:
      if (c.related) return "a host candidate carries " + related_text(c) + " (15.1: MUST be omitted)";
      if (c.base != c.address) return "a host candidate's base " + c.base.to_string() + " is not itself";
      return {};
    case ice::CandidateType::ServerReflexive:
    case ice::CandidateType::PeerReflexive: {
      const bool srflx = c.type == ice::CandidateType::ServerReflexive;
      if (!c.related || *c.related != c.base) {
        return related_text(c) + ", but 15.1 requires the base " + c.base.to_string();
      }
      if (!is_local_base(gathered, c.base, c.component, !srflx, g.record)) {
        return "its base " + c.base.to_string() + " is not the address of a " +
               (srflx ? "host candidate" : "host or relayed candidate") + " of the agent for component " +
               std::to_string(c.component);
      }
      return {};
    }
    case ice::CandidateType::Relayed: {
      if (c.base != c.address) return "a relayed candidate's base " + c.base.to_string() + " is not itself";
      if (!c.related) return "no related address (15.1: the mapped address of the Allocate response)";
      auto allocation = servers.allocation(c.address, TraceView::time_of(*g.record));
      if (allocation && allocation->mapped && *allocation->mapped != *c.related) {
        return related_text(c) + ", but the Allocate response that gave it had XOR-MAPPED-ADDRESS " +
               allocation->mapped->to_string();
      }
      return {};
    }
  }
  return {};
}

Verdict judge_related(const TraceView& trace) {
  const cand::ServerResponses servers(trace);
  std::string summary;
  for (const AgentInfo& a : trace.agents()) {
    const auto gathered = cand::gathered_by(trace, a.name);
    int with_related = 0;
    for (const auto& g : gathered) {
      const std::string problem = gathered_problem(servers, gathered, g);
      if (!problem.empty()) {
        return Verdict::fail(a.name + ": gathered " + cand::describe(g.candidate) + ": " + problem + "; " +
                             trace.where_record(*g.record));
      }
      if (g.candidate.related) ++with_related;
    }
    if (!gathered.empty()) {
      cand::append_part(summary, a.name + ": " + std::to_string(gathered.size()) + " candidates gathered, " +
                                     std::to_string(with_related) + " with a related address");
    }
  }
  int lines = 0;
  for (const auto& d : cand::descriptions(trace, true)) {
    for (const auto& c : d.candidates) {
      ++lines;
      const bool host = c.type == ice::CandidateType::Host;
      if (host == c.related.has_value()) {
        return Verdict::fail(d.agent + ": " + d.event + " carries " + cand::describe(c) + " with " + related_text(c) +
                             (host ? " (15.1: raddr/rport MUST be omitted for host candidates)"
                                   : " (15.1: raddr/rport MUST be present for reflexive and relayed candidates)") +
                             "; " + trace.where_record(*d.record));
      }
    }
  }
  if (lines > 0) cand::append_part(summary, std::to_string(lines) + " candidate lines in offers and answers");
  if (summary.empty()) return Verdict::not_applicable("no agent gathered or signalled a candidate");
  return Verdict::pass(summary);
}

}  // namespace

Check related_address_check() {
  return Check{"RFC5245-15.1-related-address", 5245, "15.1",
               "Server-reflexive and peer-reflexive candidates carry their base as related address, and that base is "
               "a host candidate of the agent (peer-reflexive: host or relayed); relayed candidates are their own "
               "base and carry the Allocate response's mapped address; host candidates carry none, in gathered "
               "candidates and in a=candidate lines alike.",
               judge_related};
}

}  // namespace natlab::reports::checks
