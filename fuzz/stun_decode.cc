// Fuzz target for the STUN message layer: decode() must be total, and whatever
// it accepts must re-encode to the same bytes and re-sign to a verifiable message.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "agents/stun/channel_data.h"
#include "agents/stun/demux.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "agents/stun/summary.h"

using namespace natlab::stun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  static const IntegrityKey key = short_term_key("VOkJxbRl1RmTxUk/WvJxBt");

  (void)classify(in);
  (void)looks_like_stun(in);
  (void)check_integrity(in, key);
  (void)check_fingerprint(in);
  (void)decode_channel_data(in, true);
  // Unpadded, a frame re-encodes exactly (padded, its padding bytes may be anything).
  if (auto cd = decode_channel_data(in, false)) {
    if (cd.consumed > size) std::abort();
    if (encode(*cd.frame) != std::vector<std::uint8_t>(in.begin(), in.begin() + static_cast<long>(cd.consumed)))
      std::abort();
  }

  auto r = decode(in);
  if (!r) return 0;
  if (!looks_like_stun(in)) std::abort();
  const Message& m = *r.message;
  if (encode(m) != std::vector<std::uint8_t>(in.begin(), in.end())) std::abort();
  (void)summarize(m);

  // Fresh MESSAGE-INTEGRITY and FINGERPRINT, when they still fit the length field.
  if (size - kHeaderSize + 32 <= 0xFFFF) {
    const auto signed_bytes = encode(m, {key, true});
    if (!decode(signed_bytes)) std::abort();
    if (check_integrity(signed_bytes, key) != IntegrityCheck::Valid) std::abort();
    if (check_fingerprint(signed_bytes) != FingerprintCheck::Valid) std::abort();
  }
  return 0;
}
