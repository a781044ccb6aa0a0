// RFC 5389 15.5: "The value of the attribute is computed as the CRC-32 of
// the STUN message up to (but excluding) the FINGERPRINT attribute itself,
// XOR'ed with the 32-bit value 0x5354554e ... When present, the FINGERPRINT
// attribute MUST be the last attribute in the message".
//
// The codec refuses a message with anything after FINGERPRINT, so such a
// message is among the trace's malformed payloads; its bytes are walked here.
#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

bool has_fingerprint(const RawStun& raw) {
  for (const RawAttribute& a : raw.attributes)
    if (a.type == stun::attr::Fingerprint) return true;
  return false;
}

Verdict judge_fingerprint(const TraceView& trace) {
  std::size_t judged = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (!original_send(trace, m) || m.message.find(stun::attr::Fingerprint) == nullptr) continue;
    ++judged;
    if (stun::check_fingerprint(m.bytes) != stun::FingerprintCheck::Valid) {
      // MS-ICE2 3.1.4.8.2's table is still not RFC 5389's; say so.
      const bool alternate = stun::verify_fingerprint(m.bytes).match == stun::FingerprintMatch::Alternate;
      return Verdict::fail(std::string("FINGERPRINT does not match the CRC-32 of the message XOR 0x5354554E") +
                           (alternate ? " (it matches MS-ICE2 3.1.4.8.2's alternate CRC table)" : "") + ": " +
                           trace.where(m));
    }
  }
  for (const Malformed& bad : trace.malformed()) {
    if (bad.error.rfind("STUN", 0) != 0) continue;  // ChannelData framing is RFC 5766's
    const RawStun raw = walk(bad.bytes);
    if (!has_fingerprint(raw)) continue;
    ++judged;
    if (raw.attributes.back().type != stun::attr::Fingerprint) {
      return Verdict::fail("FINGERPRINT is followed by " + stun::attribute_name(raw.attributes.back().type) +
                           ", but must be the last attribute: " + trace.where(*bad.packet));
    }
    if (stun::check_fingerprint(bad.bytes) != stun::FingerprintCheck::Valid) {
      return Verdict::fail("FINGERPRINT does not match the CRC-32 of the message XOR 0x5354554E: " +
                           trace.where(*bad.packet));
    }
  }
  if (judged == 0) return Verdict::not_applicable("no STUN message carried FINGERPRINT");
  return Verdict::pass(plural(judged, "message", "messages") + " with FINGERPRINT, each valid and last");
}

}  // namespace

Check fingerprint_check() {
  return Check{"RFC5389-15.5-fingerprint", 5389, "15.5",
               "A FINGERPRINT attribute, where present, is the last attribute and holds the CRC-32 of the message "
               "before it XOR 0x5354554E.",
               judge_fingerprint};
}

}  // namespace natlab::reports::checks
