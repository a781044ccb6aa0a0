// TurnServer: Allocate (RFC 5766 6.2) and Refresh (RFC 5766 7.2).
#include <algorithm>
#include <chrono>
#include <utility>

#include "agents/stun/attributes.h"
#include "agents/turn/server.h"

namespace natlab::turn {

using namespace natlab::stun;

namespace {

// Relay ports tried when the host refuses some (relay_port_usable).
constexpr int kRelayPortAttempts = 8;

std::uint32_t whole_seconds(Duration d) {
  return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

}  // namespace

Duration TurnServer::granted_lifetime(const Message& m) const {
  // RFC 5766 6.2 (and 7.2 for Refresh): "the minimum of the client's proposed
  // lifetime and the server's maximum allowed lifetime. If this computed value
  // is greater than the default lifetime, then the server uses the computed
  // lifetime ... Otherwise, the server uses the default lifetime." So a
  // request can lengthen but never shorten the default.
  auto lt = m.get<Lifetime>();
  if (!lt) return config_.default_lifetime;
  const Duration asked = std::min<Duration>(std::chrono::seconds(lt->seconds), config_.max_lifetime);
  return asked > config_.default_lifetime ? asked : config_.default_lifetime;
}

bool TurnServer::relay_port_usable(std::uint16_t port) {
  if (!config_.relay_port_usable || config_.relay_port_usable(Endpoint{config_.relay_address, port})) return true;
  ++counters_.relay_ports_unusable;
  return false;
}

std::optional<std::uint16_t> TurnServer::acquire_usable_port(bool even) {
  // Ports the host refuses stay taken until the choice is made, so that each
  // attempt draws a different one.
  std::vector<std::uint16_t> refused;
  std::optional<std::uint16_t> chosen;
  for (int attempt = 0; attempt < kRelayPortAttempts; ++attempt) {
    const auto p = even ? ports_.acquire_even(rng_) : ports_.acquire_any(rng_);
    if (!p) break;
    if (relay_port_usable(*p)) {
      chosen = p;
      break;
    }
    refused.push_back(*p);
  }
  for (std::uint16_t p : refused) ports_.release(p);
  return chosen;
}

std::optional<std::pair<std::uint16_t, Token>> TurnServer::acquire_usable_even_pair(Time now) {
  // Both ports must be usable: N is relayed at once, and N+1 is promised to
  // the token's holder (RFC 5766 6.2: the server "reserves" it), so a port
  // pair half held by another process is skipped like a single port.
  std::vector<std::pair<std::uint16_t, Token>> refused;
  std::optional<std::pair<std::uint16_t, Token>> chosen;
  for (int attempt = 0; attempt < kRelayPortAttempts; ++attempt) {
    auto pair = ports_.acquire_even_pair(rng_, now + config_.reservation_lifetime);
    if (!pair) break;
    if (relay_port_usable(pair->first) && relay_port_usable(static_cast<std::uint16_t>(pair->first + 1))) {
      chosen = pair;
      break;
    }
    refused.push_back(*pair);
  }
  for (const auto& [port, token] : refused) {
    ports_.release(port);
    ports_.cancel(token);
  }
  return chosen;
}

void TurnServer::handle_allocate(const Request& r) {
  const FiveTuple tuple = r.tuple();
  // RFC 5766 6.2 NOTE: a retransmission of the request that created the
  // allocation (same 5-tuple, same transaction id) "can stop parsing the
  // request and immediately generate a success response": resend the very
  // response, reservation token included. Done before authentication, as a
  // retransmission carries the nonce it was first sent with.
  if (const Allocation* a = allocations_.find(tuple); a && a->allocate_transaction == r.msg.transaction_id) {
    to_client(tuple, a->allocate_response);
    ++counters_.success_responses;
    ++counters_.retransmitted_allocate_responses;
    return;
  }

  // Step 1: "The server MUST require that the request be authenticated ...
  // using the long-term credential mechanism".
  auto creds = authenticate(r);
  if (!creds) return;
  const IntegrityKey* key = &creds->key;
  // RFC 5389 7.3: unknown comprehension-required attributes, after authentication.
  if (auto unknown = unknown_required(r.msg); !unknown.empty()) {
    reject(r, 420, key, std::move(unknown));
    return;
  }
  // Step 2: the 5-tuple is already in use -> 437.
  if (allocations_.find(tuple)) {
    reject(r, 437, key);
    return;
  }
  // Step 3: REQUESTED-TRANSPORT missing or malformed -> 400; not UDP -> 442.
  auto transport = r.msg.get<RequestedTransport>();
  if (!transport) {
    reject(r, 400, key);
    return;
  }
  if (transport->protocol != static_cast<std::uint8_t>(Transport::Udp)) {
    reject(r, 442, key);
    return;
  }
  // Step 4: DONT-FRAGMENT that the server cannot honour is treated as an
  // unknown comprehension-required attribute.
  if (r.msg.find(attr::DontFragment) && !config_.dont_fragment_supported) {
    reject(r, 420, key, {attr::DontFragment});
    return;
  }
  // Step 5: RESERVATION-TOKEN together with EVEN-PORT -> 400.
  const bool has_token = r.msg.find(attr::ReservationToken) != nullptr;
  auto even = r.msg.get<EvenPort>();
  if (has_token && r.msg.find(attr::EvenPort)) {
    reject(r, 400, key);
    return;
  }
  if (!check_address_family(r, key, has_token)) return;
  // Step 7: "At any point, the server MAY ... reject the request with a 486
  // ... SHOULD define it based on the username". Checked before any port is
  // taken, so a refused request consumes no reservation.
  if (allocations_.count_for_user(creds->username) >= config_.max_allocations_per_user) {
    reject(r, 486, key);
    return;
  }
  if (allocations_.size() >= config_.max_allocations) {
    reject(r, 508, key);
    return;
  }

  // 0 for none: relay ports start at 1. (A std::optional here sets off
  // GCC 12's -Wmaybe-uninitialized.)
  std::uint16_t port = 0;
  std::optional<Token> token;
  if (has_token) {
    // Step 5: a token that is unknown, expired or whose port is gone -> 508.
    if (auto t = r.msg.get<ReservationToken>()) port = ports_.redeem(t->token, r.now).value_or(0);
  } else if (even && even->reserve_next) {
    // RFC 5766 6.2: ports N (even) and N+1; N+1 held for at least 30 s.
    if (auto pair = acquire_usable_even_pair(r.now)) {
      port = pair->first;
      token = pair->second;
    }
  } else {
    port = acquire_usable_port(even.has_value()).value_or(0);
  }
  // A reserved port was held since it was reserved (local_endpoints() lists
  // it), but a host may still have lost it.
  if (port != 0 && has_token && !relay_port_usable(port)) {
    ports_.release(port);
    port = 0;
  }
  // Step 6 (and plain exhaustion of the relay port range): 508.
  if (port == 0) {
    reject(r, 508, key);
    return;
  }

  const Duration lifetime = granted_lifetime(r.msg);
  Allocation a;
  a.tuple = tuple;
  a.relayed = Endpoint{config_.relay_address, port};
  a.username = creds->username;
  a.key = creds->key;
  a.expiry = r.now + lifetime;
  a.allocate_transaction = r.msg.transaction_id;

  // RFC 5766 6.2: the success response carries XOR-RELAYED-ADDRESS, LIFETIME,
  // RESERVATION-TOKEN (if a port was reserved) and XOR-MAPPED-ADDRESS.
  Message m = reply(r, Class::Success);
  m.add(XorRelayedAddress{a.relayed});
  m.add(Lifetime{whole_seconds(lifetime)});
  if (token) m.add(ReservationToken{*token});
  m.add(XorMappedAddress{r.remote});
  a.allocate_response = respond(r, std::move(m), key);

  events_.push_back(AllocationCreated{a.tuple, a.relayed, a.username, a.expiry});
  allocations_.insert(std::move(a));
  ++endpoints_version_;
  deadline_dirty_ = true;
}

void TurnServer::handle_refresh(const Request& r) {
  Credentials creds;
  Allocation* a = authorized_allocation(r, creds);
  if (!a) return;
  Message m = reply(r, Class::Success);
  // RFC 5766 7.2: LIFETIME 0 -> "the request succeeds and the allocation is
  // deleted"; the response's LIFETIME is the (zero) time-to-expiry.
  if (auto lt = r.msg.get<Lifetime>(); lt && lt->seconds == 0) {
    delete_allocation(a->tuple, DeleteReason::Refresh);
    m.add(Lifetime{0});
    respond(r, std::move(m), &creds.key);
    return;
  }
  const Duration lifetime = granted_lifetime(r.msg);
  a->expiry = r.now + lifetime;
  events_.push_back(AllocationRefreshed{a->tuple, a->relayed, a->expiry});
  deadline_dirty_ = true;
  m.add(Lifetime{whole_seconds(lifetime)});
  respond(r, std::move(m), &creds.key);
}

}  // namespace natlab::turn
