#pragma once
// One conformance check: an RFC requirement, stated in a sentence, and a
// function that judges a run's trace against it. Checks read only the trace
// (what went over the wires, what the NATs decided, what the agents said and
// signalled) and the scenario that configured the run.
#include <functional>
#include <string>
#include <vector>

#include "reports/checks/trace_view.h"

namespace natlab::reports::checks {

enum class Status { Pass, Fail, NotApplicable };
const char* to_string(Status s);  // "pass", "fail", "not-applicable"

struct Verdict {
  Status status = Status::NotApplicable;
  // pass: what was judged ("A: 14 checks, min interval 20.0 ms >= Ta 20 ms");
  // fail: the first offending packet or event, located with TraceView::where();
  // not-applicable: why nothing in this run is subject to the requirement.
  std::string detail;

  static Verdict pass(std::string detail) { return {Status::Pass, std::move(detail)}; }
  static Verdict fail(std::string detail) { return {Status::Fail, std::move(detail)}; }
  static Verdict not_applicable(std::string detail) { return {Status::NotApplicable, std::move(detail)}; }
};

struct Check {
  std::string id;           // RFC<nnnn>-<section>-<slug>, e.g. RFC5245-16-pacing
  int rfc = 0;              // 5245
  std::string section;      // "16"
  std::string requirement;  // one sentence, the RFC's MUST in plain words
  std::function<Verdict(const TraceView&)> judge;
};

// Every check natlab knows, sorted by id. Ids are unique and stable: users
// name them in `expect: - conformance: [...]`.
const std::vector<Check>& catalogue();
const Check* find_check(const std::string& id);

// The families; catalogue() joins them. Each lives in its own files.
std::vector<Check> rfc5389_checks();            // STUN messages and transactions
std::vector<Check> rfc5245_candidate_checks();  // candidates, pairs, pacing
std::vector<Check> rfc5245_session_checks();    // check contents, roles, nomination, keepalives
std::vector<Check> rfc5766_checks();            // TURN
std::vector<Check> rfc4787_checks();            // the NAT models themselves

}  // namespace natlab::reports::checks
