#include "agents/ice/nomination.h"

#include <algorithm>

namespace natlab::ice {

const char* to_string(IceState s) {
  switch (s) {
    case IceState::New: return "new";
    case IceState::Running: return "running";
    case IceState::Completed: return "completed";
    case IceState::Failed: return "failed";
  }
  return "?";
}

const ValidPair* selected_valid_pair(const CheckList& list, int component) {
  // valid() is sorted by decreasing priority.
  for (const auto& v : list.valid())
    if (v.nominated && v.pair.component() == component) return &v;
  return nullptr;
}

const ValidPair* best_valid_pair(const CheckList& list, int component) {
  for (const auto& v : list.valid())
    if (v.pair.component() == component) return &v;
  return nullptr;
}

std::optional<PairId> regular_nomination(const CheckList& list, int component, bool waited) {
  const ValidPair* best = best_valid_pair(list, component);
  if (!best || list.find(best->generated_by) == nullptr) return std::nullopt;
  bool settled = std::all_of(list.pairs().begin(), list.pairs().end(), [&](const CandidatePair& p) {
    return p.component() != component || p.priority <= best->pair.priority ||
           p.state == PairState::Succeeded || p.state == PairState::Failed;
  });
  if (!settled && !waited) return std::nullopt;
  return best->generated_by;
}

IceState evaluate_state(const CheckList& list, int components, bool triggered_pending,
                        IceState current) {
  if (current != IceState::Running) return current;
  bool all_nominated = true;
  bool all_valid = true;
  for (int c = 1; c <= components; ++c) {
    if (!selected_valid_pair(list, c)) all_nominated = false;
    if (!best_valid_pair(list, c)) all_valid = false;
  }
  if (all_nominated) return IceState::Completed;
  bool done = !triggered_pending && std::all_of(list.pairs().begin(), list.pairs().end(), [](const CandidatePair& p) {
    return p.state == PairState::Succeeded || p.state == PairState::Failed;
  });
  if (done && !all_valid) return IceState::Failed;
  return current;
}

}  // namespace natlab::ice
