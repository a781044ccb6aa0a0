// StreamDeframer: TURN over TCP framing (RFC 5766 2.1, 11.5).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/message.h"
#include "agents/turn/stream_deframer.h"

namespace natlab::turn {
namespace {

std::vector<std::uint8_t> deframer_binding_request(std::uint8_t id_byte) {
  stun::Message m;
  m.cls = stun::Class::Request;
  m.method = static_cast<std::uint16_t>(stun::Method::Binding);
  m.transaction_id.fill(id_byte);
  m.add(stun::Software{"abc"});  // 3 bytes: attribute padding inside the message
  return stun::encode(m);
}

std::vector<std::uint8_t> deframer_channel_data(std::uint16_t channel, std::size_t n, bool pad) {
  std::vector<std::uint8_t> data(n);
  for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i + 1);
  return stun::encode(stun::ChannelData{channel, data}, pad);
}

std::vector<StreamFrame> drain_frames(StreamDeframer& d) {
  std::vector<StreamFrame> out;
  while (auto f = d.next()) out.push_back(std::move(*f));
  return out;
}

// A STUN message, then ChannelData of every length 0..5 (padding 0..3).
std::vector<std::uint8_t> deframer_joined_stream(std::vector<std::vector<std::uint8_t>>& unpadded) {
  std::vector<std::uint8_t> stream;
  auto stun_msg = deframer_binding_request(7);
  unpadded.push_back(stun_msg);
  stream.insert(stream.end(), stun_msg.begin(), stun_msg.end());
  for (std::size_t n = 0; n <= 5; ++n) {
    unpadded.push_back(deframer_channel_data(0x4001, n, false));
    auto padded = deframer_channel_data(0x4001, n, true);
    stream.insert(stream.end(), padded.begin(), padded.end());
  }
  return stream;
}

TEST(TurnStreamDeframer, JoinedMessagesComeOutWholeWithoutPadding) {
  std::vector<std::vector<std::uint8_t>> expected;
  auto stream = deframer_joined_stream(expected);
  StreamDeframer d;
  ASSERT_TRUE(d.push(stream));
  auto frames = drain_frames(d);
  ASSERT_EQ(frames.size(), expected.size());
  EXPECT_EQ(frames[0].kind, FrameKind::Stun);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].bytes, expected[i]) << "frame " << i;
    if (i > 0) {
      EXPECT_EQ(frames[i].kind, FrameKind::ChannelData);
      auto cd = stun::decode_channel_data(frames[i].bytes);
      ASSERT_TRUE(cd);
      EXPECT_EQ(cd.frame->data.size(), i - 1);
    }
  }
  EXPECT_EQ(d.buffered(), 0u);
  EXPECT_FALSE(d.error());
}

TEST(TurnStreamDeframer, ByteByByteGivesTheSameMessages) {
  std::vector<std::vector<std::uint8_t>> expected;
  auto stream = deframer_joined_stream(expected);
  StreamDeframer d;
  std::vector<StreamFrame> frames;
  for (std::uint8_t b : stream) {
    ASSERT_TRUE(d.push(std::span<const std::uint8_t>(&b, 1)));
    for (auto& f : drain_frames(d)) frames.push_back(std::move(f));
  }
  ASSERT_EQ(frames.size(), expected.size());
  for (std::size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(frames[i].bytes, expected[i]);
}

TEST(TurnStreamDeframer, ChannelDataWaitsForItsPadding) {
  auto padded = deframer_channel_data(0x4000, 5, true);  // 4 + 5 + 3 padding
  ASSERT_EQ(padded.size(), 12u);
  EXPECT_EQ(channel_data_stream_size(5), 12u);
  StreamDeframer d;
  ASSERT_TRUE(d.push(std::span<const std::uint8_t>(padded.data(), 9)));
  EXPECT_FALSE(d.next()) << "the message is there but its padding is not";
  ASSERT_TRUE(d.push(std::span<const std::uint8_t>(padded.data() + 9, 3)));
  auto f = d.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->bytes.size(), 9u);
}

TEST(TurnStreamDeframer, GarbageIsAnErrorAndStaysOne) {
  StreamDeframer d;
  auto ok = deframer_binding_request(1);
  std::vector<std::uint8_t> stream = ok;
  stream.push_back(0x80);  // 0b10: neither STUN nor ChannelData
  stream.insert(stream.end(), ok.begin(), ok.end());
  ASSERT_TRUE(d.push(stream));
  auto first = d.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->bytes, ok);
  EXPECT_FALSE(d.next());
  ASSERT_TRUE(d.error());
  EXPECT_EQ(*d.error(), DeframeError::NotTurn);
  EXPECT_FALSE(d.push(ok));
  EXPECT_FALSE(d.next());
  for (std::uint8_t lead : {0xC0, 0xFF}) {
    StreamDeframer g;
    const std::uint8_t b = lead;
    g.push(std::span<const std::uint8_t>(&b, 1));
    EXPECT_FALSE(g.next());
    EXPECT_EQ(g.error(), DeframeError::NotTurn) << int{lead};
  }
}

TEST(TurnStreamDeframer, BufferIsBounded) {
  StreamDeframer d(64);
  // A STUN header announcing 1000 bytes: they may not all be buffered.
  std::vector<std::uint8_t> big(60, 0);
  big[2] = 0x03;
  big[3] = 0xE8;
  ASSERT_TRUE(d.push(big));
  EXPECT_FALSE(d.next());
  EXPECT_FALSE(d.push(std::vector<std::uint8_t>(5, 0)));
  EXPECT_EQ(d.error(), DeframeError::Overflow);
  // Bytes already returned do not count against the bound.
  StreamDeframer e(32);
  auto msg = deframer_binding_request(2);  // 28 bytes
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(e.push(msg)) << i;
    ASSERT_TRUE(e.next());
  }
  EXPECT_FALSE(e.error());
}

}  // namespace
}  // namespace natlab::turn
