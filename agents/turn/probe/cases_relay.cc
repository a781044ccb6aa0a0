// Permissions and Send/Data indications (RFC 5766 8, 9, 10): socket 0 is the
// client, socket 1 a peer the probe owns.
#include <algorithm>
#include <memory>

#include "agents/stun/attributes.h"
#include "agents/turn/probe/cases.h"
#include "agents/turn/probe/relay_data.h"
#include "agents/turn/probe/steps.h"

namespace natlab::turn::probe {

using namespace natlab::stun;

namespace {


struct Payloads {
  std::vector<std::uint8_t> a, b, c, d;
};

std::string ms(Duration d) { return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms"; }
std::string secs(Duration d) { return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s"; }

// Client to peer: a Send indication with `data`, then wait for the peer.
void send_to_peer(CaseContext& c, const std::vector<std::uint8_t>& data) {
  c.send(kClient, c.server(), send_indication(c, c.local(kPeer), data));
  c.expect_datagram(kPeer);
}

// Peer to client: a datagram to the relayed address, then wait at the client.
void send_from_peer(CaseContext& c, const std::vector<std::uint8_t>& data) {
  c.send(kPeer, *c.relayed(kClient), data);
  c.expect_datagram(kClient);
}

}  // namespace

CaseDef relay_needs_permission_case() {
  CaseInfo info{"RFC5766-8-relay-needs-permission", 5766, "8",
                "Without a permission for the peer's IP address the server relays nothing: neither a Send "
                "indication's data to the peer nor the peer's datagrams to the client; once CreatePermission "
                "installed one, later data is relayed and the earlier data never arrives.",
                false};
  return {info, {SocketRole::Client, SocketRole::Peer}, [] {
            auto p = std::make_shared<Payloads>();
            return join({allocate(kClient),
                         {
                             [p](CaseContext& c) {
                               p->a = c.payload(20);
                               p->b = c.payload(20);
                               c.send(kClient, c.server(), send_indication(c, c.local(kPeer), p->a));
                               c.send(kPeer, *c.relayed(kClient), p->b);
                               c.wait(c.config().quiet);
                             },
                             [p](CaseContext& c) {
                               auto at_peer = c.take_all(kPeer);
                               auto at_client = c.take_all(kClient);
                               if (!c.require(!carries(at_peer, p->a, false),
                                              "the Send indication's data reached peer " + c.local(kPeer).to_string() +
                                                  " without a permission"))
                                 return;
                               if (!c.require(!carries(at_client, p->b, true),
                                              "peer " + c.local(kPeer).to_string() +
                                                  "'s datagram reached the client without a permission"))
                                 return;
                               c.note("without a permission nothing was relayed either way within " +
                                      ms(c.config().quiet));
                             },
                         },
                         permit(kClient, kPeer),
                         {
                             [p](CaseContext& c) {
                               p->c = c.payload(20);
                               send_to_peer(c, p->c);
                             },
                             [p](CaseContext& c) {
                               auto got = c.take(kPeer);
                               if (!got) {
                                 c.not_applicable("nothing was relayed to the peer even with a permission, so the "
                                                  "drop proves nothing (RFC5766-10-send-data-indications says more)");
                                 return;
                               }
                               if (!c.require(got->bytes != p->a, "the data sent before the permission reached the peer late"))
                                 return;
                               if (!c.require(got->bytes == p->c, "the peer got an unexpected " +
                                                                      std::to_string(got->bytes.size()) + "-byte datagram"))
                                 return;
                               p->d = c.payload(20);
                               send_from_peer(c, p->d);
                             },
                             [p](CaseContext& c) {
                               auto got = c.take(kClient);
                               if (!got) {
                                 c.not_applicable("nothing was relayed to the client even with a permission");
                                 return;
                               }
                               const ClientData d = read_client_data(*got);
                               if (!c.require(d.data != p->b, "the peer's datagram sent before the permission reached "
                                                              "the client late: " + d.description))
                                 return;
                               c.require(d.data == p->d, "the client got an unexpected " + d.description);
                               c.note("with the permission, data was relayed both ways");
                             },
                         }});
          }};
}

CaseDef send_data_case() {
  CaseInfo info{"RFC5766-10-send-data-indications", 5766, "10",
                "With a permission, a Send indication's DATA reaches the peer from the relayed address (10.2), and "
                "a peer's datagram reaches the client as a Data indication with the peer's XOR-PEER-ADDRESS and "
                "the datagram as DATA (10.3).",
                false};
  return {info, {SocketRole::Client, SocketRole::Peer}, [] {
            auto p = std::make_shared<Payloads>();
            return join({allocate(kClient), permit(kClient, kPeer),
                         {
                             [p](CaseContext& c) {
                               p->a = c.payload(33);
                               send_to_peer(c, p->a);
                             },
                             [p](CaseContext& c) {
                               auto got = c.take(kPeer);
                               if (!c.require(got.has_value(), "the Send indication's 33 data bytes did not reach peer " +
                                                                   c.local(kPeer).to_string()))
                                 return;
                               if (!c.require(got->from == *c.relayed(kClient),
                                              "the peer got the data from " + got->from.to_string() +
                                                  ", not from the relayed address " + c.relayed(kClient)->to_string()))
                                 return;
                               if (!c.require(got->bytes == p->a, "the peer got " + std::to_string(got->bytes.size()) +
                                                                      " bytes that are not the Send indication's DATA"))
                                 return;
                               c.note("Send indication: the peer got its 33 data bytes from the relayed address");
                               p->b = c.payload(17);
                               send_from_peer(c, p->b);
                             },
                             [p](CaseContext& c) {
                               auto got = c.take(kClient);
                               if (!c.require(got.has_value(), "the peer's 17-byte datagram did not reach the client"))
                                 return;
                               const ClientData d = read_client_data(*got);
                               if (!c.require(d.framing == ClientData::Framing::DataIndication,
                                              "the client got " + d.description + ", expected a Data indication"))
                                 return;
                               if (!c.require(d.peer && *d.peer == c.local(kPeer),
                                              d.description + ": XOR-PEER-ADDRESS " +
                                                  (d.peer ? d.peer->to_string() : std::string("missing")) +
                                                  ", expected " + c.local(kPeer).to_string()))
                                 return;
                               if (!c.require(d.data == p->b, d.description + ": DATA is not the peer's datagram")) return;
                               c.note("the peer's datagram came as " + d.description +
                                      " with its XOR-PEER-ADDRESS and DATA");
                             },
                         }});
          }};
}

CaseDef no_relay_without_allocation_case() {
  CaseInfo info{"RFC5766-5-no-relay-without-allocation", 5766, "5",
                "Once a Refresh with LIFETIME 0 deleted the allocation, nothing is relayed any more: neither the "
                "peer's datagrams to the former relayed address nor the client's Send indications.",
                false};
  return {info, {SocketRole::Client, SocketRole::Peer}, [] {
            auto p = std::make_shared<Payloads>();
            return join({allocate(kClient), permit(kClient, kPeer),
                         {
                             [p](CaseContext& c) {
                               p->a = c.payload(24);
                               send_from_peer(c, p->a);
                             },
                             [p](CaseContext& c) {
                               auto got = c.take(kClient);
                               if (!got || read_client_data(*got).data != p->a) {
                                 c.not_applicable("nothing was relayed even on the live allocation "
                                                  "(RFC5766-10-send-data-indications says more)");
                                 return;
                               }
                               c.send_request(kClient, refresh_request(c, 0));
                             },
                             [p](CaseContext& c) {
                               const Reply& r = c.reply();
                               if (!c.require(r.success(), "Refresh with LIFETIME 0: " + r.describe())) return;
                               p->b = c.payload(24);
                               p->c = c.payload(24);
                               c.send(kPeer, *c.relayed(kClient), p->b);
                               c.send(kClient, c.server(), send_indication(c, c.local(kPeer), p->c));
                               c.forget_allocation(kClient);
                               c.wait(c.config().quiet);
                             },
                             [p](CaseContext& c) {
                               if (!c.require(!carries(c.take_all(kClient), p->b, true),
                                              "after the allocation was deleted (Refresh with LIFETIME 0), the "
                                              "peer's datagram to the former relayed address still reached the client"))
                                 return;
                               if (!c.require(!carries(c.take_all(kPeer), p->c, false),
                                              "after the allocation was deleted (Refresh with LIFETIME 0), a Send "
                                              "indication still reached the peer"))
                                 return;
                               c.note("relayed before the Refresh with LIFETIME 0; nothing relayed either way within " +
                                      ms(c.config().quiet) + " after it");
                             },
                         }});
          }};
}

CaseDef permission_lifetime_case() {
  CaseInfo info{"RFC5766-8-permission-lifetime", 5766, "8",
                "A permission lasts 300 seconds (or the server's configured --permission-lifetime) from the "
                "CreatePermission that installed it: the peer's data is relayed shortly before, and nothing is "
                "relayed either way shortly after.",
                true};
  struct State {
    Time sent{}, granted{};
    std::shared_ptr<Time> until = std::make_shared<Time>();
    Payloads p;
  };
  return {info, {SocketRole::Client, SocketRole::Peer}, [] {
            auto st = std::make_shared<State>();
            // Leeway for the timer resolution of real servers: a fifth of the
            // lifetime, within 2-10 s.
            auto margin = [](const CaseContext& c) {
              return std::clamp<Duration>(c.config().permission_lifetime / 5, std::chrono::seconds(2),
                                          std::chrono::seconds(10));
            };
            return join({allocate(kClient),
                         {
                             [st](CaseContext& c) {
                               st->sent = c.now();
                               c.send_request(kClient, create_permission_request(c, c.local(kPeer)));
                             },
                             [st, margin](CaseContext& c) {
                               const Reply& r = c.reply();
                               if (r.code() == 403) return peer_refused(c, kPeer);
                               if (!c.require(r.success(), "CreatePermission: " + r.describe())) return;
                               st->granted = c.now();
                               *st->until = st->sent + c.config().permission_lifetime - margin(c);
                             },
                             sleep_keeping_alive(kClient, st->until),
                             [st](CaseContext& c) {
                               st->p.a = c.payload(12);
                               send_from_peer(c, st->p.a);
                             },
                             [st, margin](CaseContext& c) {
                               auto got = c.take(kClient);
                               if (!c.require(got && read_client_data(*got).data == st->p.a,
                                              "the permission ended early: the peer's datagram " +
                                                  secs(c.now() - st->sent) + " after CreatePermission was not relayed"))
                                 return;
                               c.note("relayed " + secs(c.now() - st->sent) + " after CreatePermission");
                               *st->until = st->granted + c.config().permission_lifetime + margin(c);
                             },
                             sleep_keeping_alive(kClient, st->until),
                             [st](CaseContext& c) {
                               st->p.b = c.payload(12);
                               st->p.c = c.payload(12);
                               c.send(kPeer, *c.relayed(kClient), st->p.b);
                               c.send(kClient, c.server(), send_indication(c, c.local(kPeer), st->p.c));
                               c.wait(c.config().quiet);
                             },
                             [st](CaseContext& c) {
                               const std::string after = secs(c.now() - st->granted);
                               if (!c.require(!carries(c.take_all(kClient), st->p.b, true),
                                              "the permission outlived its lifetime: the peer's datagram was relayed " +
                                                  after + " after CreatePermission"))
                                 return;
                               if (!c.require(!carries(c.take_all(kPeer), st->p.c, false),
                                              "the permission outlived its lifetime: a Send indication was relayed " +
                                                  after + " after CreatePermission"))
                                 return;
                               c.note("nothing relayed either way " + after + " after CreatePermission (lifetime " +
                                      secs(c.config().permission_lifetime) + ")");
                             },
                         }});
          }};
}

}  // namespace natlab::turn::probe
