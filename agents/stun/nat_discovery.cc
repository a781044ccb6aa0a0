#include "agents/stun/nat_discovery.h"

#include <utility>

#include "agents/stun/attributes.h"

namespace natlab::stun {

const char* to_string(NatBehavior b) {
  switch (b) {
    case NatBehavior::Unknown: return "unknown";
    case NatBehavior::EndpointIndependent: return "endpoint-independent";
    case NatBehavior::AddressDependent: return "address-dependent";
    case NatBehavior::AddressAndPortDependent: return "address-and-port-dependent";
  }
  return "unknown";
}

const char* to_string(NatDiscovery::Step s) {
  switch (s) {
    case NatDiscovery::Step::MappingI: return "mapping-test-I";
    case NatDiscovery::Step::FilteringII: return "filtering-test-II";
    case NatDiscovery::Step::FilteringIII: return "filtering-test-III";
    case NatDiscovery::Step::MappingII: return "mapping-test-II";
    case NatDiscovery::Step::MappingIII: return "mapping-test-III";
    case NatDiscovery::Step::Hairpin: return "hairpinning";
    case NatDiscovery::Step::Done: return "done";
  }
  return "?";
}

namespace {

std::optional<Endpoint> mapped_of(const Message& m) {
  if (auto x = m.get<XorMappedAddress>()) return x->endpoint;
  // RFC 5389 15.1: MAPPED-ADDRESS only from servers that predate XOR-MAPPED-ADDRESS.
  if (auto x = m.get<MappedAddress>()) return x->endpoint;
  return std::nullopt;
}

}  // namespace

NatDiscovery::NatDiscovery(DiscoveryConfig config, Rng& rng, Time now)
    : config_(std::move(config)), rng_(rng) {
  begin(Step::MappingI, now);
}

void NatDiscovery::begin(Step step, Time now) {
  step_ = step;
  txn_.reset();
  expected_source_.reset();
  if (step == Step::Done) {
    result_.finished = true;
    return;
  }

  Message req;
  req.cls = Class::Request;
  req.method = static_cast<std::uint16_t>(Method::Binding);
  rng_.fill(req.transaction_id);  // RFC 5389 6: uniformly random

  const Endpoint server = config_.server;
  // Only read after test I has succeeded, which requires OTHER-ADDRESS.
  const Endpoint other = result_.other_address.value_or(Endpoint{});
  Endpoint dest = server;
  Endpoint local = config_.local;
  RetransmitConfig rt = config_.retransmit;
  switch (step) {
    case Step::MappingI:  // RFC 5780 4.3 test I (also 4.4 test I)
      expected_source_ = server;
      break;
    case Step::FilteringII:  // RFC 5780 4.4 test II: change IP and port
      req.add(ChangeRequest{true, true});
      expected_source_ = other;
      rt = config_.probe_retransmit;
      break;
    case Step::FilteringIII:  // RFC 5780 4.4 test III: change port only
      req.add(ChangeRequest{false, true});
      expected_source_ = Endpoint{server.address, other.port};
      rt = config_.probe_retransmit;
      break;
    case Step::MappingII:  // RFC 5780 4.3 test II: alternate IP, primary port
      dest = Endpoint{other.address, server.port};
      expected_source_ = dest;
      break;
    case Step::MappingIII:  // RFC 5780 4.3 test III: alternate IP and port
      dest = other;
      expected_source_ = dest;
      break;
    case Step::Hairpin:  // RFC 5780 4.5: to the mapped address of test I
      dest = *result_.mapped_test1;
      local = config_.hairpin_local.value_or(config_.local);
      rt = config_.probe_retransmit;
      break;
    case Step::Done:
      break;
  }
  if (!config_.software.empty()) req.add(Software{config_.software});
  EncodeOptions opts;
  opts.fingerprint = true;
  txn_.emplace(encode(req, opts), req.transaction_id, dest, rt, now, local);
  drain();
}

void NatDiscovery::drain() {
  if (!txn_) return;
  while (auto t = txn_->poll_transmit()) out_.push_back(std::move(*t));
}

void NatDiscovery::fail(std::string why) {
  result_.error = std::move(why);
  step_ = Step::Done;
  txn_.reset();
  result_.finished = true;
}

void NatDiscovery::handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                                   std::span<const std::uint8_t> bytes) {
  if (!txn_) return;
  DecodeResult r = decode(bytes);
  if (!r) return;
  const Message& m = *r.message;
  if (step_ == Step::Hairpin) {
    // RFC 5780 4.5: "If the client receives its own request, the NAT supports
    // hairpinning" -- it arrives as a request, on any of our sockets.
    if (m.cls == Class::Request && m.transaction_id == txn_->id()) {
      result_.hairpinning = true;
      begin(Step::Done, now);
    }
    return;
  }
  // The mapping under test belongs to the socket the request left from.
  if (local != txn_->local()) return;
  if (!txn_->handle_response(now, m)) return;
  on_response(now, remote, m);
}

void NatDiscovery::on_response(Time now, const Endpoint& remote, const Message& m) {
  if (m.cls == Class::Error) {
    auto ec = m.get<ErrorCode>();
    fail(std::string("error response ") + (ec ? std::to_string(ec->code) : "?") + " to " +
         to_string(step_));
    return;
  }
  // RFC 5780 4.4 depends on the server answering from the address the
  // CHANGE-REQUEST asked for; a server that ignores it would fake "open".
  if (expected_source_ && remote != *expected_source_) {
    fail(std::string("answer to ") + to_string(step_) + " came from " + remote.to_string() +
         ", expected " + expected_source_->to_string());
    return;
  }
  auto mapped = mapped_of(m);
  switch (step_) {
    case Step::MappingI: {
      if (!mapped) return fail("no XOR-MAPPED-ADDRESS in the answer to test I");
      result_.mapped_test1 = mapped;
      result_.nat_detected = *mapped != config_.local;
      // RFC 5780 4.2: without OTHER-ADDRESS the server does not support
      // behaviour discovery.
      auto other = m.get<OtherAddress>();
      if (!other) return fail("server sent no OTHER-ADDRESS: no RFC 5780 support");
      result_.other_address = other->endpoint;
      return begin(Step::FilteringII, now);
    }
    case Step::FilteringII:
      // RFC 5780 4.4: an answer to test II means endpoint-independent filtering.
      result_.filtering = NatBehavior::EndpointIndependent;
      return begin(Step::MappingII, now);
    case Step::FilteringIII:
      // RFC 5780 4.4: an answer to test III means address-dependent filtering.
      result_.filtering = NatBehavior::AddressDependent;
      return begin(Step::MappingII, now);
    case Step::MappingII:
      if (!mapped) return fail("no XOR-MAPPED-ADDRESS in the answer to mapping test II");
      result_.mapped_test2 = mapped;
      // RFC 5780 4.3: same mapped address as test I: endpoint-independent.
      if (*mapped == *result_.mapped_test1) {
        result_.mapping = NatBehavior::EndpointIndependent;
        return begin(config_.test_hairpinning ? Step::Hairpin : Step::Done, now);
      }
      return begin(Step::MappingIII, now);
    case Step::MappingIII:
      if (!mapped) return fail("no XOR-MAPPED-ADDRESS in the answer to mapping test III");
      result_.mapped_test3 = mapped;
      // RFC 5780 4.3: test III equal to test II: address-dependent; else
      // address and port-dependent.
      result_.mapping = *mapped == *result_.mapped_test2 ? NatBehavior::AddressDependent
                                                         : NatBehavior::AddressAndPortDependent;
      return begin(config_.test_hairpinning ? Step::Hairpin : Step::Done, now);
    case Step::Hairpin:
    case Step::Done:
      return;
  }
}

void NatDiscovery::on_timeout(Time now) {
  switch (step_) {
    case Step::MappingI:
      return fail("no answer to test I: UDP blocked or server unreachable");
    case Step::FilteringII:
      return begin(Step::FilteringIII, now);
    case Step::FilteringIII:
      // RFC 5780 4.4: no answer to test II nor III: address and port-dependent.
      result_.filtering = NatBehavior::AddressAndPortDependent;
      return begin(Step::MappingII, now);
    case Step::MappingII:
    case Step::MappingIII:
      return fail(std::string("no answer from the alternate address in ") + to_string(step_));
    case Step::Hairpin:
      result_.hairpinning = false;
      return begin(Step::Done, now);
    case Step::Done:
      return;
  }
}

void NatDiscovery::handle_timeout(Time now) {
  if (!txn_) return;
  txn_->handle_timeout(now);
  drain();
  if (txn_->state() == TransactionState::TimedOut) on_timeout(now);
}

std::optional<Transmit> NatDiscovery::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Transmit t = std::move(out_.front());
  out_.pop_front();
  return t;
}

std::optional<Time> NatDiscovery::poll_timeout() const {
  if (!txn_) return std::nullopt;
  return txn_->poll_timeout();
}

}  // namespace natlab::stun
