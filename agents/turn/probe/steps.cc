#include "agents/turn/probe/steps.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "agents/stun/attributes.h"

namespace natlab::turn::probe {

using namespace natlab::stun;

std::vector<Step> join(std::initializer_list<std::vector<Step>> parts) {
  std::vector<Step> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::string channel_hex(std::uint16_t channel) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", channel);
  return buf;
}

Message allocate_request(CaseContext& c, std::uint8_t transport, std::optional<std::uint32_t> lifetime) {
  Message m = c.request(Method::Allocate);
  m.add(RequestedTransport{transport});  // RFC 5766 6.1
  if (lifetime) m.add(Lifetime{*lifetime});
  return m;
}

Message refresh_request(CaseContext& c, std::optional<std::uint32_t> lifetime) {
  Message m = c.request(Method::Refresh);
  if (lifetime) m.add(Lifetime{*lifetime});
  return m;
}

Message create_permission_request(CaseContext& c, const Endpoint& peer) {
  Message m = c.request(Method::CreatePermission);
  m.add(XorPeerAddress{peer});
  return m;
}

Message channel_bind_request(CaseContext& c, std::uint16_t channel, const Endpoint& peer) {
  Message m = c.request(Method::ChannelBind);
  m.add(ChannelNumber{channel});
  m.add(XorPeerAddress{peer});
  return m;
}

std::vector<std::uint8_t> send_indication(CaseContext& c, const Endpoint& peer, std::vector<std::uint8_t> data) {
  // RFC 5766 10.1: XOR-PEER-ADDRESS and DATA; indications are not signed.
  Message m = c.indication(Method::Send);
  m.add(XorPeerAddress{peer});
  m.add(DataAttr{std::move(data)});
  return encode(m, EncodeOptions{std::nullopt, true});
}

std::vector<Step> allocate(SocketIdx s) {
  return {
      [s](CaseContext& c) { c.send_request(s, allocate_request(c)); },
      [s](CaseContext& c) {
        const Reply& r = c.reply();
        if (!c.require(r.success(), "Allocate with credentials: " + r.describe())) return;
        auto relayed = r.msg.get<XorRelayedAddress>();
        if (!c.require(relayed.has_value(), r.describe() + " has no XOR-RELAYED-ADDRESS")) return;
        c.note_allocation(s, relayed->endpoint);
      },
  };
}

void peer_refused(CaseContext& c, SocketIdx p) {
  c.not_applicable("the server refuses the probe's peer address " + c.local(p).address.to_string() + " (" +
                   c.reply().describe() +
                   "): give --peer-ip an address it relays to, or let the server relay to this one");
}

namespace {

std::vector<Step> install(SocketIdx s, SocketIdx p, std::optional<std::uint16_t> channel) {
  return {
      [s, p, channel](CaseContext& c) {
        c.send_request(s, channel ? channel_bind_request(c, *channel, c.local(p))
                                  : create_permission_request(c, c.local(p)));
      },
      [p, channel](CaseContext& c) {
        const Reply& r = c.reply();
        if (r.code() == 403) return peer_refused(c, p);
        const std::string what = channel ? "ChannelBind " + channel_hex(*channel) : std::string("CreatePermission");
        c.require(r.success(), what + " for peer " + c.local(p).to_string() + ": " + r.describe());
      },
  };
}

}  // namespace

std::vector<Step> permit(SocketIdx s, SocketIdx p) { return install(s, p, std::nullopt); }

std::vector<Step> bind_channel(SocketIdx s, std::uint16_t channel, SocketIdx p) { return install(s, p, channel); }

Step sleep_keeping_alive(SocketIdx s, std::shared_ptr<Time> until, std::optional<SocketIdx> peer) {
  // Alternates a wait with a Refresh (no LIFETIME: the server's default,
  // RFC 5766 7.2) and, with a peer, a CreatePermission (RFC 5766 9: it
  // refreshes the permission and nothing else).
  enum class Next { Wait, Refresh, Permit };
  auto next = std::make_shared<Next>(Next::Wait);
  return [s, until, peer, next](CaseContext& c) {
    if (c.now() >= *until) return;
    switch (*next) {
      case Next::Wait: {
        Duration chunk = std::chrono::seconds(60);
        if (peer) chunk = std::min(chunk, c.config().permission_lifetime / 2);
        c.wait_until(std::min(*until, c.now() + chunk));
        *next = Next::Refresh;
        break;
      }
      case Next::Refresh:
        c.send_request(s, refresh_request(c, std::nullopt));
        *next = peer ? Next::Permit : Next::Wait;
        break;
      case Next::Permit:
        c.send_request(s, create_permission_request(c, c.local(*peer)));
        *next = Next::Wait;
        break;
    }
    c.repeat();
  };
}

}  // namespace natlab::turn::probe
