#include "sim/event_json.h"

namespace natlab::sim {

namespace {
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

nlohmann::json failure_json(const turn::Failure& f) { return {{"code", f.code}, {"reason", f.reason}}; }

// A TCP pair says so (RFC 6544): a UDP and a TCP candidate may share an
// address and port (a passive candidate listens on its UDP socket's port
// number). UDP, the RFC 5245 case, stays implicit.
nlohmann::json with_transport(nlohmann::json j, Transport t) {
  if (t == Transport::Tcp) j["transport"] = "tcp";
  return j;
}
}  // namespace

nlohmann::json candidate_json(const ice::Candidate& c) {
  nlohmann::json j{{"foundation", c.foundation},
                   {"component", c.component},
                   {"transport", to_string(c.transport)},
                   {"priority", c.priority},
                   {"address", c.address.to_string()},
                   {"type", ice::to_string(c.type)},
                   {"base", c.base.to_string()}};
  if (c.related) j["related"] = c.related->to_string();
  if (c.tcptype) j["tcptype"] = ice::to_string(*c.tcptype);  // TCP candidates only (RFC 6544 4.5)
  return j;
}

nlohmann::json to_json(const ice::Event& ev) {
  return std::visit(
      overloaded{
          [](const ice::CandidateGathered& e) -> nlohmann::json {
            return {{"event", "candidate-gathered"}, {"candidate", candidate_json(e.candidate)}};
          },
          [](const ice::RemoteCandidateLearned& e) -> nlohmann::json {
            return {{"event", "remote-candidate-learned"}, {"candidate", candidate_json(e.candidate)}};
          },
          [](const ice::GatheringComplete&) -> nlohmann::json { return {{"event", "gathering-complete"}}; },
          [](const ice::PairStateChanged& e) -> nlohmann::json {
            return with_transport({{"event", "pair-state"},  {"pair", e.pair},
                                   {"component", e.component}, {"local", e.local.to_string()},
                                   {"remote", e.remote.to_string()}, {"from", ice::to_string(e.from)},
                                   {"to", ice::to_string(e.to)}},
                                  e.transport);
          },
          [](const ice::CheckSent& e) -> nlohmann::json {
            return with_transport({{"event", "check-sent"},         {"pair", e.pair},
                                   {"local", e.local.to_string()},  {"remote", e.remote.to_string()},
                                   {"use_candidate", e.use_candidate}, {"retransmit", e.retransmit},
                                   {"triggered", e.triggered}},
                                  e.transport);
          },
          [](const ice::CheckResponseReceived& e) -> nlohmann::json {
            nlohmann::json j{{"event", "check-response"}, {"pair", e.pair}, {"error_code", e.error_code}};
            if (e.error_code == 0) j["mapped"] = e.mapped.to_string();
            return j;
          },
          [](const ice::RoleConflict& e) -> nlohmann::json {
            return {{"event", "role-conflict"},
                    {"role_before", ice::to_string(e.role_before)},
                    {"role_after", ice::to_string(e.role_after)},
                    {"sent_487", e.sent_487},
                    {"received_487", e.received_487}};
          },
          [](const ice::Nominated& e) -> nlohmann::json {
            return with_transport({{"event", "nominated"},
                                   {"pair", e.pair},
                                   {"component", e.component},
                                   {"local", e.local.to_string()},
                                   {"remote", e.remote.to_string()}},
                                  e.transport);
          },
          [](const ice::SelectedPair& e) -> nlohmann::json {
            return {{"event", "selected-pair"},
                    {"component", e.component},
                    {"local", candidate_json(e.local)},
                    {"remote", candidate_json(e.remote)}};
          },
          [](const ice::StateChanged& e) -> nlohmann::json {
            return {{"event", "ice-state"}, {"state", ice::to_string(e.state)}};
          },
          [](const ice::DataReceived& e) -> nlohmann::json {
            return {{"event", "data-received"},
                    {"component", e.component},
                    {"local", e.local.to_string()},
                    {"remote", e.remote.to_string()},
                    {"size", e.bytes.size()}};
          },
      },
      ev);
}

nlohmann::json to_json(const turn::ClientEvent& ev) {
  return std::visit(
      overloaded{
          [](const turn::Allocated& e) -> nlohmann::json {
            nlohmann::json j{{"event", "turn-allocated"},
                             {"relayed", e.relayed.to_string()},
                             {"lifetime_s", e.lifetime.count()}};
            if (e.mapped) j["mapped"] = e.mapped->to_string();
            return j;
          },
          [](const turn::AllocateFailed& e) -> nlohmann::json {
            return {{"event", "turn-allocate-failed"}, {"failure", failure_json(e.failure)}};
          },
          [](const turn::Refreshed& e) -> nlohmann::json {
            return {{"event", "turn-refreshed"}, {"lifetime_s", e.lifetime.count()}};
          },
          [](const turn::RefreshFailed& e) -> nlohmann::json {
            return {{"event", "turn-refresh-failed"}, {"failure", failure_json(e.failure)}};
          },
          [](const turn::AllocationExpired&) -> nlohmann::json { return {{"event", "turn-allocation-expired"}}; },
          [](const turn::PermissionCreated& e) -> nlohmann::json {
            return {{"event", "turn-permission"}, {"peer", e.peer.to_string()}, {"refresh", e.refresh}};
          },
          [](const turn::PermissionFailed& e) -> nlohmann::json {
            return {{"event", "turn-permission-failed"}, {"peer", e.peer.to_string()}, {"failure", failure_json(e.failure)}};
          },
          [](const turn::ChannelBound& e) -> nlohmann::json {
            return {{"event", "turn-channel-bound"},
                    {"peer", e.peer.to_string()},
                    {"channel", e.channel},
                    {"refresh", e.refresh}};
          },
          [](const turn::ChannelBindFailed& e) -> nlohmann::json {
            return {{"event", "turn-channel-bind-failed"},
                    {"peer", e.peer.to_string()},
                    {"channel", e.channel},
                    {"failure", failure_json(e.failure)}};
          },
          [](const turn::Deallocated& e) -> nlohmann::json {
            return {{"event", "turn-deallocated"}, {"confirmed", e.confirmed}};
          },
          [](const turn::DataReceived& e) -> nlohmann::json {
            nlohmann::json j{{"event", "turn-data"}, {"peer", e.peer.to_string()}, {"size", e.data.size()}};
            if (e.channel) j["channel"] = *e.channel;
            return j;
          },
      },
      ev);
}

nlohmann::json to_json(const turn::ServerEvent& ev) {
  return std::visit(
      overloaded{
          [](const turn::AllocationCreated& e) -> nlohmann::json {
            return {{"event", "allocation-created"},
                    {"client", e.tuple.client.to_string()},
                    {"relayed", e.relayed.to_string()},
                    {"username", e.username},
                    {"expiry_ns", e.expiry.count()}};
          },
          [](const turn::AllocationRefreshed& e) -> nlohmann::json {
            return {{"event", "allocation-refreshed"},
                    {"client", e.tuple.client.to_string()},
                    {"relayed", e.relayed.to_string()},
                    {"expiry_ns", e.expiry.count()}};
          },
          [](const turn::AllocationDeleted& e) -> nlohmann::json {
            return {{"event", "allocation-deleted"},
                    {"client", e.tuple.client.to_string()},
                    {"relayed", e.relayed.to_string()},
                    {"reason", turn::to_string(e.reason)}};
          },
          [](const turn::PermissionInstalled& e) -> nlohmann::json {
            return {{"event", "permission-installed"},
                    {"relayed", e.relayed.to_string()},
                    {"peer", e.peer.to_string()},
                    {"expiry_ns", e.expiry.count()},
                    {"refreshed", e.refreshed}};
          },
          [](const turn::PermissionExpired& e) -> nlohmann::json {
            return {{"event", "permission-expired"}, {"relayed", e.relayed.to_string()}, {"peer", e.peer.to_string()}};
          },
          [](const turn::ChannelInstalled& e) -> nlohmann::json {
            return {{"event", "channel-installed"},
                    {"relayed", e.relayed.to_string()},
                    {"channel", e.channel},
                    {"peer", e.peer.to_string()},
                    {"expiry_ns", e.expiry.count()},
                    {"refreshed", e.refreshed}};
          },
          [](const turn::ChannelExpired& e) -> nlohmann::json {
            return {{"event", "channel-expired"},
                    {"relayed", e.relayed.to_string()},
                    {"channel", e.channel},
                    {"peer", e.peer.to_string()}};
          },
      },
      ev);
}

}  // namespace natlab::sim
