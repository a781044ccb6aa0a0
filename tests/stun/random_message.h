#pragma once
// Seeded generator of well-formed STUN messages, covering every typed attribute
// plus unknown ones, for the round-trip property tests.
#include <string>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/message.h"
#include "common/rng.h"

namespace natlab::stun::testing {

class RandomMessages {
 public:
  explicit RandomMessages(std::uint64_t seed) : rng_(seed) {}

  Message next() {
    Message m;
    m.cls = static_cast<Class>(rng_.uniform(0, 3));
    m.method = static_cast<std::uint16_t>(rng_.uniform(0, 3) == 0 ? rng_.uniform(0, 0xFFF) : rng_.uniform(1, 9));
    rng_.fill(m.transaction_id);
    const auto n = rng_.uniform(0, 12);
    for (std::uint64_t i = 0; i < n; ++i) add_random(m);
    // Trailer attributes are carried raw; decode() checks only their size.
    if (rng_.uniform(0, 3) == 0) m.attributes.push_back(RawAttribute{attr::MessageIntegrity, bytes(20)});
    if (rng_.uniform(0, 3) == 0) m.attributes.push_back(RawAttribute{attr::Fingerprint, bytes(4)});
    // Non-zero padding on some attributes, as a decoder would keep it.
    for (auto& a : m.attributes) {
      const std::size_t pad = (4 - a.value.size() % 4) % 4;
      if (pad && rng_.uniform(0, 5) == 0) {
        a.padding = bytes(pad);
        a.padding[0] |= 1;
      }
    }
    return m;
  }

  Rng& rng() { return rng_; }

 private:
  std::vector<std::uint8_t> bytes(std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (auto& b : v) b = static_cast<std::uint8_t>(rng_.next_u32());
    return v;
  }

  Endpoint endpoint() {
    Endpoint e;
    e.port = static_cast<std::uint16_t>(rng_.next_u32());
    if (rng_.uniform(0, 1)) {
      e.address = IpAddress::v4(rng_.next_u32());
    } else {
      std::array<std::uint8_t, 16> a{};
      rng_.fill(a);
      e.address = IpAddress::v6(a);
    }
    return e;
  }

  // Well-formed UTF-8 of up to max_chars characters (1 to 4 bytes each).
  std::string text(std::size_t max_chars) {
    std::string s;
    const auto n = rng_.uniform(0, max_chars);
    for (std::uint64_t i = 0; i < n; ++i) {
      std::uint32_t cp = 0;
      switch (rng_.uniform(0, 3)) {
        case 0: cp = static_cast<std::uint32_t>(rng_.uniform(0x20, 0x7E)); break;
        case 1: cp = static_cast<std::uint32_t>(rng_.uniform(0x80, 0x7FF)); break;
        case 2: cp = static_cast<std::uint32_t>(rng_.uniform(0xE000, 0xFFFF)); break;
        default: cp = static_cast<std::uint32_t>(rng_.uniform(0x10000, 0x10FFFF)); break;
      }
      if (cp < 0x80) {
        s += static_cast<char>(cp);
      } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    return s;
  }

  std::uint16_t unknown_type() {
    for (;;) {
      const auto t = static_cast<std::uint16_t>(rng_.next_u32());
      if (!is_known_attribute(t)) return t;
    }
  }

  void add_random(Message& m) {
    switch (rng_.uniform(0, 30)) {
      case 0: m.add(MappedAddress{endpoint()}); break;
      case 1: m.add(XorMappedAddress{endpoint()}); break;
      case 2: m.add(XorPeerAddress{endpoint()}); break;
      case 3: m.add(XorRelayedAddress{endpoint()}); break;
      case 4: m.add(AlternateServer{endpoint()}); break;
      case 5: m.add(ResponseOrigin{endpoint()}); break;
      case 6: m.add(OtherAddress{endpoint()}); break;
      case 7: {
        std::string u = text(128);  // may reach 512 bytes
        if (u.size() > 512) u.resize(0);
        m.add(Username{u});
        break;
      }
      case 8: m.add(Realm{text(127)}); break;
      case 9: m.add(Nonce{text(127)}); break;
      case 10: m.add(Software{text(127)}); break;
      case 11: m.add(ErrorCode{static_cast<int>(rng_.uniform(300, 699)), text(40)}); break;
      case 12: {
        UnknownAttributes u;
        for (auto k = rng_.uniform(0, 6); k > 0; --k) u.types.push_back(static_cast<std::uint16_t>(rng_.next_u32()));
        m.add(u);
        break;
      }
      case 13: m.add(ChannelNumber{static_cast<std::uint16_t>(rng_.next_u32())}); break;
      case 14: m.add(Lifetime{rng_.next_u32()}); break;
      case 15: m.add(DataAttr{bytes(rng_.uniform(0, 200))}); break;
      case 16: m.add(EvenPort{rng_.uniform(0, 1) == 1}); break;
      case 17: m.add(RequestedTransport{static_cast<std::uint8_t>(rng_.next_u32())}); break;
      case 18: m.add(DontFragment{}); break;
      case 19: {
        ReservationToken r;
        rng_.fill(r.token);
        m.add(r);
        break;
      }
      case 20: m.add(Priority{rng_.next_u32()}); break;
      case 21: m.add(UseCandidate{}); break;
      case 22: m.add(IceControlled{rng_.next_u64()}); break;
      case 23: m.add(IceControlling{rng_.next_u64()}); break;
      case 24: m.add(ChangeRequest{rng_.uniform(0, 1) == 1, rng_.uniform(0, 1) == 1}); break;
      case 25: m.add(Padding{bytes(rng_.uniform(0, 64))}); break;
      case 26: m.add(ResponsePort{static_cast<std::uint16_t>(rng_.next_u32())}); break;
      default: m.attributes.push_back(RawAttribute{unknown_type(), bytes(rng_.uniform(0, 40))}); break;
    }
  }

  Rng rng_;
};

}  // namespace natlab::stun::testing
