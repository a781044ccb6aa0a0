#include "realnet/probe/probe_driver.h"

#include <chrono>
#include <utility>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "realnet/asio_endpoint.h"
#include "realnet/driver.h"
#include "realnet/run.h"

namespace natlab::realnet {

using asio::ip::udp;
using turn::probe::CaseResult;

std::optional<IpAddress> local_address_towards(const Endpoint& server) {
  asio::io_context io;
  udp::socket s(io);
  asio::error_code ec;
  s.open(server.address.is_v4() ? udp::v4() : udp::v6(), ec);
  // connect() on UDP only picks the route and source address.
  if (!ec) s.connect(to_asio(server), ec);
  if (ec) return std::nullopt;
  auto local = s.local_endpoint(ec);
  if (ec) return std::nullopt;
  return from_asio(local).address;
}

std::vector<CaseResult> run_probe(const turn::probe::ProbeConfig& config, std::vector<turn::probe::CaseDef> cases,
                                  const ProbeAddresses& addresses,
                                  const std::function<void(const CaseResult&)>& on_result) {
  // A safety net, not a measurement: every wait of every case is bounded by
  // the probe's own timeouts, long sleeps included.
  const std::size_t n = cases.size();
  const Duration limit = std::chrono::minutes(10) + static_cast<long>(n) * 20 * config.timeout +
                         (config.slow ? 2 * (config.permission_lifetime + config.channel_lifetime) : Duration::zero());
  turn::probe::TurnProbe probe(config, std::move(cases));
  ProbeMachine machine(probe, addresses);
  asio::io_context io;
  Driver driver(io, machine);
  machine.attach(driver);
  if (auto err = driver.start()) return probe.results();  // nothing to bind before the first case
  run_until(
      io,
      [&] {
        while (auto r = probe.poll_result())
          if (on_result) on_result(*r);
        return probe.finished();
      },
      limit);
  driver.stop();
  while (auto r = probe.poll_result())
    if (on_result) on_result(*r);
  return probe.results();
}

}  // namespace natlab::realnet
