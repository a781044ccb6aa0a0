#include "agents/stun/server.h"

#include <algorithm>
#include <utility>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"

namespace natlab::stun {
namespace {

const char* reason_phrase(int code) {
  switch (code) {
    case 400: return "Bad Request";        // RFC 5389 15.6
    case 420: return "Unknown Attribute";  // RFC 5389 15.6
  }
  return "Error";
}

}  // namespace

StunServer::StunServer(ServerConfig config) : config_(std::move(config)) {}

bool StunServer::discovery_capable() const {
  return config_.alternate_ip.has_value() && config_.alternate_port.has_value();
}

std::vector<Endpoint> StunServer::local_endpoints() const {
  std::vector<IpAddress> ips{config_.primary.address};
  if (config_.alternate_ip) ips.push_back(*config_.alternate_ip);
  std::vector<std::uint16_t> ports{config_.primary.port};
  if (config_.alternate_port) ports.push_back(*config_.alternate_port);
  std::vector<Endpoint> out;
  for (const auto& ip : ips)
    for (auto port : ports) out.push_back(Endpoint{ip, port});
  return out;
}

bool StunServer::is_local(const Endpoint& ep) const {
  auto all = local_endpoints();
  return std::find(all.begin(), all.end(), ep) != all.end();
}

void StunServer::handle_datagram(Time /*now*/, const Endpoint& local, const Endpoint& remote,
                                 std::span<const std::uint8_t> bytes) {
  ++counters_.received;
  if (!is_local(local)) {
    ++counters_.dropped_unknown_local;
    return;
  }
  DecodeResult r = decode(bytes);
  if (!r) {
    // RFC 5389 7.3: a message that is not well-formed STUN is discarded.
    ++counters_.dropped_malformed;
    return;
  }
  // RFC 5389 7.3 / 15.5: a FINGERPRINT that does not match means "not STUN".
  if (check_fingerprint(bytes) == FingerprintCheck::Invalid) {
    ++counters_.dropped_bad_fingerprint;
    return;
  }
  const Message& req = *r.message;
  if (req.cls != Class::Request) {
    // RFC 5389 7.3.2: indications get no answer; 7.3.3: a response matching no
    // transaction of ours (we run none) is discarded.
    ++counters_.dropped_not_request;
    return;
  }

  // RFC 5389 7.3.1: unknown comprehension-required attributes get a 420 listing
  // them. RFC 5780 6: a server without an alternate address and port "MUST
  // respond with a 420 (Unknown Attribute) to any Request with a CHANGE-REQUEST
  // attribute". PADDING (RFC 5780 7.6) is not implemented, so it is unknown too.
  std::vector<std::uint16_t> unknown;
  for (const auto& a : req.attributes) {
    if (!comprehension_required(a.type)) continue;
    bool understood = is_known_attribute(a.type) && a.type != attr::Padding &&
                      (a.type != attr::ChangeRequest || discovery_capable());
    if (!understood && std::find(unknown.begin(), unknown.end(), a.type) == unknown.end())
      unknown.push_back(a.type);
  }
  if (!unknown.empty()) {
    send_error(req, local, remote, 420, std::move(unknown));
    return;
  }
  if (req.method_enum() != Method::Binding) {
    // Only Binding is served here. RFC 5389 does not name a code for an
    // unsupported request method; 400 is what common servers answer.
    send_error(req, local, remote, 400);
    return;
  }
  answer_binding(req, local, remote);
}

void StunServer::answer_binding(const Message& req, const Endpoint& local,
                                const Endpoint& remote) {
  // Ca / Cp of RFC 5780 6.1 are relative to the socket the request arrived on
  // (Da:Dp): the other IP address and the other port.
  auto other_ip = [&](const IpAddress& ip) {
    return ip == config_.primary.address ? *config_.alternate_ip : config_.primary.address;
  };
  auto other_port = [&](std::uint16_t port) {
    return port == config_.primary.port ? *config_.alternate_port : config_.primary.port;
  };

  Endpoint from = local;
  if (auto change = req.get<ChangeRequest>()) {
    // RFC 5780 6.1, table 1: source address Ca if "change IP", source port Cp
    // if "change port". (Only reached when discovery_capable().)
    if (change->change_ip) from.address = other_ip(local.address);
    if (change->change_port) from.port = other_port(local.port);
  }
  Endpoint to = remote;
  // RFC 5780 7.5: the response goes to the source IP address of the request
  // and the port in RESPONSE-PORT.
  if (auto rp = req.get<ResponsePort>()) to.port = rp->port;

  Message res;
  res.cls = Class::Success;
  res.method = req.method;
  res.transaction_id = req.transaction_id;
  // RFC 5389 15.2: the reflexive transport address as seen by the server.
  res.add(XorMappedAddress{remote});
  if (config_.mapped_address) res.add(MappedAddress{remote});
  // RFC 5780 7.3: RESPONSE-ORIGIN is the address and port the response is sent from.
  res.add(ResponseOrigin{from});
  // RFC 5780 6: OTHER-ADDRESS only when the server has an alternate address
  // and port; table 1: it is always Ca:Cp, whatever the CHANGE-REQUEST flags.
  if (discovery_capable()) res.add(OtherAddress{Endpoint{other_ip(local.address), other_port(local.port)}});
  ++counters_.success_responses;
  send(std::move(res), from, to);
}

void StunServer::send_error(const Message& req, const Endpoint& local, const Endpoint& remote,
                            int code, std::vector<std::uint16_t> unknown) {
  Message res;
  res.cls = Class::Error;
  res.method = req.method;
  res.transaction_id = req.transaction_id;
  res.add(ErrorCode{code, reason_phrase(code)});
  // RFC 5389 7.3.1: a 420 "MUST contain an UNKNOWN-ATTRIBUTES attribute".
  if (code == 420) res.add(UnknownAttributes{std::move(unknown)});
  ++counters_.error_responses;
  send(std::move(res), local, remote);
}

void StunServer::send(Message m, const Endpoint& from, const Endpoint& to) {
  // RFC 5389 15.10: SOFTWARE SHOULD be included in responses.
  if (!config_.software.empty()) m.add(Software{config_.software});
  EncodeOptions opts;
  opts.fingerprint = config_.fingerprint;
  out_.push_back(Transmit{from, to, encode(m, opts)});
}

std::optional<Transmit> StunServer::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Transmit t = std::move(out_.front());
  out_.pop_front();
  return t;
}

}  // namespace natlab::stun
