#include "reports/checks/rfc4787_nat_replay.h"

#include <algorithm>

namespace natlab::reports::checks {

namespace {

Endpoint endpoint_or_any(const Json& j, const char* key) { return json_endpoint(j, key).value_or(Endpoint{}); }

}  // namespace

NatRecord NatRecord::parse(const Json& j) {
  NatRecord r;
  r.json = &j;
  r.t = TraceView::time_of(j);
  r.action = json_string(j, "action");
  r.direction = json_string(j, "direction");
  r.reason = json_string(j, "reason");
  r.proto = json_string(j, "proto");
  if (auto b = j.find("before"); b != j.end() && b->is_object()) {
    r.before_src = endpoint_or_any(*b, "src");
    r.before_dst = endpoint_or_any(*b, "dst");
    r.proto = json_string(*b, "proto");
  }
  if (auto a = j.find("after"); a != j.end() && a->is_object()) {
    r.after_src = endpoint_or_any(*a, "src");
    r.after_dst = endpoint_or_any(*a, "dst");
  }
  r.internal = endpoint_or_any(j, "internal");
  r.external = endpoint_or_any(j, "external");
  if (j.contains("remote")) r.remote = endpoint_or_any(j, "remote");
  return r;
}

std::optional<Endpoint> NatReplay::key_remote(const Endpoint& destination) const {
  switch (config().mapping) {
    case nat::Mapping::EndpointIndependent: return std::nullopt;
    case nat::Mapping::AddressDependent: return Endpoint{destination.address, 0};
    case nat::Mapping::AddressAndPortDependent: return destination;
  }
  return std::nullopt;
}

bool NatReplay::admits(const NatMapping& m, const Endpoint& remote) const {
  switch (config().filtering) {
    case nat::Filtering::EndpointIndependent:
      return true;
    case nat::Filtering::AddressDependent:
      return std::any_of(m.contacted.begin(), m.contacted.end(),
                         [&](const Endpoint& c) { return c.address == remote.address; });
    case nat::Filtering::AddressAndPortDependent:
      return m.contacted.contains(remote);
  }
  return false;
}

const NatMapping* NatReplay::by_key(const std::string& proto, const Endpoint& internal,
                                    const std::optional<Endpoint>& key) const {
  for (const auto& m : live_)
    if (m.proto == proto && m.internal == internal && m.key_remote == key) return &m;
  return nullptr;
}

const NatMapping* NatReplay::by_external(const std::string& proto, const Endpoint& external) const {
  for (const auto& m : live_)
    if (m.proto == proto && m.external == external) return &m;
  return nullptr;
}

NatMapping* NatReplay::find_external(const std::string& proto, const Endpoint& external) {
  return const_cast<NatMapping*>(std::as_const(*this).by_external(proto, external));
}

const NatMapping* NatReplay::expected_mapping(const NatRecord& r) const {
  return by_key(r.proto, r.before_src, key_remote(r.before_dst));
}

NatMapping& NatReplay::create(const NatRecord& r, const Endpoint& internal, const Endpoint& external,
                              std::optional<Endpoint> key) {
  NatMapping m;
  m.id = next_id_++;
  m.proto = r.proto;
  m.internal = internal;
  m.external = external;
  m.key_remote = std::move(key);
  m.created = r.t;
  m.last_refresh = r.t;
  m.created_by = r.json;
  live_.push_back(std::move(m));
  return live_.back();
}

std::optional<NatMapping> NatReplay::apply(const NatRecord& r) {
  if (r.action == "mapping-expired") {
    std::erase_if(live_, [&](const NatMapping& m) { return m.proto == r.proto && m.external == r.external; });
    return std::nullopt;
  }
  if (r.action == "mapping-created") {
    // Usually the translation just before made it; a hairpin packet that
    // was then dropped makes one without a translation.
    if (find_external(r.proto, r.external)) return std::nullopt;
    return create(r, r.internal, r.external, r.remote);
  }
  const bool outward = r.direction == "outbound" || r.direction == "hairpin";
  std::optional<NatMapping> created;
  if (outward && r.action == "translate") {
    // The mapping the NAT used is the one with the translated source.
    NatMapping* m = find_external(r.proto, r.after_src);
    if (!m || m->internal != r.before_src) {
      m = &create(r, r.before_src, r.after_src, key_remote(r.before_dst));
      created = *m;
    }
    // RFC 4787 REQ-6: outbound packets refresh the mapping; 5: and open its filter.
    m->last_refresh = r.t;
    m->contacted.insert(r.before_dst);
  } else if (r.direction == "hairpin" && (r.reason == "no-mapping" || r.reason == "filtered")) {
    // The sender was mapped (and its mapping refreshed) before the target
    // refused the packet.
    if (auto* m = const_cast<NatMapping*>(expected_mapping(r))) {
      m->last_refresh = r.t;
      m->contacted.insert(r.before_dst);
    }
  }
  // RFC 4787 REQ-6a: inbound packets refresh a mapping only if so configured.
  if (config().refresh_on_inbound && r.action == "translate" && r.direction != "outbound") {
    if (NatMapping* target = find_external(r.proto, r.before_dst)) target->last_refresh = r.t;
  }
  if (created) created->contacted.insert(r.before_dst);
  return created;
}

std::vector<NatRecord> nat_records_in_order(const TraceView& trace, const std::string& nat) {
  std::vector<NatRecord> out;
  for (const Json* j : trace.nat_records(nat)) out.push_back(NatRecord::parse(*j));
  std::stable_sort(out.begin(), out.end(), [](const NatRecord& a, const NatRecord& b) {
    if (a.t != b.t) return a.t < b.t;
    return (a.action == "mapping-expired") > (b.action == "mapping-expired");
  });
  return out;
}

std::vector<const sim::NatBox*> translating_nats(const TraceView& trace) {
  std::vector<const sim::NatBox*> out;
  for (const auto& n : trace.scenario().nats)
    if (n.config.type != nat::NatType::Open && !n.config.block_udp) out.push_back(&n);
  return out;
}

}  // namespace natlab::reports::checks
