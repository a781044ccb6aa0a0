// Both ends agree on the pair (RFC 5245 8.1.1, 8.1.2, 11.1). Each agent
// sends media on its selected pair: "the highest-priority nominated pair for
// that component in the valid list". Pair priorities are the same at both
// ends (5.7.2 computes them from the controlling and controlled candidate
// priorities whichever side does it), so when each agent's selected pair is
// also nominated at the other end, both picked from the same nominated pairs
// and their selections must be one path seen from either end: A's local
// candidate is B's remote one and vice versa.
//
// The two ends may nominate different pairs, and then select different
// ones, without breaking any rule: with aggressive nomination a USE-CANDIDATE
// check can succeed for the controlling agent while the controlled agent's
// own check on that pair is lost (7.2.1.5 nominates only once that check
// succeeds); with regular nomination the controlled agent keeps a nomination
// whose response the controlling agent never got. Such runs are counted, not
// judged.
#include <algorithm>

#include "reports/checks/rfc5245_sess_checks.h"
#include "reports/checks/rfc5245_sess_model.h"

namespace natlab::reports::checks {
namespace {

using sess::Party;
using sess::SessionModel;

// The last selected-pair event of a party for a component.
const Json* last_selected(const SessionModel& m, const Party& p, int component) {
  const Json* last = nullptr;
  for (const Json* e : m.events(p, "selected-pair"))
    if (e->value("component", 0) == component && e->contains("local") && e->contains("remote")) last = e;
  return last;
}

std::string address(const Json& e, const char* side) { return sess::str_field(e[side], "address"); }

// Bases of a party's local candidates at `address`: from its gathered
// candidates (peer-reflexive ones included) and from its SDP.
std::vector<std::string> bases_of(const SessionModel& m, const Party& p, const std::string& address) {
  std::vector<std::string> out;
  for (const Json* e : m.events(p, "candidate-gathered")) {
    if (!e->contains("candidate")) continue;
    const Json& c = (*e)["candidate"];
    if (sess::str_field(c, "address") == address) out.push_back(sess::str_field(c, "base"));
  }
  if (p.sdp) {
    for (const auto& c : p.sdp->candidates) {
      if (c.address.to_string() != address) continue;
      // RFC 5245 15.1: a server-reflexive candidate's related address is its base.
      const bool own = c.type == ice::CandidateType::Host || c.type == ice::CandidateType::Relayed;
      if (own) out.push_back(c.address.to_string());
      else if (c.related) out.push_back(c.related->to_string());
    }
  }
  return out;
}

// Whether `p` nominated the pair from its candidate at `local` to `remote`
// (nominated events name the local candidate by its base).
bool nominated(const SessionModel& m, const Party& p, int component, const std::string& local, const std::string& remote) {
  const auto bases = bases_of(m, p, local);
  for (const Json* e : m.events(p, "nominated")) {
    if (e->value("component", 0) != component || sess::str_field(*e, "remote") != remote) continue;
    if (std::find(bases.begin(), bases.end(), sess::str_field(*e, "local")) != bases.end()) return true;
  }
  return false;
}

Verdict judge_selected_pairs(const TraceView& trace) {
  SessionModel m(trace);
  int agreed = 0, one_sided = 0, diverged = 0;
  for (const auto& s : trace.scenario().sessions) {
    const Party* a = m.party(s.name, s.controlling);
    const Party* b = m.party(s.name, s.controlled);
    if (!a || !b) continue;
    for (int component = 1; component <= std::min(a->components, b->components); ++component) {
      const Json* ea = last_selected(m, *a, component);
      const Json* eb = last_selected(m, *b, component);
      if (!ea && !eb) continue;
      if (!ea || !eb) {
        ++one_sided;
        continue;
      }
      const std::string al = address(*ea, "local"), ar = address(*ea, "remote");
      const std::string bl = address(*eb, "local"), br = address(*eb, "remote");
      if (al == br && ar == bl) {
        ++agreed;
        continue;
      }
      if (!nominated(m, *b, component, ar, al) || !nominated(m, *a, component, br, bl)) {
        ++diverged;  // the two ends nominated different pairs
        continue;
      }
      return Verdict::fail("session " + s.name + " component " + std::to_string(component) + ": " + a->agent +
                           " selected " + al + " -> " + ar + " but " + b->agent + " selected " + bl + " -> " + br +
                           ", although each of these pairs is nominated at both ends: " + trace.where_record(*ea) +
                           "; " + trace.where_record(*eb));
    }
  }
  if (agreed == 0) {
    if (diverged) return Verdict::not_applicable("the two ends of each session nominated different pairs");
    return Verdict::not_applicable(one_sided ? "only one agent of each session selected a pair"
                                             : "no agent selected a pair");
  }
  std::string d = std::to_string(agreed) + " components whose two selected pairs are the same path, mirrored";
  if (one_sided) d += "; " + std::to_string(one_sided) + " selected at one end only";
  if (diverged) d += "; " + std::to_string(diverged) + " where the ends nominated different pairs";
  return Verdict::pass(d);
}

}  // namespace

Check selected_pairs_check() {
  return Check{"RFC5245-11.1-selected-pairs-agree", 5245, "11.1",
               "When each agent's selected pair for a component is nominated at both ends, the two agents have "
               "selected the same path: each one's local candidate address is the other's remote candidate address.",
               judge_selected_pairs};
}

}  // namespace natlab::reports::checks
