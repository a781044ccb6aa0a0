// RFC 5245 4.3 (and 5.1 for the answer): the description encodes the
// candidates the agent gathered, after 4.1.3 eliminated redundant ones: "A
// candidate is redundant if its transport address equals another candidate,
// and its base equals the base of that other candidate ... The agent SHOULD
// eliminate the redundant candidate with the lower priority." Peer-reflexive
// candidates are learned during checks and never signalled.
//
// Judged on every offer-sent and answer-sent against the agent's
// candidate-gathered events up to that moment (events of the same instant
// count: the offer may be recorded before the event of the candidate that
// completed gathering). Each group of mutually redundant candidates must be
// in the SDP once, as its highest-priority member; every a=candidate line
// must be one of the gathered candidates, field for field.
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

bool redundant(const ice::Candidate& a, const ice::Candidate& b) {
  return a.address == b.address && a.base == b.base && a.transport == b.transport && a.component == b.component;
}

Verdict judge_sdp_candidates(const TraceView& trace) {
  std::string summary;
  int judged = 0;
  for (const auto& d : cand::descriptions(trace, true)) {
    if (!cand::only_session(trace, d.agent)) {
      cand::append_part(summary, d.agent + " " + d.event + ": not judged (agent in several sessions)");
      continue;
    }
    if (!d.bad_lines.empty()) {
      return Verdict::fail(d.agent + ": " + d.event + " has a candidate line that does not parse (RFC 5245 15.1): \"" +
                           d.bad_lines.front() + "\"; " + trace.where_record(*d.record));
    }
    const Time when = TraceView::time_of(*d.record);
    std::vector<cand::CandidateEvent> gathered;
    for (auto& g : cand::gathered_by(trace, d.agent)) {
      if (TraceView::time_of(*g.record) <= when && g.candidate.type != ice::CandidateType::PeerReflexive)
        gathered.push_back(std::move(g));
    }
    // Every redundancy group appears, as its highest-priority member.
    int groups = 0;
    for (std::size_t i = 0; i < gathered.size(); ++i) {
      const ice::Candidate& c = gathered[i].candidate;
      bool first_of_group = true;
      std::uint32_t best = c.priority;
      for (std::size_t j = 0; j < gathered.size(); ++j) {
        if (!redundant(c, gathered[j].candidate)) continue;
        if (j < i) first_of_group = false;
        best = std::max(best, gathered[j].candidate.priority);
      }
      if (!first_of_group) continue;
      ++groups;
      bool present = false;
      for (const auto& s : d.candidates)
        for (const auto& g : gathered)
          if (redundant(c, g.candidate) && g.candidate.priority == best && cand::same_as_signalled(g.candidate, s))
            present = true;
      if (!present) {
        const cand::CandidateEvent* missing = &gathered[i];
        for (const auto& g : gathered)
          if (redundant(c, g.candidate) && g.candidate.priority == best) missing = &g;
        return Verdict::fail(d.agent + ": " + d.event + " lacks gathered candidate " + cand::describe(missing->candidate) +
                             " (" + trace.where_record(*missing->record) + "); " + trace.where_record(*d.record));
      }
    }
    // Every line is a gathered candidate, and not the lower-priority one of a redundant group.
    for (const auto& s : d.candidates) {
      const cand::CandidateEvent* match = nullptr;
      for (const auto& g : gathered)
        if (cand::same_as_signalled(g.candidate, s)) match = &g;
      if (!match) {
        return Verdict::fail(d.agent + ": " + d.event + " carries " + cand::describe(s) +
                             ", which is not a candidate the agent gathered by then; " + trace.where_record(*d.record));
      }
      for (const auto& g : gathered) {
        if (redundant(match->candidate, g.candidate) && g.candidate.priority > s.priority) {
          return Verdict::fail(d.agent + ": " + d.event + " carries " + cand::describe(s) + ", redundant with " +
                               cand::describe(g.candidate) +
                               " (same transport address and base) and of lower priority (4.1.3: eliminate it); " +
                               trace.where_record(*d.record));
        }
      }
    }
    ++judged;
    cand::append_part(summary, d.agent + " " + d.event + ": " + std::to_string(d.candidates.size()) + " candidates, " +
                                   std::to_string(gathered.size()) + " gathered (" + std::to_string(groups) +
                                   " after eliminating redundant ones)");
  }
  if (summary.empty()) return Verdict::not_applicable("no agent sent an offer or answer");
  if (judged == 0) return Verdict::not_applicable(summary);
  return Verdict::pass(summary);
}

}  // namespace

Check sdp_candidates_check() {
  return Check{"RFC5245-4.1.3-sdp-candidates", 5245, "4.1.3",
               "An offer or answer carries every candidate the agent gathered (peer-reflexive ones aside), once per "
               "group of redundant candidates (same transport address and base) as its highest-priority member, "
               "and nothing it did not gather.",
               judge_sdp_candidates};
}

}  // namespace natlab::reports::checks
