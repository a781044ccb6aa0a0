// Names of attribute types, as the RFCs spell them (for traces and reports).
#include <cstdio>

#include "agents/stun/attributes.h"

namespace natlab::stun {
namespace {

const char* known_name(std::uint16_t type) {
  switch (type) {
    case attr::MappedAddress: return "MAPPED-ADDRESS";
    case attr::Username: return "USERNAME";
    case attr::MessageIntegrity: return "MESSAGE-INTEGRITY";
    case attr::ErrorCode: return "ERROR-CODE";
    case attr::UnknownAttributes: return "UNKNOWN-ATTRIBUTES";
    case attr::Realm: return "REALM";
    case attr::Nonce: return "NONCE";
    case attr::XorMappedAddress: return "XOR-MAPPED-ADDRESS";
    case attr::Software: return "SOFTWARE";
    case attr::AlternateServer: return "ALTERNATE-SERVER";
    case attr::Fingerprint: return "FINGERPRINT";
    case attr::ChannelNumber: return "CHANNEL-NUMBER";
    case attr::Lifetime: return "LIFETIME";
    case attr::XorPeerAddress: return "XOR-PEER-ADDRESS";
    case attr::Data: return "DATA";
    case attr::XorRelayedAddress: return "XOR-RELAYED-ADDRESS";
    case attr::EvenPort: return "EVEN-PORT";
    case attr::RequestedTransport: return "REQUESTED-TRANSPORT";
    case attr::DontFragment: return "DONT-FRAGMENT";
    case attr::ReservationToken: return "RESERVATION-TOKEN";
    case attr::Priority: return "PRIORITY";
    case attr::UseCandidate: return "USE-CANDIDATE";
    case attr::IceControlled: return "ICE-CONTROLLED";
    case attr::IceControlling: return "ICE-CONTROLLING";
    case attr::ChangeRequest: return "CHANGE-REQUEST";
    case attr::Padding: return "PADDING";
    case attr::ResponsePort: return "RESPONSE-PORT";
    case attr::ResponseOrigin: return "RESPONSE-ORIGIN";
    case attr::OtherAddress: return "OTHER-ADDRESS";
    default: return nullptr;
  }
}

}  // namespace

bool is_known_attribute(std::uint16_t type) { return known_name(type) != nullptr; }

std::string attribute_name(std::uint16_t type) {
  if (const char* n = known_name(type)) return n;
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(type));
  return buf;
}

}  // namespace natlab::stun
