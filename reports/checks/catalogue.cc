#include <algorithm>
#include <stdexcept>

#include "reports/checks/check.h"

namespace natlab::reports::checks {

const char* to_string(Status s) {
  switch (s) {
    case Status::Pass: return "pass";
    case Status::Fail: return "fail";
    case Status::NotApplicable: return "not-applicable";
  }
  return "not-applicable";
}

namespace {
std::vector<Check> build() {
  std::vector<Check> all;
  for (auto family : {rfc5389_checks, rfc5245_candidate_checks, rfc5245_session_checks, rfc5766_checks, rfc4787_checks}) {
    for (auto& c : family()) all.push_back(std::move(c));
  }
  std::sort(all.begin(), all.end(), [](const Check& a, const Check& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < all.size(); ++i) {
    if (all[i].id == all[i - 1].id) throw std::logic_error("duplicate conformance check id " + all[i].id);
  }
  return all;
}
}  // namespace

const std::vector<Check>& catalogue() {
  static const std::vector<Check> all = build();
  return all;
}

const Check* find_check(const std::string& id) {
  const auto& all = catalogue();
  auto it = std::lower_bound(all.begin(), all.end(), id, [](const Check& c, const std::string& v) { return c.id < v; });
  return it != all.end() && it->id == id ? &*it : nullptr;
}

}  // namespace natlab::reports::checks
