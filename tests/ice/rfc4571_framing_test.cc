#include "agents/ice/rfc4571_framing.h"

#include <gtest/gtest.h>

namespace natlab::ice {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes rfc4571_payload(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

Bytes rfc4571_join(const std::vector<Bytes>& payloads) {
  Bytes out;
  for (const auto& p : payloads) {
    auto f = rfc4571_frame(p);
    EXPECT_TRUE(f.has_value());
    out.insert(out.end(), f->begin(), f->end());
  }
  return out;
}

std::vector<Bytes> rfc4571_drain(Rfc4571Deframer& d) {
  std::vector<Bytes> out;
  while (auto f = d.next()) out.push_back(std::move(*f));
  return out;
}

TEST(Rfc4571Framing, PrefixIsLengthInNetworkOrder) {
  auto f = rfc4571_frame(rfc4571_payload(0x0123, 1));
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 0x0125u);
  EXPECT_EQ((*f)[0], 0x01);
  EXPECT_EQ((*f)[1], 0x23);
  EXPECT_EQ((*f)[2], 1);
}

TEST(Rfc4571Framing, LargestFrameFitsAndOneMoreDoesNot) {
  EXPECT_TRUE(rfc4571_frame(Bytes(kRfc4571MaxFrame)));
  EXPECT_FALSE(rfc4571_frame(Bytes(kRfc4571MaxFrame + 1)));
}

TEST(Rfc4571Framing, ByteByByteYieldsEachFrameWhenItsLastByteArrives) {
  const std::vector<Bytes> sent{rfc4571_payload(20, 3), rfc4571_payload(1, 9), rfc4571_payload(300, 4)};
  const Bytes stream = rfc4571_join(sent);
  Rfc4571Deframer d;
  std::vector<Bytes> got;
  std::vector<std::size_t> completed_at;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    ASSERT_TRUE(d.feed(std::span(&stream[i], 1)));
    for (auto& f : rfc4571_drain(d)) {
      got.push_back(std::move(f));
      completed_at.push_back(i + 1);
    }
  }
  EXPECT_EQ(got, sent);
  EXPECT_EQ(completed_at, (std::vector<std::size_t>{22, 25, 327}));
  EXPECT_EQ(d.buffered(), 0u);
  EXPECT_EQ(d.frames(), 3u);
}

TEST(Rfc4571Framing, JoinedFramesInOneChunk) {
  const std::vector<Bytes> sent{rfc4571_payload(5, 1), rfc4571_payload(0, 0), rfc4571_payload(70, 2)};
  Rfc4571Deframer d;
  ASSERT_TRUE(d.feed(rfc4571_join(sent)));
  EXPECT_EQ(rfc4571_drain(d), sent);  // the empty frame too, in its place
}

TEST(Rfc4571Framing, EverySplitPointOfTwoFrames) {
  const std::vector<Bytes> sent{rfc4571_payload(9, 5), rfc4571_payload(4, 6)};
  const Bytes stream = rfc4571_join(sent);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    Rfc4571Deframer d;
    ASSERT_TRUE(d.feed(std::span(stream).first(cut)));
    auto got = rfc4571_drain(d);
    ASSERT_TRUE(d.feed(std::span(stream).subspan(cut)));
    for (auto& f : rfc4571_drain(d)) got.push_back(std::move(f));
    EXPECT_EQ(got, sent) << "cut at " << cut;
  }
}

TEST(Rfc4571Framing, PartialFrameIsNotYielded) {
  Rfc4571Deframer d;
  const Bytes stream = rfc4571_join({rfc4571_payload(10, 1)});
  ASSERT_TRUE(d.feed(std::span(stream).first(stream.size() - 1)));
  EXPECT_FALSE(d.next());
  EXPECT_EQ(d.buffered(), stream.size() - 1);
  EXPECT_FALSE(d.failed());
}

TEST(Rfc4571Framing, LengthAboveLimitIsAnErrorAsSoonAsThePrefixArrives) {
  Rfc4571Deframer d(DeframerLimits{100, 1000});
  ASSERT_TRUE(d.feed(rfc4571_join({rfc4571_payload(100, 1)})));  // the limit itself is fine
  ASSERT_TRUE(d.next());
  const Bytes bad{0x00, 0x65};  // 101, no payload yet
  EXPECT_FALSE(d.feed(bad));
  EXPECT_EQ(d.error(), DeframeError::FrameTooLarge);
  EXPECT_EQ(to_string(d.error()), "frame length above the limit");
  // The frame boundaries are lost: nothing more goes in or comes out.
  EXPECT_FALSE(d.feed(Bytes{0, 1, 3}));
  EXPECT_FALSE(d.next());
}

TEST(Rfc4571Framing, BadPrefixAfterAWholeFrameInOneChunk) {
  Rfc4571Deframer d(DeframerLimits{8, 1000});
  Bytes stream = rfc4571_join({rfc4571_payload(8, 1)});
  stream.push_back(0xFF);
  stream.push_back(0xFF);
  ASSERT_TRUE(d.feed(stream));  // the first prefix is fine
  auto f = d.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, rfc4571_payload(8, 1));
  EXPECT_FALSE(d.next());
  EXPECT_EQ(d.error(), DeframeError::FrameTooLarge);
}

TEST(Rfc4571Framing, BufferBoundRefusesBytesBeyondIt) {
  Rfc4571Deframer d(DeframerLimits{kRfc4571MaxFrame, 64});
  ASSERT_TRUE(d.feed(Bytes{0x00, 0x3E}));  // 62: exactly fills 64 with its prefix
  ASSERT_TRUE(d.feed(Bytes(62, 7)));
  EXPECT_EQ(d.buffered(), 64u);
  EXPECT_FALSE(d.feed(Bytes{0}));
  EXPECT_EQ(d.error(), DeframeError::BufferFull);
  EXPECT_FALSE(d.next());
}

TEST(Rfc4571Framing, TakingFramesFreesTheBound) {
  Rfc4571Deframer d(DeframerLimits{kRfc4571MaxFrame, 40});
  const Bytes frame = rfc4571_join({rfc4571_payload(18, 2)});  // 20 bytes
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(d.feed(frame)) << i;
    ASSERT_TRUE(d.feed(frame)) << i;
    ASSERT_EQ(rfc4571_drain(d).size(), 2u);
  }
  EXPECT_EQ(d.frames(), 100u);
}

}  // namespace
}  // namespace natlab::ice
