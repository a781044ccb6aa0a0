#include "agents/stun/summary.h"

#include <cstdio>

#include "agents/stun/attributes.h"

namespace natlab::stun {
namespace {

constexpr std::size_t kMaxText = 32;  // keeps a trace line short

std::string hex(std::span<const std::uint8_t> b) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (auto x : b) {
    s += digits[x >> 4];
    s += digits[x & 0xF];
  }
  return s;
}

// Quoted, shortened, and ASCII-only so that a trace line stays one safe line.
std::string quoted(const std::string& v) {
  std::string s = "\"";
  for (std::size_t i = 0; i < v.size() && i < kMaxText; ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      s += static_cast<char>(c);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      s += buf;
    }
  }
  if (v.size() > kMaxText) s += "...";
  return s + "\"";
}

template <class A>
std::optional<A> typed(const RawAttribute& a, const TransactionId& tid) {
  return A::decode_value(a.value, tid);
}

// The value part after "NAME=", or empty for flags and opaque values.
std::string value_text(const RawAttribute& a, const TransactionId& tid) {
  const auto malformed = std::string("(malformed)");
  // A constructed (not decoded) message may hold anything.
  if (!attribute_value_valid(a.type, a.value, tid)) return malformed;
  switch (a.type) {
    case attr::MappedAddress:
    case attr::XorMappedAddress:
    case attr::XorPeerAddress:
    case attr::XorRelayedAddress:
    case attr::AlternateServer:
    case attr::ResponseOrigin:
    case attr::OtherAddress: {
      const bool x = a.type == attr::XorMappedAddress || a.type == attr::XorPeerAddress ||
                     a.type == attr::XorRelayedAddress;
      // All seven share one layout; only the XOR differs.
      std::optional<Endpoint> ep;
      if (x) {
        if (auto v = typed<XorMappedAddress>(a, tid)) ep = v->endpoint;
      } else if (auto v = typed<MappedAddress>(a, tid)) {
        ep = v->endpoint;
      }
      return ep ? ep->to_string() : malformed;
    }
    case attr::Username:
    case attr::Realm:
    case attr::Nonce:
    case attr::Software: {
      auto u = typed<Username>(a, tid);  // same text form for all four
      return u ? quoted(u->value) : malformed;
    }
    case attr::ErrorCode: {
      auto e = typed<ErrorCode>(a, tid);
      return e ? std::to_string(e->code) + " " + quoted(e->reason) : malformed;
    }
    case attr::UnknownAttributes: {
      auto u = typed<UnknownAttributes>(a, tid);
      if (!u) return malformed;
      std::string s;
      for (auto t : u->types) s += (s.empty() ? "" : ",") + attribute_name(t);
      return s;
    }
    case attr::ChannelNumber: {
      auto c = typed<ChannelNumber>(a, tid);
      char buf[8];
      if (c) std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(c->number));
      return c ? std::string(buf) : malformed;
    }
    case attr::Lifetime: {
      auto l = typed<Lifetime>(a, tid);
      return l ? std::to_string(l->seconds) + "s" : malformed;
    }
    case attr::EvenPort: {
      auto e = typed<EvenPort>(a, tid);
      return e ? (e->reserve_next ? "R" : "0") : malformed;
    }
    case attr::RequestedTransport: {
      auto r = typed<RequestedTransport>(a, tid);
      return r ? (r->protocol == 17 ? std::string("UDP") : std::to_string(r->protocol)) : malformed;
    }
    case attr::Priority: {
      auto p = typed<Priority>(a, tid);
      return p ? std::to_string(p->value) : malformed;
    }
    case attr::IceControlled:
    case attr::IceControlling:
    case attr::ReservationToken:
      return hex(a.value);
    case attr::ChangeRequest: {
      auto c = typed<ChangeRequest>(a, tid);
      if (!c) return malformed;
      std::string s = c->change_ip ? "ip" : "";
      if (c->change_port) s += s.empty() ? "port" : "+port";
      return s.empty() ? "none" : s;
    }
    case attr::ResponsePort: {
      auto p = typed<ResponsePort>(a, tid);
      return p ? std::to_string(p->port) : malformed;
    }
    case attr::MessageIntegrity:
    case attr::Fingerprint:
    case attr::UseCandidate:
    case attr::DontFragment:
      return "";
    default:  // DATA, PADDING and unknown types: just the size
      return "(" + std::to_string(a.value.size()) + " bytes)";
  }
}

}  // namespace

std::string method_name(std::uint16_t method) {
  switch (static_cast<Method>(method)) {
    case Method::Binding: return "Binding";
    case Method::Allocate: return "Allocate";
    case Method::Refresh: return "Refresh";
    case Method::Send: return "Send";
    case Method::Data: return "Data";
    case Method::CreatePermission: return "CreatePermission";
    case Method::ChannelBind: return "ChannelBind";
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "Method0x%03X", static_cast<unsigned>(method));
  return buf;
}

const char* class_name(Class c) {
  switch (c) {
    case Class::Request: return "Request";
    case Class::Indication: return "Indication";
    case Class::Success: return "Success";
    case Class::Error: return "Error";
  }
  return "?";
}

std::string summarize(const Message& m) {
  std::string s = method_name(m.method) + " " + class_name(m.cls) + " tid=" + hex(m.transaction_id);
  for (const auto& a : m.attributes) {
    s += ' ';
    s += attribute_name(a.type);
    const std::string v = value_text(a, m.transaction_id);
    if (!v.empty()) s += "=" + v;
  }
  return s;
}

}  // namespace natlab::stun
