#include "agents/ice/dialect.h"

namespace natlab::ice {

using stun::FingerprintMatch;
using stun::FingerprintTable;

bool accepts_alternate_fingerprint(const AgentConfig& config) {
  return config.dialect != Dialect::Rfc || config.accept_alternate_fingerprint;
}

bool fingerprint_accepted(const AgentConfig& config, FingerprintMatch match) {
  switch (match) {
    case FingerprintMatch::Missing:
    case FingerprintMatch::Standard: return true;
    case FingerprintMatch::Alternate: return accepts_alternate_fingerprint(config);
    case FingerprintMatch::None: return false;
  }
  return false;
}

std::vector<FingerprintTable> check_tables(Dialect d) {
  switch (d) {
    case Dialect::Rfc: return {FingerprintTable::Standard};
    // MS-ICE2 3.1.4.8.2: the original, then the additional message.
    case Dialect::MsIce2: return {FingerprintTable::Standard, FingerprintTable::MsIce2Alternate};
    case Dialect::MsIce2Legacy: return {FingerprintTable::MsIce2Alternate};
  }
  return {FingerprintTable::Standard};
}

std::vector<FingerprintTable> response_tables(const AgentConfig& config, FingerprintMatch request) {
  if (config.dialect == Dialect::Rfc && config.accept_alternate_fingerprint && request == FingerprintMatch::Alternate)
    return {FingerprintTable::MsIce2Alternate};
  return check_tables(config.dialect);  // MS-ICE2 3.1.4.8.2 duplicates responses too
}

std::vector<std::vector<std::uint8_t>> in_tables(std::span<const std::uint8_t> datagram,
                                                 const std::vector<FingerprintTable>& tables) {
  std::vector<std::vector<std::uint8_t>> out;
  out.reserve(tables.size());
  for (FingerprintTable t : tables) out.push_back(stun::with_fingerprint_table(datagram, t));
  return out;
}

}  // namespace natlab::ice
