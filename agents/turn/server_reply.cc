// TurnServer: building and queueing responses.
#include <utility>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/turn/server.h"

namespace natlab::turn {

using namespace natlab::stun;

namespace {

const char* reason_phrase(int code) {
  switch (code) {
    case 400: return "Bad Request";                     // RFC 5389 15.6
    case 401: return "Unauthorized";                    // RFC 5389 15.6
    case 403: return "Forbidden";                       // RFC 5766 15
    case 420: return "Unknown Attribute";               // RFC 5389 15.6
    case 437: return "Allocation Mismatch";             // RFC 5766 15
    case 438: return "Stale Nonce";                     // RFC 5389 15.6
    case 440: return "Address Family not Supported";    // RFC 6156 10.2
    case 441: return "Wrong Credentials";               // RFC 5766 15
    case 442: return "Unsupported Transport Protocol";  // RFC 5766 15
    case 486: return "Allocation Quota Reached";        // RFC 5766 15
    case 508: return "Insufficient Capacity";           // RFC 5766 15
  }
  return "Error";
}

}  // namespace

Message TurnServer::reply(const Request& r, Class cls) const {
  Message m;
  m.cls = cls;
  m.method = r.msg.method;
  m.transaction_id = r.msg.transaction_id;
  return m;
}

std::vector<std::uint8_t> TurnServer::respond(const Request& r, Message m, const IntegrityKey* key) {
  // RFC 5389 15.10: SOFTWARE SHOULD be in responses.
  if (!config_.software.empty()) m.add(Software{config_.software});
  EncodeOptions opts;
  // RFC 5389 10.2.2: once a request is authenticated, every response to it
  // carries MESSAGE-INTEGRITY with the same key.
  if (key) opts.integrity = *key;
  opts.fingerprint = config_.fingerprint;
  auto bytes = encode(m, opts);
  if (m.cls == Class::Success) {
    ++counters_.success_responses;
  } else if (auto ec = m.get<ErrorCode>()) {
    ++counters_.error_responses[ec->code];
  }
  // RFC 5766 4: responses go back on the 5-tuple the request came on.
  to_client(r.tuple(), bytes);
  return bytes;
}

void TurnServer::reject(const Request& r, int code, const IntegrityKey* key,
                        std::vector<std::uint16_t> unknown) {
  Message m = reply(r, Class::Error);
  m.add(ErrorCode{code, reason_phrase(code)});
  // RFC 5389 7.3.1: a 420 "MUST contain an UNKNOWN-ATTRIBUTES attribute".
  if (code == 420) m.add(UnknownAttributes{std::move(unknown)});
  respond(r, std::move(m), key);
}

void TurnServer::challenge(const Request& r, int code) {
  // RFC 5389 10.2.2: 401 and 438 carry REALM and a fresh NONCE, and no
  // MESSAGE-INTEGRITY (the server has no key it could use).
  Message m = reply(r, Class::Error);
  m.add(ErrorCode{code, reason_phrase(code)});
  m.add(Realm{config_.realm});
  m.add(Nonce{nonces_.issue(r.now, rng_)});
  respond(r, std::move(m), nullptr);
}

void TurnServer::answer_binding(const Request& r) {
  // RFC 5389 7.3.1: unknown comprehension-required attributes -> 420.
  if (auto unknown = unknown_required(r.msg); !unknown.empty()) {
    reject(r, 420, nullptr, std::move(unknown));
    return;
  }
  // A plain STUN server on the TURN port (RFC 5766 4 lets TURN and STUN
  // share it): no credentials needed for Binding.
  Message m = reply(r, Class::Success);
  m.add(XorMappedAddress{r.remote});
  respond(r, std::move(m), nullptr);
}

}  // namespace natlab::turn
