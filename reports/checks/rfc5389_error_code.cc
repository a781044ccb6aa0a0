// RFC 5389 7.3.1.1: "For an error response, the server MUST add an
// ERROR-CODE attribute". 15.6: "The Class represents the hundreds digit of
// the error code. The value MUST be between 3 and 6. The Number represents
// the error code modulo 100, and its value MUST be between 0 and 99."
//
// The codec refuses an ERROR-CODE outside those ranges, so such a response is
// among the trace's malformed payloads; its bytes are read here.
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

// RFC 5389 6, figure 3: class bits C1 (0x0100) and C0 (0x0010) of the type.
bool error_class(std::uint16_t type) { return (type & 0x0110) == 0x0110; }

// What is wrong with a raw ERROR-CODE value; empty when nothing.
std::string bad_error_code(std::span<const std::uint8_t> v) {
  if (v.size() < 4) return "ERROR-CODE of " + std::to_string(v.size()) + " bytes, shorter than class and number";
  const int cls = v[2] & 0x07, number = v[3];
  if (cls < 3 || cls > 6) return "ERROR-CODE class " + std::to_string(cls) + " outside 3-6";
  if (number > 99) return "ERROR-CODE number " + std::to_string(number) + " outside 0-99";
  return {};
}

Verdict judge_error_code(const TraceView& trace) {
  std::size_t judged = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (m.message.cls != stun::Class::Error || !original_send(trace, m)) continue;
    ++judged;
    const stun::RawAttribute* ec = m.message.find(stun::attr::ErrorCode);
    if (!ec) return Verdict::fail("error response without ERROR-CODE: " + trace.where(m));
    if (std::string why = bad_error_code(ec->value); !why.empty()) return Verdict::fail(why + ": " + trace.where(m));
  }
  for (const Malformed& bad : trace.malformed()) {
    if (bad.error.rfind("STUN", 0) != 0) continue;
    const RawStun raw = walk(bad.bytes);
    if (!raw.header || !error_class(raw.type)) continue;
    ++judged;
    const RawAttribute* ec = nullptr;
    for (const RawAttribute& a : raw.attributes)
      if (a.type == stun::attr::ErrorCode && !ec) ec = &a;
    if (!ec) return Verdict::fail("error response without ERROR-CODE: " + trace.where(*bad.packet));
    if (std::string why = bad_error_code(ec->value); !why.empty()) {
      return Verdict::fail(why + ": " + trace.where(*bad.packet));
    }
  }
  if (judged == 0) return Verdict::not_applicable("no STUN error response was sent");
  return Verdict::pass(plural(judged, "error response", "error responses") +
                       ", each with ERROR-CODE class 3-6 and number 0-99");
}

}  // namespace

Check error_code_check() {
  return Check{"RFC5389-15.6-error-code", 5389, "15.6",
               "Every error response carries an ERROR-CODE whose class is 3 to 6 and whose number is 0 to 99.",
               judge_error_code};
}

}  // namespace natlab::reports::checks
