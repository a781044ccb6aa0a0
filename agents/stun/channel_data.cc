#include "agents/stun/channel_data.h"

#include "agents/stun/byte_io.h"

namespace natlab::stun {

std::vector<std::uint8_t> encode(const ChannelData& cd, bool pad_to_4) {
  const std::size_t n = cd.data.size();
  std::vector<std::uint8_t> out;
  out.reserve(kChannelDataHeaderSize + detail::padded_size(n));
  detail::append_u16(out, cd.channel);
  detail::append_u16(out, static_cast<std::uint16_t>(n));  // RFC 5766 11.4: length excludes padding
  out.insert(out.end(), cd.data.begin(), cd.data.end());
  if (pad_to_4) out.resize(kChannelDataHeaderSize + detail::padded_size(n), 0);  // RFC 5766 11.5
  return out;
}

const char* to_string(ChannelDataError e) {
  switch (e) {
    case ChannelDataError::TooShort: return "TooShort";
    case ChannelDataError::BadChannelNumber: return "BadChannelNumber";
    case ChannelDataError::Truncated: return "Truncated";
  }
  return "?";
}

ChannelDataDecodeResult decode_channel_data(std::span<const std::uint8_t> bytes, bool padded) {
  ChannelDataDecodeResult r;
  if (bytes.size() < kChannelDataHeaderSize) return r;
  const std::uint16_t channel = detail::load_u16(bytes.data());
  if (!is_valid_channel_number(channel)) {  // RFC 5766 11.4: 0x4000 through 0x7FFF
    r.error = ChannelDataError::BadChannelNumber;
    return r;
  }
  const std::size_t len = detail::load_u16(bytes.data() + 2);
  const std::size_t need = kChannelDataHeaderSize + (padded ? detail::padded_size(len) : len);
  // RFC 5766 11.5: a datagram too short for the claimed length is discarded.
  if (need > bytes.size()) {
    r.error = ChannelDataError::Truncated;
    return r;
  }
  const auto data = bytes.subspan(kChannelDataHeaderSize, len);
  r.frame = ChannelData{channel, {data.begin(), data.end()}};
  r.consumed = need;
  return r;
}

}  // namespace natlab::stun
