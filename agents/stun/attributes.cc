// Fixed-size and opaque attributes (RFC 5766 14, RFC 5245 19.1, RFC 5780 7), and
// the per-type validation decode() applies.
#include "agents/stun/attributes.h"

#include "agents/stun/attribute_codec.h"
#include "agents/stun/byte_io.h"

namespace natlab::stun {

using detail::append_u16;
using detail::append_u32;
using detail::append_u64;
using detail::load_u16;
using detail::load_u32;
using detail::load_u64;

namespace {
std::vector<std::uint8_t> u32_value(std::uint32_t x) {
  std::vector<std::uint8_t> out;
  append_u32(out, x);
  return out;
}
std::vector<std::uint8_t> u64_value(std::uint64_t x) {
  std::vector<std::uint8_t> out;
  append_u64(out, x);
  return out;
}
}  // namespace

// RFC 5766 14.1: 16-bit number, then 16 bits RFFU (sent as 0, ignored).
std::vector<std::uint8_t> ChannelNumber::encode_value(const TransactionId&) const {
  std::vector<std::uint8_t> out;
  append_u16(out, number);
  append_u16(out, 0);
  return out;
}
std::optional<ChannelNumber> ChannelNumber::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (v.size() != 4) return std::nullopt;
  return ChannelNumber{load_u16(v.data())};
}

std::vector<std::uint8_t> Lifetime::encode_value(const TransactionId&) const { return u32_value(seconds); }
std::optional<Lifetime> Lifetime::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (v.size() != 4) return std::nullopt;  // RFC 5766 14.2
  return Lifetime{load_u32(v.data())};
}

std::vector<std::uint8_t> DataAttr::encode_value(const TransactionId&) const { return bytes; }
std::optional<DataAttr> DataAttr::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  return DataAttr{{v.begin(), v.end()}};
}

// RFC 5766 14.6: one byte, R in the top bit, 7 bits RFFU.
std::vector<std::uint8_t> EvenPort::encode_value(const TransactionId&) const {
  return {static_cast<std::uint8_t>(reserve_next ? 0x80 : 0x00)};
}
std::optional<EvenPort> EvenPort::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (v.size() != 1) return std::nullopt;
  return EvenPort{(v[0] & 0x80) != 0};
}

// RFC 5766 14.7: protocol number, then 24 bits RFFU.
std::vector<std::uint8_t> RequestedTransport::encode_value(const TransactionId&) const {
  return {protocol, 0, 0, 0};
}
std::optional<RequestedTransport> RequestedTransport::decode_value(std::span<const std::uint8_t> v,
                                                                   const TransactionId&) {
  if (v.size() != 4) return std::nullopt;
  return RequestedTransport{v[0]};
}

std::vector<std::uint8_t> DontFragment::encode_value(const TransactionId&) const { return {}; }
std::optional<DontFragment> DontFragment::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (!v.empty()) return std::nullopt;  // RFC 5766 14.8: no value part
  return DontFragment{};
}

std::vector<std::uint8_t> ReservationToken::encode_value(const TransactionId&) const {
  return {token.begin(), token.end()};
}
std::optional<ReservationToken> ReservationToken::decode_value(std::span<const std::uint8_t> v,
                                                               const TransactionId&) {
  if (v.size() != 8) return std::nullopt;  // RFC 5766 14.9
  ReservationToken r;
  std::copy(v.begin(), v.end(), r.token.begin());
  return r;
}

std::vector<std::uint8_t> Priority::encode_value(const TransactionId&) const { return u32_value(value); }
std::optional<Priority> Priority::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (v.size() != 4) return std::nullopt;  // RFC 5245 19.1
  return Priority{load_u32(v.data())};
}

std::vector<std::uint8_t> UseCandidate::encode_value(const TransactionId&) const { return {}; }
std::optional<UseCandidate> UseCandidate::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (!v.empty()) return std::nullopt;  // RFC 5245 19.1: no content
  return UseCandidate{};
}

std::vector<std::uint8_t> IceControlled::encode_value(const TransactionId&) const { return u64_value(tie_breaker); }
std::optional<IceControlled> IceControlled::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (v.size() != 8) return std::nullopt;  // RFC 5245 19.1: 64-bit tie-breaker
  return IceControlled{load_u64(v.data())};
}

std::vector<std::uint8_t> IceControlling::encode_value(const TransactionId&) const {
  return u64_value(tie_breaker);
}
std::optional<IceControlling> IceControlling::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (v.size() != 8) return std::nullopt;
  return IceControlling{load_u64(v.data())};
}

// RFC 5780 7.2: 32 bits, flag A (change IP) 0x4, flag B (change port) 0x2; the
// other bits are ignored.
std::vector<std::uint8_t> ChangeRequest::encode_value(const TransactionId&) const {
  return u32_value((change_ip ? 0x4u : 0u) | (change_port ? 0x2u : 0u));
}
std::optional<ChangeRequest> ChangeRequest::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (v.size() != 4) return std::nullopt;
  return ChangeRequest{(v[3] & 0x4) != 0, (v[3] & 0x2) != 0};
}

std::vector<std::uint8_t> Padding::encode_value(const TransactionId&) const { return bytes; }
std::optional<Padding> Padding::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  return Padding{{v.begin(), v.end()}};  // RFC 5780 7.6: free-form
}

// RFC 5780 7.5: 16-bit port followed by 2 bytes of padding.
std::vector<std::uint8_t> ResponsePort::encode_value(const TransactionId&) const {
  std::vector<std::uint8_t> out;
  append_u16(out, port);
  append_u16(out, 0);
  return out;
}
std::optional<ResponsePort> ResponsePort::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (v.size() != 4) return std::nullopt;
  return ResponsePort{load_u16(v.data())};
}

bool attribute_value_valid(std::uint16_t type, std::span<const std::uint8_t> v, const TransactionId& tid) {
  switch (type) {
    case attr::MappedAddress:
    case attr::XorMappedAddress:
    case attr::XorPeerAddress:
    case attr::XorRelayedAddress:
    case attr::AlternateServer:
    case attr::ResponseOrigin:
    case attr::OtherAddress:
      return detail::address_valid(v);
    case attr::Username: return detail::text_valid(v, detail::kMaxUsernameBytes, detail::kMaxUsernameBytes);
    case attr::Realm:
    case attr::Nonce:
    case attr::Software: return detail::text_valid(v, detail::kMaxTextBytes, detail::kMaxTextChars);
    case attr::ErrorCode: return detail::error_code_valid(v);
    case attr::UnknownAttributes: return v.size() % 2 == 0;
    case attr::MessageIntegrity: return v.size() == 20;  // RFC 5389 15.4: HMAC-SHA1, 20 bytes
    case attr::Fingerprint: return v.size() == 4;        // RFC 5389 15.5: 32 bits
    case attr::ChannelNumber: return ChannelNumber::decode_value(v, tid).has_value();
    case attr::Lifetime: return Lifetime::decode_value(v, tid).has_value();
    case attr::Data: return true;
    case attr::EvenPort: return EvenPort::decode_value(v, tid).has_value();
    case attr::RequestedTransport: return RequestedTransport::decode_value(v, tid).has_value();
    case attr::DontFragment: return v.empty();
    case attr::ReservationToken: return v.size() == 8;
    case attr::Priority: return Priority::decode_value(v, tid).has_value();
    case attr::UseCandidate: return v.empty();
    case attr::IceControlled: return v.size() == 8;
    case attr::IceControlling: return v.size() == 8;
    case attr::ChangeRequest: return ChangeRequest::decode_value(v, tid).has_value();
    case attr::Padding: return true;
    case attr::ResponsePort: return ResponsePort::decode_value(v, tid).has_value();
    default: return true;  // unknown: kept raw
  }
}

}  // namespace natlab::stun
