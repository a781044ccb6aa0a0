// Channels (RFC 5766 11): numbers, binding rules and ChannelData. Socket 0
// is the client, sockets 1 and 2 peers the probe owns.
#include <algorithm>
#include <memory>
#include <optional>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/turn/probe/cases.h"
#include "agents/turn/probe/relay_data.h"
#include "agents/turn/probe/steps.h"

namespace natlab::turn::probe {

using namespace natlab::stun;

namespace {

constexpr std::uint16_t kChannel = 0x4000;  // the ChannelData case's channel

Step ask_bind(std::uint16_t channel, SocketIdx peer) {
  return [channel, peer](CaseContext& c) { c.send_request(kClient, channel_bind_request(c, channel, c.local(peer))); };
}

// The answer to ask_bind must be `code` (0: success).
Step expect_bind(std::uint16_t channel, SocketIdx peer, int code, std::string why) {
  return [=](CaseContext& c) {
    const Reply& r = c.reply();
    if (r.code() == 403) return peer_refused(c, peer);
    const std::string what = "ChannelBind " + channel_hex(channel) + " to " + c.local(peer).to_string() + why;
    const bool ok = code == 0 ? r.success() : r.code() == code;
    if (!c.require(ok, what + ": expected " + (code == 0 ? std::string("success") : std::to_string(code)) +
                           ", got " + r.describe()))
      return;
    c.note(what + ": " + r.describe());
  };
}

}  // namespace

CaseDef channel_range_case() {
  CaseInfo info{"RFC5766-11.2-channel-number-range", 5766, "11.2",
                "ChannelBind accepts channel number 0x4000 and answers 400 (Bad Request) to 0x3FFF and 0x8000, "
                "which lie outside 0x4000-0x7FFE.",
                false};
  return {info, {SocketRole::Client, SocketRole::Peer, SocketRole::Peer}, [] {
            // The invalid numbers go to a second, unbound peer, so that a
            // 400 can only be about the number.
            return join({allocate(kClient),
                         {
                             ask_bind(0x4000, kPeer),
                             expect_bind(0x4000, kPeer, 0, ""),
                             ask_bind(0x3FFF, kPeer2),
                             expect_bind(0x3FFF, kPeer2, 400, ""),
                             ask_bind(0x8000, kPeer2),
                             expect_bind(0x8000, kPeer2, 400, ""),
                         }});
          }};
}

CaseDef channel_7fff_case() {
  CaseInfo info{"RFC5766-11.2-channel-0x7fff", 5766, "11.2",
                "ChannelBind answers 400 (Bad Request) to channel number 0x7FFF: the server accepts only "
                "0x4000 through 0x7FFE.",
                false};
  return {info, {SocketRole::Client, SocketRole::Peer}, [] {
            return join({allocate(kClient), {ask_bind(0x7FFF, kPeer), expect_bind(0x7FFF, kPeer, 400, "")}});
          }};
}

CaseDef channel_rebind_case() {
  CaseInfo info{"RFC5766-11.2-channel-rebind", 5766, "11.2",
                "A channel bound to a peer cannot be bound to another peer, nor the peer to another channel "
                "(400 Bad Request), while binding the same channel to the same peer again refreshes it.",
                false};
  return {info, {SocketRole::Client, SocketRole::Peer, SocketRole::Peer}, [] {
            return join({allocate(kClient),
                         {
                             ask_bind(0x4001, kPeer),
                             expect_bind(0x4001, kPeer, 0, ""),
                             ask_bind(0x4001, kPeer2),
                             expect_bind(0x4001, kPeer2, 400, " (the channel is bound to another peer)"),
                             ask_bind(0x4002, kPeer),
                             expect_bind(0x4002, kPeer, 400, " (the peer is bound to channel 0x4001)"),
                             ask_bind(0x4001, kPeer),
                             expect_bind(0x4001, kPeer, 0, " again (a refresh)"),
                         }});
          }};
}

CaseDef channel_data_case() {
  CaseInfo info{"RFC5766-11.4-channeldata-both-ways", 5766, "11.4",
                "On a bound channel, ChannelData from the client reaches the peer as its data bytes only (the "
                "Length field counts them; UDP padding is dropped, 11.5), and the peer's datagram reaches the "
                "client as ChannelData on that channel whose Length is the data size and whose datagram holds at "
                "most the padding to a multiple of 4 beyond it.",
                false};
  struct State {
    std::vector<std::uint8_t> padded, unpadded, back;
  };
  return {info, {SocketRole::Client, SocketRole::Peer}, [] {
            auto st = std::make_shared<State>();
            auto at_peer = [](CaseContext& c, const std::vector<std::uint8_t>& want, const char* what) {
              auto got = c.take(kPeer);
              if (!c.require(got.has_value(), std::string(what) + " did not reach the peer")) return false;
              if (!c.require(got->from == *c.relayed(kClient), std::string(what) + " reached the peer from " +
                                                                   got->from.to_string() + ", not the relayed address"))
                return false;
              return c.require(got->bytes == want, std::string(what) + " reached the peer as " +
                                                       std::to_string(got->bytes.size()) + " bytes, expected its " +
                                                       std::to_string(want.size()) + " data bytes");
            };
            return join({allocate(kClient), bind_channel(kClient, kChannel, kPeer),
                         {
                             [st](CaseContext& c) {
                               st->padded = c.payload(5);  // 5 data bytes + 3 padding = 12-byte datagram
                               c.send(kClient, c.server(), encode(ChannelData{kChannel, st->padded}, true));
                               c.expect_datagram(kPeer);
                             },
                             [st, at_peer](CaseContext& c) {
                               if (!at_peer(c, st->padded, "ChannelData with 5 data bytes and 3 padding bytes")) return;
                               st->unpadded = c.payload(6);
                               c.send(kClient, c.server(), encode(ChannelData{kChannel, st->unpadded}, false));
                               c.expect_datagram(kPeer);
                             },
                             [st, at_peer](CaseContext& c) {
                               if (!at_peer(c, st->unpadded, "ChannelData with 6 data bytes, unpadded")) return;
                               c.note("client ChannelData (padded and unpadded) reached the peer as its data bytes");
                               st->back = c.payload(7);
                               c.send(kPeer, *c.relayed(kClient), st->back);
                               c.expect_datagram(kClient);
                             },
                             [st](CaseContext& c) {
                               auto got = c.take(kClient);
                               if (!c.require(got.has_value(), "the peer's 7-byte datagram did not reach the client"))
                                 return;
                               const ClientData d = read_client_data(*got);
                               if (!c.require(d.framing == ClientData::Framing::ChannelData,
                                              "the peer's datagram came as " + d.description + ", expected ChannelData " +
                                                  channel_hex(kChannel)))
                                 return;
                               if (!c.require(d.channel == kChannel && d.data == st->back,
                                              d.description + ": expected channel " + channel_hex(kChannel) +
                                                  " with the peer's 7 bytes"))
                                 return;
                               // RFC 5766 11.4/11.5: Length counts the data only; over
                               // UDP the datagram may carry the padding, nothing more.
                               const std::size_t size = got->bytes.size();
                               if (!c.require(size == 11 || size == 12,
                                              d.description + ": a 4-byte header and 7 data bytes take 11 bytes, or 12 "
                                                              "padded"))
                                 return;
                               c.note("the peer's datagram came as " + d.description);
                             },
                         }});
          }};
}

CaseDef channel_lifetime_case() {
  CaseInfo info{"RFC5766-11-channel-lifetime", 5766, "11",
                "A channel binding lasts 10 minutes (or the server's configured --channel-lifetime) from the "
                "ChannelBind: shortly before, ChannelData on it is relayed; shortly after, with the permission "
                "kept alive, the client's ChannelData is not relayed and the peer's data comes as a Data "
                "indication.",
                true};
  struct State {
    Time sent{}, granted{};
    std::shared_ptr<Time> until = std::make_shared<Time>();
    std::vector<std::uint8_t> before, after_client, after_peer;
  };
  auto margin = [](const CaseContext& c) {
    return std::clamp<Duration>(c.config().channel_lifetime / 5, std::chrono::seconds(2), std::chrono::seconds(10));
  };
  auto secs = [](Duration d) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
  };
  return {info, {SocketRole::Client, SocketRole::Peer}, [margin, secs] {
            auto st = std::make_shared<State>();
            return join({allocate(kClient),
                         {
                             [st](CaseContext& c) {
                               st->sent = c.now();
                               c.send_request(kClient, channel_bind_request(c, kChannel, c.local(kPeer)));
                             },
                             [st, margin](CaseContext& c) {
                               const Reply& r = c.reply();
                               if (r.code() == 403) return peer_refused(c, kPeer);
                               if (!c.require(r.success(), "ChannelBind " + channel_hex(kChannel) + ": " + r.describe()))
                                 return;
                               st->granted = c.now();
                               *st->until = st->sent + c.config().channel_lifetime - margin(c);
                             },
                             sleep_keeping_alive(kClient, st->until, kPeer),
                             [st](CaseContext& c) {
                               st->before = c.payload(9);
                               c.send(kClient, c.server(), encode(ChannelData{kChannel, st->before}, true));
                               c.expect_datagram(kPeer);
                             },
                             [st, margin, secs](CaseContext& c) {
                               auto got = c.take(kPeer);
                               if (!c.require(got && got->bytes == st->before,
                                              "the channel ended early: ChannelData " + secs(c.now() - st->sent) +
                                                  " after the ChannelBind did not reach the peer"))
                                 return;
                               c.note("ChannelData relayed " + secs(c.now() - st->sent) + " after the ChannelBind");
                               *st->until = st->granted + c.config().channel_lifetime + margin(c);
                             },
                             sleep_keeping_alive(kClient, st->until, kPeer),
                             [st](CaseContext& c) {
                               st->after_client = c.payload(9);
                               st->after_peer = c.payload(9);
                               c.send(kClient, c.server(), encode(ChannelData{kChannel, st->after_client}, true));
                               c.send(kPeer, *c.relayed(kClient), st->after_peer);
                               c.wait(c.config().quiet);
                             },
                             [st, secs](CaseContext& c) {
                               const std::string after = secs(c.now() - st->granted);
                               if (!c.require(!carries(c.take_all(kPeer), st->after_client, false),
                                              "the channel outlived its lifetime: ChannelData " + after +
                                                  " after the ChannelBind reached the peer"))
                                 return;
                               auto got = c.take_all(kClient);
                               std::optional<ClientData> data;
                               for (const auto& g : got) {
                                 ClientData d = read_client_data(g);
                                 if (d.data == st->after_peer) data = d;
                               }
                               if (!c.require(data.has_value(), "the peer's datagram " + after +
                                                                    " after the ChannelBind did not reach the client "
                                                                    "although its permission was kept alive"))
                                 return;
                               if (!c.require(data->framing == ClientData::Framing::DataIndication,
                                              "the channel outlived its lifetime: the peer's datagram " + after +
                                                  " after the ChannelBind came as " + data->description))
                                 return;
                               c.note("after " + after + " (lifetime " + secs(c.config().channel_lifetime) +
                                      ") ChannelData was not relayed and the peer's data came as a Data indication");
                             },
                         }});
          }};
}

}  // namespace natlab::turn::probe
