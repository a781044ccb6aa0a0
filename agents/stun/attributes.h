#pragma once
// Typed views of every attribute natlab knows (RFC 5389, 5766, 5245, 5780).
// Each has kType, encode_value(tid) and static decode_value(bytes, tid), which
// returns nullopt when the value is malformed. tid is needed by the XOR-ed
// address attributes only.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agents/stun/message.h"
#include "common/ip.h"

namespace natlab::stun {

namespace attr {
// RFC 5389 18.2
constexpr std::uint16_t MappedAddress = 0x0001;
constexpr std::uint16_t Username = 0x0006;
constexpr std::uint16_t MessageIntegrity = 0x0008;
constexpr std::uint16_t ErrorCode = 0x0009;
constexpr std::uint16_t UnknownAttributes = 0x000A;
constexpr std::uint16_t Realm = 0x0014;
constexpr std::uint16_t Nonce = 0x0015;
constexpr std::uint16_t XorMappedAddress = 0x0020;
constexpr std::uint16_t Software = 0x8022;
constexpr std::uint16_t AlternateServer = 0x8023;
constexpr std::uint16_t Fingerprint = 0x8028;
// RFC 5766 14
constexpr std::uint16_t ChannelNumber = 0x000C;
constexpr std::uint16_t Lifetime = 0x000D;
constexpr std::uint16_t XorPeerAddress = 0x0012;
constexpr std::uint16_t Data = 0x0013;
constexpr std::uint16_t XorRelayedAddress = 0x0016;
constexpr std::uint16_t EvenPort = 0x0018;
constexpr std::uint16_t RequestedTransport = 0x0019;
constexpr std::uint16_t DontFragment = 0x001A;
constexpr std::uint16_t ReservationToken = 0x0022;
// RFC 5245 19.1
constexpr std::uint16_t Priority = 0x0024;
constexpr std::uint16_t UseCandidate = 0x0025;
constexpr std::uint16_t IceControlled = 0x8029;
constexpr std::uint16_t IceControlling = 0x802A;
// RFC 5780 7
constexpr std::uint16_t ChangeRequest = 0x0003;
constexpr std::uint16_t Padding = 0x0026;
constexpr std::uint16_t ResponsePort = 0x0027;
constexpr std::uint16_t ResponseOrigin = 0x802B;
constexpr std::uint16_t OtherAddress = 0x802C;
}  // namespace attr

// True for every attribute type listed above.
bool is_known_attribute(std::uint16_t type);
// Human name ("XOR-MAPPED-ADDRESS"), or "0xNNNN" for unknown types.
std::string attribute_name(std::uint16_t type);

#define NATLAB_STUN_ATTR_API(Name)                                                \
  static constexpr std::uint16_t kType = attr::Name;                              \
  std::vector<std::uint8_t> encode_value(const TransactionId& tid) const;         \
  static std::optional<Name> decode_value(std::span<const std::uint8_t> v,        \
                                          const TransactionId& tid);              \
  bool operator==(const Name&) const = default;

// Address attributes (RFC 5389 15.1, 15.2): family 1 = IPv4, 2 = IPv6.
struct MappedAddress { Endpoint endpoint; NATLAB_STUN_ATTR_API(MappedAddress) };
struct XorMappedAddress { Endpoint endpoint; NATLAB_STUN_ATTR_API(XorMappedAddress) };
struct XorPeerAddress { Endpoint endpoint; NATLAB_STUN_ATTR_API(XorPeerAddress) };
struct XorRelayedAddress { Endpoint endpoint; NATLAB_STUN_ATTR_API(XorRelayedAddress) };
struct AlternateServer { Endpoint endpoint; NATLAB_STUN_ATTR_API(AlternateServer) };
struct ResponseOrigin { Endpoint endpoint; NATLAB_STUN_ATTR_API(ResponseOrigin) };
struct OtherAddress { Endpoint endpoint; NATLAB_STUN_ATTR_API(OtherAddress) };

// Text attributes; the RFC limits (USERNAME < 513 bytes, REALM/NONCE/SOFTWARE
// < 128 characters / 763 bytes) are enforced on decode.
struct Username { std::string value; NATLAB_STUN_ATTR_API(Username) };
struct Realm { std::string value; NATLAB_STUN_ATTR_API(Realm) };
struct Nonce { std::string value; NATLAB_STUN_ATTR_API(Nonce) };
struct Software { std::string value; NATLAB_STUN_ATTR_API(Software) };

// RFC 5389 15.6: class 3-6 (hundreds), number 0-99; reason UTF-8 < 128 chars.
struct ErrorCode {
  int code = 0;  // 300-699
  std::string reason;
  NATLAB_STUN_ATTR_API(ErrorCode)
};
struct UnknownAttributes { std::vector<std::uint16_t> types; NATLAB_STUN_ATTR_API(UnknownAttributes) };

// RFC 5766
struct ChannelNumber { std::uint16_t number = 0; NATLAB_STUN_ATTR_API(ChannelNumber) };
struct Lifetime { std::uint32_t seconds = 0; NATLAB_STUN_ATTR_API(Lifetime) };
struct DataAttr { std::vector<std::uint8_t> bytes; static constexpr std::uint16_t kType = attr::Data;
  std::vector<std::uint8_t> encode_value(const TransactionId& tid) const;
  static std::optional<DataAttr> decode_value(std::span<const std::uint8_t> v, const TransactionId& tid);
  bool operator==(const DataAttr&) const = default; };
struct EvenPort { bool reserve_next = false; NATLAB_STUN_ATTR_API(EvenPort) };
struct RequestedTransport { std::uint8_t protocol = 17; NATLAB_STUN_ATTR_API(RequestedTransport) };
struct DontFragment { NATLAB_STUN_ATTR_API(DontFragment) };
struct ReservationToken { std::array<std::uint8_t, 8> token{}; NATLAB_STUN_ATTR_API(ReservationToken) };

// RFC 5245
struct Priority { std::uint32_t value = 0; NATLAB_STUN_ATTR_API(Priority) };
struct UseCandidate { NATLAB_STUN_ATTR_API(UseCandidate) };
struct IceControlled { std::uint64_t tie_breaker = 0; NATLAB_STUN_ATTR_API(IceControlled) };
struct IceControlling { std::uint64_t tie_breaker = 0; NATLAB_STUN_ATTR_API(IceControlling) };

// RFC 5780
struct ChangeRequest {
  bool change_ip = false;    // flag A, 0x4
  bool change_port = false;  // flag B, 0x2
  NATLAB_STUN_ATTR_API(ChangeRequest)
};
struct Padding { std::vector<std::uint8_t> bytes; NATLAB_STUN_ATTR_API(Padding) };
struct ResponsePort { std::uint16_t port = 0; NATLAB_STUN_ATTR_API(ResponsePort) };

#undef NATLAB_STUN_ATTR_API

// Validates the value of a known attribute type (used by decode()); true for
// unknown types.
bool attribute_value_valid(std::uint16_t type, std::span<const std::uint8_t> v, const TransactionId& tid);

}  // namespace natlab::stun
