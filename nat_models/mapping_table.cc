#include "nat_models/mapping_table.h"

namespace natlab::nat {

MappingKey mapping_key(Mapping behaviour, Transport transport, const Endpoint& internal,
                       const Endpoint& destination) {
  MappingKey key{transport, internal, std::nullopt};
  switch (behaviour) {
    case Mapping::EndpointIndependent:
      // RFC 4787 4.1 / REQ-1: the same mapping for every destination.
      break;
    case Mapping::AddressDependent:
      // RFC 4787 4.1: reused only toward the same destination IP address.
      key.remote = Endpoint{destination.address, 0};
      break;
    case Mapping::AddressAndPortDependent:
      // RFC 4787 4.1: reused only toward the same destination IP and port.
      key.remote = destination;
      break;
  }
  return key;
}

MappingEntry* MappingTable::find(const MappingKey& key) {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &entries_.at(it->second);
}

MappingEntry* MappingTable::find_external(Transport transport, std::uint16_t port) {
  auto it = by_external_.find({transport, port});
  return it == by_external_.end() ? nullptr : &entries_.at(it->second);
}

MappingEntry& MappingTable::insert(const MappingKey& key, const Endpoint& external, Time now) {
  Id id = next_id_++;
  auto& entry = entries_[id];
  entry.id = id;
  entry.key = key;
  entry.external = external;
  entry.last_active = now;
  entry.expires = now + timeout_;
  by_key_[key] = id;
  by_external_[{key.transport, external.port}] = id;
  by_expiry_.insert({expires_at(entry), id});
  return entry;
}

void MappingTable::touch(MappingEntry& entry, Time now) { set_expiry(entry, now, now + timeout_); }

void MappingTable::set_expiry(MappingEntry& entry, Time now, Time at) {
  by_expiry_.erase({entry.expires, entry.id});
  entry.last_active = now;
  entry.expires = at;
  by_expiry_.insert({entry.expires, entry.id});
}

std::vector<MappingEntry> MappingTable::remove_expired(Time now) {
  std::vector<MappingEntry> gone;
  // RFC 4787 REQ-5: a mapping idle for the whole timer is gone; at exactly
  // last_active + timeout it has been idle for the full timeout.
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) {
    Id id = by_expiry_.begin()->second;
    by_expiry_.erase(by_expiry_.begin());
    auto node = entries_.extract(id);
    by_key_.erase(node.mapped().key);
    by_external_.erase({node.mapped().key.transport, node.mapped().external.port});
    gone.push_back(std::move(node.mapped()));
  }
  return gone;
}

std::optional<Time> MappingTable::next_expiry() const {
  if (by_expiry_.empty()) return std::nullopt;
  return by_expiry_.begin()->first;
}

}  // namespace natlab::nat
