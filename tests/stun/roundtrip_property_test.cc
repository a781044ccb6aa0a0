// Properties over thousands of seeded random messages: decode(encode(m)) == m,
// typed views survive, and no truncation or length rewrite crashes decode().
#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "agents/stun/summary.h"
#include "tests/stun/random_message.h"

namespace natlab::stun {
namespace {

constexpr int kMessages = 4000;

TEST(StunRoundTripProperty, DecodeEncodeIsIdentity) {
  testing::RandomMessages gen(0x5754554E);
  std::size_t attributes = 0;
  for (int i = 0; i < kMessages; ++i) {
    const Message m = gen.next();
    attributes += m.attributes.size();
    const auto b = encode(m);
    ASSERT_EQ(b.size() % 4, 0u);
    ASSERT_TRUE(looks_like_stun(b));
    auto d = decode(b);
    ASSERT_TRUE(d) << "message " << i << ": " << to_string(d.error) << " " << summarize(m);
    ASSERT_EQ(*d.message, m) << "message " << i;
    ASSERT_EQ(encode(*d.message), b);
    ASSERT_FALSE(summarize(*d.message).empty());
  }
  EXPECT_GT(attributes, static_cast<std::size_t>(kMessages) * 5);
}

TEST(StunRoundTripProperty, FreshTrailerVerifies) {
  testing::RandomMessages gen(7);
  const IntegrityKey key = short_term_key("property-test-password");
  for (int i = 0; i < kMessages / 4; ++i) {
    const Message m = gen.next();
    const bool fp = gen.rng().uniform(0, 1) == 1;
    const auto b = encode(m, {key, fp});
    auto d = decode(b);
    ASSERT_TRUE(d) << to_string(d.error);
    ASSERT_EQ(check_integrity(b, key), IntegrityCheck::Valid);
    ASSERT_EQ(check_fingerprint(b), fp ? FingerprintCheck::Valid : FingerprintCheck::Missing);
    ASSERT_EQ(encode(*d.message), b);
  }
}

TEST(StunRoundTripProperty, EveryTruncationIsAnError) {
  testing::RandomMessages gen(0xC0FFEE);
  for (int i = 0; i < kMessages / 4; ++i) {
    const auto b = encode(gen.next());
    for (std::size_t n = 0; n < b.size(); ++n) {
      const std::span<const std::uint8_t> prefix(b.data(), n);
      ASSERT_FALSE(decode(prefix)) << "message " << i << " cut at " << n;
      ASSERT_FALSE(looks_like_stun(prefix));
    }
  }
}

// Truncations whose header length is rewritten to match get past the header
// checks and exercise the attribute walk: any success must re-encode exactly.
TEST(StunRoundTripProperty, TruncationWithRewrittenLengthIsSafe) {
  testing::RandomMessages gen(99);
  int accepted = 0;
  for (int i = 0; i < kMessages / 4; ++i) {
    const auto b = encode(gen.next());
    for (std::size_t n = kHeaderSize; n < b.size(); n += 4) {
      std::vector<std::uint8_t> t(b.begin(), b.begin() + static_cast<long>(n));
      t[2] = static_cast<std::uint8_t>((n - kHeaderSize) >> 8);
      t[3] = static_cast<std::uint8_t>(n - kHeaderSize);
      auto d = decode(t);
      if (d) {
        ++accepted;
        ASSERT_EQ(encode(*d.message), t);
      } else {
        ASSERT_TRUE(d.error == DecodeError::TruncatedAttribute || d.error == DecodeError::BadAttributeValue)
            << to_string(d.error);
      }
    }
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace natlab::stun
