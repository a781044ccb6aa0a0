// RFC 5389 6 and 15: every STUN message on the wire has a valid header
// (first two bits zero, magic cookie, length a multiple of 4 that matches
// the body) and attributes that tile the body, each padded to 4 bytes, with
// well-formed values.
//
// FINGERPRINT placement and ERROR-CODE values are judged by their own checks
// (RFC5389-15.5-fingerprint, RFC5389-15.6-error-code), and ChannelData
// framing belongs to RFC 5766, so none of them fails this one.
#include <algorithm>

#include "agents/stun/attributes.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

bool is_channel_data(const Malformed& m) { return m.error.rfind("ChannelData", 0) == 0; }

// The first attribute whose value the codec rejects, other than the ones
// other checks own; empty when there is none.
std::string bad_value(const RawStun& raw, std::span<const std::uint8_t> bytes) {
  stun::TransactionId tid{};
  std::copy(bytes.begin() + 8, bytes.begin() + 20, tid.begin());
  for (const RawAttribute& a : raw.attributes) {
    if (a.type == stun::attr::ErrorCode || a.type == stun::attr::Fingerprint) continue;
    if (!stun::attribute_value_valid(a.type, a.value, tid)) {
      return stun::attribute_name(a.type) + " has a malformed value (" + std::to_string(a.value.size()) + " bytes)";
    }
  }
  return {};
}

Verdict judge_well_formed(const TraceView& trace) {
  std::size_t sent = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (!original_send(trace, m)) continue;
    ++sent;
    // decode() accepted it; the walk re-reads the framing from the bytes.
    const RawStun raw = walk(m.bytes);
    if (!raw.framing_error.empty()) return Verdict::fail(raw.framing_error + ": " + trace.where(m));
  }
  std::size_t rejected = 0;
  for (const Malformed& bad : trace.malformed()) {
    if (is_channel_data(bad)) continue;
    const RawStun raw = walk(bad.bytes);
    if (!raw.framing_error.empty()) return Verdict::fail("malformed STUN message, " + raw.framing_error + ": " + trace.where(*bad.packet));
    if (std::string why = bad_value(raw, bad.bytes); !why.empty()) {
      return Verdict::fail("malformed STUN message, " + why + ": " + trace.where(*bad.packet));
    }
    ++rejected;  // framing fine; a placement rule other checks judge
  }
  if (sent == 0 && rejected == 0) return Verdict::not_applicable("no STUN message on the wire");
  std::string detail = plural(sent, "STUN message", "STUN messages") + " sent, header and attributes well-formed";
  if (rejected) {
    detail += "; " + plural(rejected, "other", "others") +
              " framed correctly with attributes after MESSAGE-INTEGRITY or FINGERPRINT (placement judged by "
              "RFC5389-15.5-fingerprint)";
  }
  return Verdict::pass(detail);
}

}  // namespace

Check well_formed_check() {
  return Check{"RFC5389-6-well-formed", 5389, "6",
               "Every STUN message starts with two zero bits and the magic cookie 0x2112A442, its header length is a "
               "multiple of 4 equal to the bytes after the header, and its attributes, each padded to 4 bytes and "
               "with a well-formed value, fill exactly that length.",
               judge_well_formed};
}

}  // namespace natlab::reports::checks
