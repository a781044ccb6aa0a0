// Cost of the STUN message layer on the messages a simulation sends most: ICE
// connectivity checks and TURN Send indications / Allocate requests.
#include <benchmark/benchmark.h>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"

namespace natlab::stun {
namespace {

const IntegrityKey& ice_key() {
  static const IntegrityKey k = short_term_key("0123456789abcdefghijkl");
  return k;
}
const IntegrityKey& turn_key() {
  static const IntegrityKey k = long_term_key("alice", "example.org", "secret");
  return k;
}

Message ice_check() {
  Message m;
  m.transaction_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  m.add(Username{"rfrag:lfrag"}).add(Priority{0x6e0001ff}).add(IceControlling{0x1122334455667788}).add(UseCandidate{});
  return m;
}

Message send_indication() {
  Message m;
  m.cls = Class::Indication;
  m.method = static_cast<std::uint16_t>(Method::Send);
  m.transaction_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  m.add(XorPeerAddress{*Endpoint::parse("192.0.2.77:5000")}).add(DataAttr{std::vector<std::uint8_t>(160, 0xAB)});
  return m;
}

Message allocate_request() {
  Message m;
  m.method = static_cast<std::uint16_t>(Method::Allocate);
  m.transaction_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  m.add(RequestedTransport{17}).add(Lifetime{600}).add(Username{"alice"}).add(Realm{"example.org"});
  m.add(Nonce{"f//499k954d6OL34oL9FSTvy64sA"});
  return m;
}

struct Case {
  Message (*make)();
  const IntegrityKey& (*key)();
  bool fingerprint;
};
const Case kCases[] = {{ice_check, ice_key, true}, {send_indication, ice_key, false}, {allocate_request, turn_key, true}};

void label(benchmark::State& state) {
  static const char* const names[] = {"ice_check", "send_indication", "allocate_request"};
  state.SetLabel(names[state.range(0)]);
}

void BM_Decode(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const auto bytes = encode(c.make(), {c.key(), c.fingerprint});
  for (auto _ : state) benchmark::DoNotOptimize(decode(bytes));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
  label(state);
}

void BM_EncodeWithTrailer(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const Message m = c.make();
  const EncodeOptions opts{c.key(), c.fingerprint};
  for (auto _ : state) benchmark::DoNotOptimize(encode(m, opts));
  state.SetItemsProcessed(state.iterations());
  label(state);
}

void BM_EncodePlain(benchmark::State& state) {
  const Message m = kCases[state.range(0)].make();
  for (auto _ : state) benchmark::DoNotOptimize(encode(m));
  state.SetItemsProcessed(state.iterations());
  label(state);
}

void BM_CheckIntegrity(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const auto bytes = encode(c.make(), {c.key(), c.fingerprint});
  for (auto _ : state) benchmark::DoNotOptimize(check_integrity(bytes, c.key()));
  state.SetItemsProcessed(state.iterations());
  label(state);
}

void BM_CheckFingerprint(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const auto bytes = encode(c.make(), {c.key(), true});
  for (auto _ : state) benchmark::DoNotOptimize(check_fingerprint(bytes));
  state.SetItemsProcessed(state.iterations());
  label(state);
}

void BM_LongTermKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(long_term_key("alice", "example.org", "secret"));
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Decode)->DenseRange(0, 2);
BENCHMARK(BM_EncodeWithTrailer)->DenseRange(0, 2);
BENCHMARK(BM_EncodePlain)->DenseRange(0, 2);
BENCHMARK(BM_CheckIntegrity)->DenseRange(0, 2);
BENCHMARK(BM_CheckFingerprint)->DenseRange(0, 2);
BENCHMARK(BM_LongTermKey);

}  // namespace
}  // namespace natlab::stun
