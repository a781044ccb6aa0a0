// The committed fuzz seeds are what they claim to be: valid STUN or ChannelData,
// so the fuzzer starts from messages that reach deep into the decoder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "agents/stun/channel_data.h"
#include "agents/stun/demux.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"

namespace natlab::stun {
namespace {

TEST(StunFuzzCorpus, SeedsAreValid) {
  const std::filesystem::path dir = std::filesystem::path(NATLAB_SOURCE_DIR) / "fuzz/corpus/stun_decode";
  int stun = 0;
  int channel = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    const std::vector<std::uint8_t> b{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto name = e.path().filename().string();
    if (classify(b) == PacketKind::ChannelData) {
      EXPECT_TRUE(decode_channel_data(b, b.size() % 4 == 0)) << name;
      ++channel;
      continue;
    }
    auto d = decode(b);
    ASSERT_TRUE(d) << name << ": " << to_string(d.error);
    EXPECT_EQ(encode(*d.message), b) << name;
    EXPECT_NE(check_fingerprint(b), FingerprintCheck::Invalid) << name;
    ++stun;
  }
  EXPECT_GE(stun, 6);
  EXPECT_GE(channel, 1);
}

TEST(StunFuzzCorpus, TurnSeedsVerifyWithLongTermKey) {
  const std::filesystem::path p =
      std::filesystem::path(NATLAB_SOURCE_DIR) / "fuzz/corpus/stun_decode/turn_allocate_request.bin";
  std::ifstream in(p, std::ios::binary);
  const std::vector<std::uint8_t> b{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(check_integrity(b, long_term_key("alice", "example.org", "secret")), IntegrityCheck::Valid);
  EXPECT_EQ(check_fingerprint(b), FingerprintCheck::Valid);
}

}  // namespace
}  // namespace natlab::stun
