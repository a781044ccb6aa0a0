#include "agents/ice/checklist.h"

#include <algorithm>
#include <map>

namespace natlab::ice {

const char* to_string(PairState s) {
  switch (s) {
    case PairState::Frozen: return "frozen";
    case PairState::Waiting: return "waiting";
    case PairState::InProgress: return "in-progress";
    case PairState::Succeeded: return "succeeded";
    case PairState::Failed: return "failed";
  }
  return "?";
}

std::uint64_t pair_priority(const Candidate& local, const Candidate& remote, Role local_role) {
  return local_role == Role::Controlling ? pair_priority(local.priority, remote.priority)
                                         : pair_priority(remote.priority, local.priority);
}

namespace {
bool higher_first(const CandidatePair& a, const CandidatePair& b) {
  return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
}
bool same_ends(const CandidatePair& a, const CandidatePair& b) {
  return a.local.address == b.local.address && a.local.base == b.local.base &&
         a.remote.address == b.remote.address && a.component() == b.component() &&
         a.local.transport == b.local.transport;
}
}  // namespace

void CheckList::sort() {
  std::sort(pairs_.begin(), pairs_.end(), higher_first);
  std::sort(valid_.begin(), valid_.end(), [](const ValidPair& a, const ValidPair& b) {
    return higher_first(a.pair, b.pair);
  });
}

void CheckList::form(const std::vector<Candidate>& local, const std::vector<Candidate>& remote,
                     Role role, std::size_t limit) {
  role_ = role;
  pairs_.clear();
  valid_.clear();
  // RFC 5245 5.7.1: "A local candidate is paired with a remote candidate if
  // and only if the two candidates have the same component ID and have the
  // same IP address version." Peer-reflexive locals are never paired
  // (7.1.3.2.1).
  for (const auto& l : local) {
    if (l.type == CandidateType::PeerReflexive) continue;
    for (const auto& r : remote) {
      if (l.component != r.component || l.address.address.family() != r.address.address.family() ||
          !transports_pair(l, r))  // RFC 6544 6.2
        continue;
      CandidatePair p;
      p.id = next_id_++;
      p.local = l;
      p.remote = r;
      p.priority = pair_priority(l, r, role);  // RFC 5245 5.7.2
      pairs_.push_back(std::move(p));
    }
  }
  sort();
  // RFC 5245 5.7.3: "For each pair where the local candidate is server
  // reflexive, the server reflexive candidate MUST be replaced by its base."
  for (auto& p : pairs_) {
    if (p.local.type != CandidateType::ServerReflexive) continue;
    auto base = std::find_if(local.begin(), local.end(), [&](const Candidate& c) {
      return c.address == p.local.base && c.component == p.local.component &&
             c.type == CandidateType::Host;
    });
    if (base != local.end()) p.local = *base;
  }
  // "removing a pair if its local and remote candidates are identical to the
  // local and remote candidates of a pair higher up on the priority-ordered
  // list."
  std::vector<CandidatePair> kept;
  for (auto& p : pairs_) {
    bool dup = std::any_of(kept.begin(), kept.end(), [&](const CandidatePair& k) { return same_ends(k, p); });
    if (!dup) kept.push_back(std::move(p));
  }
  // "If the number of pairs exceeds the limit, lower priority pairs are
  // removed" (limit default 100, RFC 5245 5.7.3).
  if (kept.size() > limit) kept.resize(limit);
  pairs_ = std::move(kept);
}

std::vector<PairId> CheckList::set_initial_states() {
  // RFC 5245 5.7.4: "For all pairs with the same foundation, it sets the state
  // of the pair with the lowest component ID to Waiting. If there is more than
  // one such pair, the one with the highest priority is used."
  std::map<std::string, CandidatePair*> first;
  for (auto& p : pairs_) {
    p.state = PairState::Frozen;
    auto [it, inserted] = first.try_emplace(p.foundation(), &p);
    // pairs_ is in decreasing priority, so the first one seen at the lowest
    // component wins ties by priority.
    if (!inserted && p.component() < it->second->component()) it->second = &p;
  }
  std::vector<PairId> waiting;
  for (auto& [f, p] : first) p->state = PairState::Waiting;
  for (const auto& p : pairs_)
    if (p.state == PairState::Waiting) waiting.push_back(p.id);
  return waiting;
}

CandidatePair& CheckList::add(const Candidate& local, const Candidate& remote, Role role) {
  CandidatePair p;
  p.id = next_id_++;
  p.local = local;
  p.remote = remote;
  p.priority = pair_priority(local, remote, role);
  p.state = PairState::Waiting;
  PairId id = p.id;
  pairs_.push_back(std::move(p));
  sort();
  return *find(id);
}

void CheckList::remove(PairId id) {
  std::erase_if(pairs_, [&](const CandidatePair& p) { return p.id == id; });
}

CandidatePair* CheckList::find(PairId id) {
  for (auto& p : pairs_)
    if (p.id == id) return &p;
  return nullptr;
}
const CandidatePair* CheckList::find(PairId id) const {
  for (const auto& p : pairs_)
    if (p.id == id) return &p;
  return nullptr;
}

CandidatePair* CheckList::find(const Endpoint& local, const Endpoint& remote, int component,
                               Transport transport) {
  for (auto& p : pairs_)
    if (p.local.address == local && p.remote.address == remote && p.component() == component &&
        p.local.transport == transport)
      return &p;
  return nullptr;
}

void CheckList::set_role(Role role) {
  role_ = role;
  for (auto& p : pairs_) p.priority = pair_priority(p.local, p.remote, role);
  for (auto& v : valid_) v.pair.priority = pair_priority(v.pair.local, v.pair.remote, role);
  sort();
}

std::vector<PairId> CheckList::unfreeze_foundation(const std::string& foundation) {
  std::vector<PairId> changed;
  for (auto& p : pairs_) {
    if (p.state == PairState::Frozen && p.foundation() == foundation) {
      p.state = PairState::Waiting;
      changed.push_back(p.id);
    }
  }
  return changed;
}

std::size_t CheckList::count(PairState s) const {
  return static_cast<std::size_t>(
      std::count_if(pairs_.begin(), pairs_.end(), [&](const CandidatePair& p) { return p.state == s; }));
}

ValidPair& CheckList::add_valid(const CandidatePair& pair, PairId generated_by) {
  for (auto& v : valid_) {
    if (same_ends(v.pair, pair)) {
      v.generated_by = generated_by;
      return v;
    }
  }
  ValidPair v;
  v.pair = pair;
  if (v.pair.id == 0) v.pair.id = next_id_++;  // a pair that is not on the check list
  v.pair.state = PairState::Succeeded;
  v.generated_by = generated_by;
  valid_.push_back(std::move(v));
  sort();
  for (auto& x : valid_)
    if (same_ends(x.pair, pair)) return x;
  return valid_.back();  // unreachable
}

void CheckList::drop_valid_from(PairId generator) {
  std::erase_if(valid_, [&](const ValidPair& v) { return v.generated_by == generator && !v.nominated; });
}

}  // namespace natlab::ice
