// TURN ChannelData framing (RFC 5766 11.4, 11.5).
#include <gtest/gtest.h>

#include "agents/stun/channel_data.h"
#include "common/rng.h"

namespace natlab::stun {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(StunChannelData, EncodeLayout) {
  const ChannelData cd{0x4001, {1, 2, 3, 4, 5}};
  EXPECT_EQ(encode(cd), (Bytes{0x40, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5}));
  // Over TCP the frame is padded, the length still excludes the padding.
  EXPECT_EQ(encode(cd, true), (Bytes{0x40, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0}));
  EXPECT_EQ(encode(ChannelData{0x7FFF, {}}, true), (Bytes{0x7F, 0xFF, 0, 0}));
}

TEST(StunChannelData, DecodeRoundTrip) {
  Rng rng(11);
  for (int i = 0; i < 500; ++i) {
    ChannelData cd{static_cast<std::uint16_t>(rng.uniform(kMinChannelNumber, kMaxChannelNumber)), {}};
    cd.data.resize(rng.uniform(0, 300));
    for (auto& b : cd.data) b = static_cast<std::uint8_t>(rng.next_u32());
    for (bool pad : {false, true}) {
      const Bytes b = encode(cd, pad);
      auto r = decode_channel_data(b, pad);
      ASSERT_TRUE(r);
      EXPECT_EQ(*r.frame, cd);
      EXPECT_EQ(r.consumed, b.size());
      for (std::size_t n = 0; n < b.size(); ++n)
        ASSERT_FALSE(decode_channel_data(std::span(b.data(), n), pad)) << n;
    }
  }
}

TEST(StunChannelData, Errors) {
  EXPECT_EQ(decode_channel_data(Bytes{}).error, ChannelDataError::TooShort);
  EXPECT_EQ(decode_channel_data(Bytes{0x40, 0x00, 0x00}).error, ChannelDataError::TooShort);
  EXPECT_EQ(decode_channel_data(Bytes{0x3F, 0xFF, 0, 0}).error, ChannelDataError::BadChannelNumber);
  EXPECT_EQ(decode_channel_data(Bytes{0x80, 0x00, 0, 0}).error, ChannelDataError::BadChannelNumber);
  EXPECT_EQ(decode_channel_data(Bytes{0x00, 0x01, 0, 0}).error, ChannelDataError::BadChannelNumber);
  EXPECT_EQ(decode_channel_data(Bytes{0x40, 0x00, 0, 2, 1}).error, ChannelDataError::Truncated);
  EXPECT_EQ(decode_channel_data(Bytes{0x40, 0x00, 0xFF, 0xFF}).error, ChannelDataError::Truncated);
  // Padding required when padded, and a plain UDP frame does not need it.
  EXPECT_EQ(decode_channel_data(Bytes{0x40, 0x00, 0, 1, 9}, true).error, ChannelDataError::Truncated);
  EXPECT_TRUE(decode_channel_data(Bytes{0x40, 0x00, 0, 1, 9}, false));
  EXPECT_STREQ(to_string(ChannelDataError::BadChannelNumber), "BadChannelNumber");
}

TEST(StunChannelData, TrailingBytesLeftForNextFrame) {
  Bytes stream = encode(ChannelData{0x4000, {1, 2, 3}}, true);
  const Bytes second = encode(ChannelData{0x4001, {4}}, true);
  stream.insert(stream.end(), second.begin(), second.end());
  auto r1 = decode_channel_data(stream, true);
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1.consumed, 8u);
  EXPECT_EQ(r1.frame->data, (Bytes{1, 2, 3}));
  auto r2 = decode_channel_data(std::span(stream).subspan(r1.consumed), true);
  ASSERT_TRUE(r2);
  EXPECT_EQ(*r2.frame, (ChannelData{0x4001, {4}}));
}

TEST(StunChannelData, ChannelRange) {
  EXPECT_FALSE(is_valid_channel_number(0x3FFF));
  EXPECT_TRUE(is_valid_channel_number(0x4000));
  EXPECT_TRUE(is_valid_channel_number(0x7FFF));
  EXPECT_FALSE(is_valid_channel_number(0x8000));
}

}  // namespace
}  // namespace natlab::stun
