#include "agents/ice/scheduler.h"

#include <algorithm>

namespace natlab::ice {

Duration effective_ta(Profile profile, std::optional<Duration> configured, bool enforce_floor) {
  const Duration floor = profile == Profile::Rfc5245 ? kTaFloor5245 : kTaFloor8445;
  const Duration def = profile == Profile::Rfc5245 ? kTaDefault5245 : kTaDefault8445;
  if (!enforce_floor && configured) return *configured;
  return std::max(floor, configured.value_or(def));
}

Duration check_rto(Profile profile, Duration ta, std::size_t total_pairs,
                   std::size_t waiting_plus_in_progress) {
  const Duration floor = profile == Profile::Rfc5245 ? Duration(std::chrono::milliseconds(100))
                                                     : Duration(std::chrono::milliseconds(500));
  const auto n = static_cast<Duration::rep>(total_pairs);
  const auto w = static_cast<Duration::rep>(waiting_plus_in_progress);
  return std::max(floor, ta * n * w);
}

void Scheduler::start(Time now) {
  if (!started_) started_ = now;
}

void Scheduler::enqueue_triggered(PairId id) {
  if (!is_triggered(id)) triggered_.push_back(id);
}

void Scheduler::remove_triggered(PairId id) { std::erase(triggered_, id); }

bool Scheduler::is_triggered(PairId id) const {
  return std::find(triggered_.begin(), triggered_.end(), id) != triggered_.end();
}

bool Scheduler::has_work(const CheckList& list) const {
  if (!triggered_.empty()) return true;
  return std::any_of(list.pairs().begin(), list.pairs().end(), [](const CandidatePair& p) {
    return p.state == PairState::Waiting || p.state == PairState::Frozen;
  });
}

std::optional<Time> Scheduler::next_check(const CheckList& list) const {
  if (!started_ || !has_work(list)) return std::nullopt;
  return last_check_ ? std::max(*started_, *last_check_ + ta_) : *started_;
}

std::optional<Scheduler::Pick> Scheduler::pick(Time now, const CheckList& list) {
  auto due = next_check(list);
  if (!due || now < *due) return std::nullopt;
  while (!triggered_.empty()) {
    PairId id = triggered_.front();
    triggered_.pop_front();
    if (list.find(id) == nullptr) continue;  // pruned since it was queued
    last_check_ = now;
    return Pick{id, true};
  }
  // pairs() is sorted by decreasing priority: the first match is the highest.
  for (PairState wanted : {PairState::Waiting, PairState::Frozen}) {
    for (const auto& p : list.pairs()) {
      if (p.state == wanted) {
        last_check_ = now;
        return Pick{p.id, false};
      }
    }
  }
  return std::nullopt;
}

void Scheduler::note_sent(Time now) {
  if (started_ && (!last_check_ || now > *last_check_)) last_check_ = now;
}

}  // namespace natlab::ice
