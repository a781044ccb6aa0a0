#include "sim/payload_summary.h"

namespace natlab::sim {

// Wired to agents/stun's decoder and summary once they land.
std::string summarize_payload(std::span<const std::uint8_t>) { return {}; }

}  // namespace natlab::sim
