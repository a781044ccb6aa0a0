// RFC 5245 15.4: every offer and answer carries the agent's short-term
// credentials,
//   ice-pwd-att   = "ice-pwd" ":" password
//   ice-ufrag-att = "ice-ufrag" ":" ufrag
//   password      = 22*256ice-char
//   ufrag         = 4*256ice-char
// (ice-char = ALPHA / DIGIT / "+" / "/", 15.1): at least 24 bits of
// randomness in the ufrag and 128 in the password. The peer needs them
// to form and authenticate its checks (7.1.2.3).
#include "agents/ice/credentials.h"
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

// What is wrong with one credential, or empty.
std::string problem(const char* name, const std::optional<std::string>& value, std::size_t min_len) {
  if (!value) return std::string("no a=") + name + " line";
  if (value->size() < min_len || value->size() > ice::kCredentialMaxLength) {
    return std::string(name) + " \"" + *value + "\" has " + std::to_string(value->size()) + " characters, not " +
           std::to_string(min_len) + " to " + std::to_string(ice::kCredentialMaxLength);
  }
  if (!ice::is_ice_string(*value, min_len, ice::kCredentialMaxLength)) {
    return std::string(name) + " \"" + *value + "\" has a character outside ALPHA / DIGIT / \"+\" / \"/\"";
  }
  return {};
}

Verdict judge_credentials(const TraceView& trace) {
  std::string summary;
  for (const auto& d : cand::descriptions(trace, true)) {
    for (const std::string& p : {problem("ice-ufrag", d.ufrag, ice::kUfragMinLength),
                                 problem("ice-pwd", d.pwd, ice::kPasswordMinLength)}) {
      if (!p.empty()) return Verdict::fail(d.agent + ": " + d.event + ": " + p + "; " + trace.where_record(*d.record));
    }
    cand::append_part(summary, d.agent + " " + d.event + ": ufrag " + std::to_string(d.ufrag->size()) +
                                   " characters, pwd " + std::to_string(d.pwd->size()));
  }
  if (summary.empty()) return Verdict::not_applicable("no agent sent an offer or answer");
  return Verdict::pass(summary);
}

}  // namespace

Check credentials_check() {
  return Check{"RFC5245-15.4-credentials", 5245, "15.4",
               "Every offer and answer carries a=ice-ufrag with 4 to 256 ice-chars and a=ice-pwd with 22 to 256 "
               "ice-chars (ALPHA / DIGIT / \"+\" / \"/\").",
               judge_credentials};
}

}  // namespace natlab::reports::checks
