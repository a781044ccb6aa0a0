// RFC 5245 4.1.2.1 and 4.1.2.2: a candidate's priority is
//   (2^24)*(type preference) + (2^8)*(local preference) + (2^0)*(256 - component ID)
// with the RECOMMENDED type preferences 126 (host), 110 (peer-reflexive), 100
// (server-reflexive) and 0 (relayed), and "MUST be a positive integer between
// 1 and (2**31 - 1)". Judged on the candidates an agent gathered and on the
// ones it wrote into its offers and answers. The local preference is the
// agent's own choice (65535 when single-homed); the pass detail lists them.
#include <map>
#include <set>

#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

using cand::local_preference_of;
using cand::type_preference_of;

// What is wrong with a candidate's priority, or empty.
std::string priority_problem(const ice::Candidate& c) {
  if (c.priority == 0 || c.priority > 0x7FFFFFFFu) {
    return "priority " + std::to_string(c.priority) + " is outside 1..2^31-1";
  }
  if (c.component < 1 || c.component > 256) return "component " + std::to_string(c.component) + " is outside 1..256";
  const std::uint32_t want_type = ice::type_preference(c.type);
  if (type_preference_of(c.priority) != want_type) {
    return "type preference " + std::to_string(type_preference_of(c.priority)) + " (priority >> 24), but " +
           ice::to_string(c.type) + " candidates have the recommended " + std::to_string(want_type);
  }
  const std::uint32_t want_low = 256 - static_cast<std::uint32_t>(c.component);
  if ((c.priority & 0xFF) != (want_low & 0xFF)) {
    return "last byte " + std::to_string(c.priority & 0xFF) + ", but 256 - component ID is " + std::to_string(want_low);
  }
  return {};
}

std::string preferences(const std::set<std::uint32_t>& local_prefs) {
  std::string s;
  for (auto p : local_prefs) s += (s.empty() ? "" : ",") + std::to_string(p);
  return "local preference " + s;
}

Verdict judge_gathered(const TraceView& trace) {
  std::string summary;
  for (const AgentInfo& a : trace.agents()) {
    std::vector<const Json*> malformed;
    const auto gathered = cand::gathered_by(trace, a.name, &malformed);
    if (!malformed.empty()) {
      return Verdict::fail(a.name + ": a gathered candidate without a readable priority, component or type: " +
                           trace.where_record(*malformed.front()));
    }
    if (gathered.empty()) continue;
    std::map<std::string, int> by_type;
    std::set<std::uint32_t> local_prefs;
    for (const auto& g : gathered) {
      const std::string problem = priority_problem(g.candidate);
      if (!problem.empty()) {
        return Verdict::fail(a.name + ": gathered " + cand::describe(g.candidate) + ": " + problem + "; " +
                             trace.where_record(*g.record));
      }
      ++by_type[ice::to_string(g.candidate.type)];
      local_prefs.insert(local_preference_of(g.candidate.priority));
    }
    std::string types;
    for (const auto& [t, n] : by_type) types += (types.empty() ? "" : ", ") + t + " " + std::to_string(n);
    cand::append_part(summary, a.name + ": " + std::to_string(gathered.size()) + " candidates (" + types + "), " +
                                   preferences(local_prefs));
  }
  if (summary.empty()) return Verdict::not_applicable("no agent gathered a candidate");
  return Verdict::pass(summary);
}

Verdict judge_signalled(const TraceView& trace) {
  std::string summary;
  for (const auto& d : cand::descriptions(trace, true)) {
    if (!d.bad_lines.empty()) {
      return Verdict::fail(d.agent + ": " + d.event + " has a candidate line that does not parse (RFC 5245 15.1): \"" +
                           d.bad_lines.front() + "\"; " + trace.where_record(*d.record));
    }
    std::set<std::uint32_t> local_prefs;
    for (const auto& c : d.candidates) {
      const std::string problem = priority_problem(c);
      if (!problem.empty()) {
        return Verdict::fail(d.agent + ": " + d.event + " carries " + cand::describe(c) + ": " + problem + "; " +
                             trace.where_record(*d.record));
      }
      local_prefs.insert(local_preference_of(c.priority));
    }
    std::string part = d.agent + " " + d.event + ": " + std::to_string(d.candidates.size()) + " candidates";
    if (!local_prefs.empty()) part += ", " + preferences(local_prefs);
    cand::append_part(summary, part);
  }
  if (summary.empty()) return Verdict::not_applicable("no agent sent an offer or answer");
  return Verdict::pass(summary);
}

}  // namespace

Check candidate_priority_check() {
  return Check{"RFC5245-4.1.2.1-candidate-priority", 5245, "4.1.2.1",
               "Every candidate an agent gathers has priority 2^24*type preference + 2^8*local preference + "
               "(256 - component ID), between 1 and 2^31-1, with the recommended type preferences (host 126, "
               "peer-reflexive 110, server-reflexive 100, relayed 0).",
               judge_gathered};
}

Check sdp_candidate_priority_check() {
  return Check{"RFC5245-4.1.2.1-sdp-candidate-priority", 5245, "4.1.2.1",
               "Every a=candidate line of an offer or answer parses and its priority is 2^24*type preference + "
               "2^8*local preference + (256 - component ID), between 1 and 2^31-1, with the recommended type "
               "preferences (host 126, peer-reflexive 110, server-reflexive 100, relayed 0).",
               judge_signalled};
}

}  // namespace natlab::reports::checks
