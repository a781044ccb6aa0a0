// TurnServer: CreatePermission (RFC 5766 9.2) and ChannelBind (RFC 5766 11.2).
#include <set>
#include <utility>

#include "agents/stun/attributes.h"
#include "agents/turn/server.h"

namespace natlab::turn {

using namespace natlab::stun;

bool TurnServer::allowed_peer(const IpAddress& peer) const {
  // RFC 5766 9.2 / 11.2: "The server MAY impose restrictions on the IP address
  // ... if a value is not allowed, the server rejects the request with a 403".
  // An IPv4 relay cannot reach an IPv6 peer (RFC 6156 would answer 443, which
  // RFC 5766 does not define). The operator's policy says the rest.
  return peer.family() == config_.relay_address.family() && config_.peer_policy.allowed(peer);
}

void TurnServer::install_permission(Allocation& a, const IpAddress& peer, Time now) {
  // RFC 5766 8: installing or refreshing sets the time-to-expiry to 300 s.
  const Time expiry = now + config_.permission_lifetime;
  const bool fresh = a.permissions.install(peer, expiry);
  events_.push_back(PermissionInstalled{a.relayed, peer, expiry, !fresh});
  lower_deadline(expiry);
}

void TurnServer::lower_deadline(Time t) {
  // Installing or refreshing only adds a later expiry, so the earliest one
  // can only move earlier: no need to rescan every allocation (O(allocations)
  // per permission). A deadline left too early by a refresh is harmless:
  // housekeeping then finds nothing due and recomputes it.
  if (!deadline_ || t < *deadline_) deadline_ = t;
}

void TurnServer::handle_create_permission(const Request& r) {
  Credentials creds;
  Allocation* a = authorized_allocation(r, creds);
  if (!a) return;
  // RFC 5766 9.2: "at least one XOR-PEER-ADDRESS attribute and MAY contain
  // multiple ... If no such attribute exists, or if any of these attributes
  // are invalid, then a 400". All are checked before any is installed.
  std::vector<IpAddress> peers;
  for (const auto& at : r.msg.attributes) {
    if (at.type != attr::XorPeerAddress) continue;
    auto p = XorPeerAddress::decode_value(at.value, r.msg.transaction_id);
    if (!p) {
      reject(r, 400, &creds.key);
      return;
    }
    peers.push_back(p->endpoint.address);
  }
  if (peers.empty()) {
    reject(r, 400, &creds.key);
    return;
  }
  for (const auto& ip : peers) {
    if (!allowed_peer(ip)) {
      reject(r, 403, &creds.key);
      return;
    }
  }
  // RFC 5766 9.2: "unable to satisfy the request due to some capacity limit
  // or similar, then a 508".
  std::set<IpAddress> fresh;
  for (const auto& ip : peers)
    if (!a->permissions.contains(ip)) fresh.insert(ip);
  if (a->permissions.size() + fresh.size() > config_.max_permissions_per_allocation) {
    reject(r, 508, &creds.key);
    return;
  }
  // RFC 5766 9.2: "installs or refreshes a permission for the IP address
  // contained in each XOR-PEER-ADDRESS ... The port portion ... is ignored".
  for (const auto& ip : peers) install_permission(*a, ip, r.now);
  respond(r, reply(r, Class::Success), &creds.key);
}

void TurnServer::handle_channel_bind(const Request& r) {
  Credentials creds;
  Allocation* a = authorized_allocation(r, creds);
  if (!a) return;
  // RFC 5766 11.2: both attributes present; number in 0x4000-0x7FFE; number
  // not bound to another address; address not bound to another number.
  // "If any of these tests fail, the server replies with a 400".
  auto channel = r.msg.get<ChannelNumber>();
  auto peer = r.msg.get<XorPeerAddress>();
  if (!channel || !peer || !is_bindable_channel(channel->number) ||
      a->channels.check(channel->number, peer->endpoint, r.now) != BindCheck::Ok) {
    reject(r, 400, &creds.key);
    return;
  }
  const std::uint16_t number = channel->number;
  const Endpoint& to = peer->endpoint;
  if (!allowed_peer(to.address)) {
    reject(r, 403, &creds.key);
    return;
  }
  // RFC 5766 11.2: "unable to fulfill the request due to some capacity limit
  // or similar, the server replies with a 508".
  if ((!a->channels.by_number(number) && a->channels.size() >= config_.max_channels_per_allocation) ||
      (!a->permissions.contains(to.address) &&
       a->permissions.size() >= config_.max_permissions_per_allocation)) {
    reject(r, 508, &creds.key);
    return;
  }
  // RFC 5766 11.2: "creates or refreshes the channel binding ... also
  // installs or refreshes a permission for the IP address".
  const Time expiry = r.now + config_.channel_lifetime;
  const bool fresh = a->channels.bind(number, to, expiry);
  events_.push_back(ChannelInstalled{a->relayed, number, to, expiry, !fresh});
  lower_deadline(expiry);
  install_permission(*a, to.address, r.now);
  respond(r, reply(r, Class::Success), &creds.key);
}

}  // namespace natlab::turn
