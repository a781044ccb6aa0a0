#pragma once
// The live mappings of one NAT and the indexes the packet path needs: by key
// (outbound), by external port (inbound), by expiry time (timers). Ordered
// containers only, so every walk that reaches a trace is deterministic.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "common/ip.h"
#include "common/time.h"
#include "nat_models/filter_state.h"
#include "nat_models/nat.h"
#include "nat_models/tcp_state.h"

namespace natlab::nat {

struct MappingKey {
  Transport transport = Transport::Udp;
  Endpoint internal;
  // Empty for endpoint-independent mapping; the destination address (port 0)
  // for address-dependent; the destination address and port for
  // address-and-port-dependent.
  std::optional<Endpoint> remote;
  auto operator<=>(const MappingKey&) const = default;
};

// RFC 4787 4.1: what part of the destination decides whether an existing
// mapping is reused.
MappingKey mapping_key(Mapping behaviour, Transport transport, const Endpoint& internal,
                       const Endpoint& destination);

struct MappingEntry {
  std::uint64_t id = 0;  // creation order; breaks ties between equal expiry times
  MappingKey key;
  Endpoint external;
  Time last_active{};
  Time expires{};  // UDP: last_active + the mapping timeout; TCP: its connections'
  FilterState filter;
  TcpConnections tcp;  // TCP mappings only (RFC 5382 5)
};

class MappingTable {
 public:
  explicit MappingTable(Duration timeout) : timeout_(timeout) {}

  MappingEntry* find(const MappingKey& key);
  MappingEntry* find_external(Transport transport, std::uint16_t port);
  // The caller guarantees key and external port are not in use.
  MappingEntry& insert(const MappingKey& key, const Endpoint& external, Time now);
  // Restarts the idle timer.
  void touch(MappingEntry& entry, Time now);
  // Sets when the mapping runs out (a TCP mapping lives as long as its
  // connections), and marks it active at `now`.
  void set_expiry(MappingEntry& entry, Time now, Time at);
  // Removes every mapping idle for at least the timeout at `now`, earliest
  // expiry first.
  std::vector<MappingEntry> remove_expired(Time now);
  std::optional<Time> next_expiry() const;
  Time expires_at(const MappingEntry& entry) const { return entry.expires; }
  std::size_t size() const { return entries_.size(); }

 private:
  using Id = std::uint64_t;
  Duration timeout_;
  Id next_id_ = 0;
  std::map<Id, MappingEntry> entries_;
  std::map<MappingKey, Id> by_key_;
  std::map<std::pair<Transport, std::uint16_t>, Id> by_external_;
  std::set<std::pair<Time, Id>> by_expiry_;
};

}  // namespace natlab::nat
