#pragma once
// RFC 5780 NAT behaviour discovery client, sans-IO: classifies the mapping
// (4.3) and filtering (4.4) behaviour of the NATs between the client and an
// RFC 5780 server with two addresses, and tests hairpinning (4.5).
//
// Order of the tests. Filtering tests run before mapping tests II and III:
// those send to the server's alternate address, which would open the NAT's
// filter to it and make filtering test II pass on any NAT. So:
//   test I -> filtering II -> (filtering III) -> mapping II -> (mapping III)
//   -> hairpinning.
// Tests that expect silence as a possible answer (filtering II and III,
// hairpinning) use a short retransmission schedule so that a whole run takes a
// few seconds of simulated time.
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>

#include "agents/stun/message.h"
#include "agents/stun/transaction.h"
#include "common/ip.h"
#include "common/rng.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::stun {

// RFC 4787 4.1 and 5 behaviours, shared by mapping and filtering.
enum class NatBehavior { Unknown, EndpointIndependent, AddressDependent, AddressAndPortDependent };
// "endpoint-independent", "address-dependent", "address-and-port-dependent",
// "unknown": the spellings of the scenario format.
const char* to_string(NatBehavior b);

struct DiscoveryConfig {
  Endpoint server;  // the server's primary address Da:Dp
  Endpoint local;   // the client's socket for every test but hairpinning
  // RFC 5780 4.5 sends the hairpinning request "from a different port"; without
  // one, the request goes from `local` to its own mapped address.
  std::optional<Endpoint> hairpin_local;
  bool test_hairpinning = true;
  RetransmitConfig retransmit{};  // tests that expect an answer
  RetransmitConfig probe_retransmit{std::chrono::milliseconds(100), 3, 4};  // may be silent
  std::string software = "natlab";
};

struct DiscoveryResult {
  bool finished = false;
  // Set when the run could not classify: no answer to test I (UDP blocked or
  // server down), a server without OTHER-ADDRESS, an error response, a
  // CHANGE-REQUEST answered from the wrong address.
  std::optional<std::string> error;
  bool nat_detected = false;  // mapped address of test I != local address
  NatBehavior mapping = NatBehavior::Unknown;
  NatBehavior filtering = NatBehavior::Unknown;
  std::optional<bool> hairpinning;  // unset when not tested
  std::optional<Endpoint> mapped_test1, mapped_test2, mapped_test3;
  std::optional<Endpoint> other_address;  // the server's Ca:Cp
};

class NatDiscovery {
 public:
  // Sends test I at once. `rng` (for transaction IDs) is kept by reference and
  // must outlive the run.
  NatDiscovery(DiscoveryConfig config, Rng& rng, Time now);

  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes);
  void handle_timeout(Time now);
  std::optional<Transmit> poll_transmit();
  std::optional<Time> poll_timeout() const;

  bool finished() const { return result_.finished; }
  const DiscoveryResult& result() const { return result_; }

  enum class Step { MappingI, FilteringII, FilteringIII, MappingII, MappingIII, Hairpin, Done };
  Step step() const { return step_; }

 private:
  void begin(Step step, Time now);
  void on_response(Time now, const Endpoint& remote, const Message& m);
  void on_timeout(Time now);
  void fail(std::string why);
  void drain();

  DiscoveryConfig config_;
  Rng& rng_;
  Step step_ = Step::MappingI;
  std::optional<ClientTransaction> txn_;
  std::optional<Endpoint> expected_source_;  // where the current answer must come from
  std::deque<Transmit> out_;
  DiscoveryResult result_;
};

const char* to_string(NatDiscovery::Step s);

}  // namespace natlab::stun
