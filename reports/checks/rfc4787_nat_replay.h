#pragma once
// One NAT's decisions (trace `nat` records) replayed against its configured
// RFC 4787 behaviour. The replay keeps the mappings the trace shows — made by
// outbound translations, ended by mapping-expired records — with what RFC
// 4787 needs to judge the next decision: each mapping's key under the
// configured mapping behaviour (4.1), the remotes its inside endpoint sent to
// (the filter state, 5), and when it was last refreshed (4.3).
//
// The NAT checks walk the records; before applying each one they ask the
// replay what the configuration says should happen, then apply() it.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reports/checks/trace_view.h"

namespace natlab::reports::checks {

struct NatMapping {
  std::uint64_t id = 0;  // creation order
  std::string proto;
  Endpoint internal;
  Endpoint external;
  // The destination part of the key under the configured behaviour: none
  // (endpoint-independent), the address with port 0 (address-dependent), or
  // address and port (address-and-port-dependent).
  std::optional<Endpoint> key_remote;
  Time created{};
  Time last_refresh{};
  const Json* created_by = nullptr;  // the record that made it
  std::set<Endpoint> contacted;      // destinations sent to through it
};

// A `nat` record's fields.
struct NatRecord {
  const Json* json = nullptr;
  Time t{};
  std::string action;     // translate, drop, mapping-created, mapping-expired
  std::string direction;  // outbound, inbound, hairpin
  std::string reason;     // for drop
  std::string proto;
  Endpoint before_src, before_dst, after_src, after_dst;
  Endpoint internal, external;
  std::optional<Endpoint> remote;
  static NatRecord parse(const Json& j);
};

class NatReplay {
 public:
  explicit NatReplay(const sim::NatBox& nat) : nat_(&nat) {}

  const sim::NatBox& nat() const { return *nat_; }
  const nat::Config& config() const { return nat_->config; }

  // RFC 4787 4.1: the key part of a destination under the configured mapping.
  std::optional<Endpoint> key_remote(const Endpoint& destination) const;
  // RFC 4787 5: whether the configured filtering lets `remote` in through m.
  bool admits(const NatMapping& m, const Endpoint& remote) const;

  const NatMapping* by_key(const std::string& proto, const Endpoint& internal,
                           const std::optional<Endpoint>& key_remote) const;
  const NatMapping* by_external(const std::string& proto, const Endpoint& external) const;
  const std::vector<NatMapping>& live() const { return live_; }

  // The mapping an outbound or hairpin record `r` goes through, as the
  // configuration keys it (nullptr: the packet needs a new mapping).
  const NatMapping* expected_mapping(const NatRecord& r) const;

  // Applies a record. Returns the mapping it created, if any (copied: the
  // live set changes with later records).
  std::optional<NatMapping> apply(const NatRecord& r);

 private:
  NatMapping* find_external(const std::string& proto, const Endpoint& external);
  NatMapping& create(const NatRecord& r, const Endpoint& internal, const Endpoint& external,
                     std::optional<Endpoint> key_remote);
  const sim::NatBox* nat_;
  std::vector<NatMapping> live_;
  std::uint64_t next_id_ = 0;
};

// One NAT's records, in the order the NAT decided them: by time, and at one
// instant expiries first (an expiry is stamped with the instant its timer ran
// out, but may be written after a packet handled at that same instant).
std::vector<NatRecord> nat_records_in_order(const TraceView& trace, const std::string& nat);

// NATs that translate (not `open`, not blocking all UDP), in scenario order.
std::vector<const sim::NatBox*> translating_nats(const TraceView& trace);

}  // namespace natlab::reports::checks
