#pragma once
// Building blocks the cases share: TURN requests and indications, and step
// sequences such as "allocate on this socket and require success".
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents/stun/message.h"
#include "agents/turn/probe/context.h"

namespace natlab::turn::probe {

// Joins step lists in order.
std::vector<Step> join(std::initializer_list<std::vector<Step>> parts);

stun::Message allocate_request(CaseContext& c, std::uint8_t transport = 17,
                               std::optional<std::uint32_t> lifetime = std::nullopt);
stun::Message refresh_request(CaseContext& c, std::optional<std::uint32_t> lifetime);
stun::Message create_permission_request(CaseContext& c, const Endpoint& peer);
stun::Message channel_bind_request(CaseContext& c, std::uint16_t channel, const Endpoint& peer);
std::vector<std::uint8_t> send_indication(CaseContext& c, const Endpoint& peer, std::vector<std::uint8_t> data);

// Allocate on socket s with credentials; the case fails unless it succeeds.
// Remembers the relayed address (cleanup deletes the allocation).
std::vector<Step> allocate(SocketIdx s);

// CreatePermission (or ChannelBind when channel is set) on client socket s
// for peer socket p, requiring success. A 403 makes the case not applicable:
// the server refuses the probe's peer address by policy (RFC 5766 9.2 and
// 11.2 allow that), so relaying cannot be probed with it.
std::vector<Step> permit(SocketIdx s, SocketIdx p);
std::vector<Step> bind_channel(SocketIdx s, std::uint16_t channel, SocketIdx p);
// The verdict for a 403 to a permission or channel request.
void peer_refused(CaseContext& c, SocketIdx p);

// Waits until `until`, refreshing the allocation on s at least every 60 s
// so that it outlives long waits; with `peer`, also the permission for that
// peer socket, at least every half permission lifetime.
Step sleep_keeping_alive(SocketIdx s, std::shared_ptr<Time> until, std::optional<SocketIdx> peer = std::nullopt);

// "0x4000"
std::string channel_hex(std::uint16_t channel);

}  // namespace natlab::turn::probe
