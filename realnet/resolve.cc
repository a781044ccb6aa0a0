#include "realnet/resolve.h"

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "realnet/asio_endpoint.h"

namespace natlab::realnet {

std::optional<Endpoint> resolve_udp(const std::string& text, std::string& error) {
  if (auto ep = Endpoint::parse(text)) return ep;
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    error = "'" + text + "' is not HOST:PORT";
    return std::nullopt;
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  asio::io_context io;
  asio::ip::udp::resolver resolver(io);
  std::error_code ec;
  auto results = resolver.resolve(host, text.substr(colon + 1), asio::ip::resolver_base::numeric_service, ec);
  if (ec || results.empty()) {
    error = "cannot resolve '" + text + "': " + (ec ? ec.message() : std::string("no address"));
    return std::nullopt;
  }
  // IPv4 first: most STUN and TURN deployments listen there.
  for (const auto& r : results)
    if (r.endpoint().address().is_v4()) return from_asio(r.endpoint());
  return from_asio(results.begin()->endpoint());
}

}  // namespace natlab::realnet
