#pragma once
// The check list of one media stream (RFC 5245 5.7) and its valid list
// (7.1.3.2.2). Pairs are kept sorted by decreasing pair priority (ties by id),
// so iteration order is the RFC's order and never depends on hashing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/ice/candidate.h"
#include "agents/ice/config.h"

namespace natlab::ice {

using PairId = std::uint32_t;

// RFC 5245 5.7.4
enum class PairState : std::uint8_t { Frozen, Waiting, InProgress, Succeeded, Failed };
const char* to_string(PairState s);

// RFC 5245 5.7.2: "Let G be the priority for the candidate provided by the
// controlling agent. Let D be the priority for the candidate provided by the
// controlled agent. pair priority = 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)".
// Needs 64 bits: 2^32 * MIN overflows 32.
constexpr std::uint64_t pair_priority(std::uint32_t g, std::uint32_t d) {
  const std::uint64_t lo = g < d ? g : d;
  const std::uint64_t hi = g < d ? d : g;
  return (lo << 32) + 2 * hi + (g > d ? 1 : 0);
}
std::uint64_t pair_priority(const Candidate& local, const Candidate& remote, Role local_role);

struct CandidatePair {
  PairId id = 0;
  Candidate local;   // host or relayed after pruning (5.7.3)
  Candidate remote;
  std::uint64_t priority = 0;
  PairState state = PairState::Frozen;
  // Controlling agent: the next check on this pair carries USE-CANDIDATE.
  bool use_candidate = false;
  // RFC 5245 7.2.1.5: "If the state of this pair is In-Progress [or other
  // than Succeeded] ... when the triggered check succeeds, the valid pair
  // ... will have its nominated flag set."
  bool nominate_on_success = false;

  int component() const { return local.component; }
  // RFC 5245 5.7.4: the pair foundation is "the local and remote candidate
  // foundations concatenated".
  std::string foundation() const { return local.foundation + ":" + remote.foundation; }
};

struct ValidPair {
  CandidatePair pair;       // its id is the generating pair's when equal to it
  PairId generated_by = 0;  // the check-list pair whose check produced it
  bool nominated = false;   // RFC 5245 7.1.3.2.4 / 7.2.1.5
};

class CheckList {
 public:
  // RFC 5245 5.7.1-5.7.3: pairs every local candidate with every remote one
  // of the same component and IP family (and for TCP, the tcptypes that
  // RFC 6544 6.2 allows: transports_pair), orders them, replaces server-
  // reflexive local candidates by their base, prunes duplicates and applies
  // the size limit. Replaces any previous content.
  void form(const std::vector<Candidate>& local, const std::vector<Candidate>& remote, Role role,
            std::size_t limit);
  // RFC 5245 5.7.4 initial states. Returns the pairs set to Waiting.
  std::vector<PairId> set_initial_states();
  // Adds one pair (a triggered check on a new pair, 7.2.1.4); state Waiting.
  CandidatePair& add(const Candidate& local, const Candidate& remote, Role role);
  // Drops a pair (8.1.2); the valid list is unaffected.
  void remove(PairId id);

  CandidatePair* find(PairId id);
  const CandidatePair* find(PairId id) const;
  // By local transport address (a base after pruning) and remote address.
  CandidatePair* find(const Endpoint& local, const Endpoint& remote, int component,
                      Transport transport = Transport::Udp);

  // Recomputes every priority for a new role (after a role switch 7.1.3.1 /
  // 7.2.1.1) and re-sorts both lists.
  void set_role(Role role);

  // RFC 5245 7.1.3.2.3: "The agent changes the states for all other Frozen
  // pairs for the same media stream and same foundation to Waiting."
  // Returns the pairs changed.
  std::vector<PairId> unfreeze_foundation(const std::string& foundation);

  std::vector<CandidatePair>& pairs() { return pairs_; }
  const std::vector<CandidatePair>& pairs() const { return pairs_; }
  std::size_t count(PairState s) const;

  // The valid list (RFC 5245 7.1.3.2.2), sorted by priority like the pairs.
  ValidPair& add_valid(const CandidatePair& pair, PairId generated_by);
  std::vector<ValidPair>& valid() { return valid_; }
  const std::vector<ValidPair>& valid() const { return valid_; }
  // Removes valid pairs produced by `generator` that are not nominated.
  void drop_valid_from(PairId generator);

 private:
  void sort();

  std::vector<CandidatePair> pairs_;
  std::vector<ValidPair> valid_;
  Role role_ = Role::Controlling;
  PairId next_id_ = 1;
};

}  // namespace natlab::ice
