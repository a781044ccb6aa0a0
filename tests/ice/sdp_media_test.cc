// format_media_section: the whole description in libnice's own form, and
// what natlab's parser makes of it and of libnice's.
#include <gtest/gtest.h>

#include "agents/ice/sdp.h"
#include "tests/support/endpoint.h"

namespace natlab::ice {
namespace {

using natlab::testing::ep;

SessionDescription two_candidates() {
  SessionDescription d;
  d.credentials = Credentials{"Ab1+", "abcdefghijklmnopqrstuv"};
  d.candidates.push_back(Candidate{"1", 1, Transport::Udp, candidate_priority(CandidateType::Host, 1),
                                   ep("127.0.0.1:40001"), CandidateType::Host, ep("127.0.0.1:40001"), std::nullopt});
  d.candidates.push_back(Candidate{"2", 1, Transport::Udp, candidate_priority(CandidateType::Relayed, 1),
                                   ep("127.0.0.1:50002"), CandidateType::Relayed, ep("127.0.0.1:50002"),
                                   ep("127.0.0.1:40001")});
  return d;
}

TEST(IceSdpMedia, MAndCLinesNameTheDefaultCandidateAndLinesEndInLf) {
  const std::string s = format_media_section(two_candidates());
  // RFC 5245 4.1.4: the relayed candidate is the default.
  EXPECT_EQ(s,
            "m=application 50002 ICE/SDP\n"
            "c=IN IP4 127.0.0.1\n"
            "a=ice-ufrag:Ab1+\n"
            "a=ice-pwd:abcdefghijklmnopqrstuv\n"
            "a=candidate:1 1 UDP 2130706431 127.0.0.1 40001 typ host\n"
            "a=candidate:2 1 UDP 16777215 127.0.0.1 50002 typ relay raddr 127.0.0.1 rport 40001\n");
  EXPECT_EQ(s.find('\r'), std::string::npos);
}

TEST(IceSdpMedia, RoundTrips) {
  const SessionDescription d = two_candidates();
  auto back = parse_description(format_media_section(d));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->credentials, d.credentials);
  ASSERT_EQ(back->candidates.size(), 2u);
  EXPECT_EQ(back->candidates[1].address, ep("127.0.0.1:50002"));
  EXPECT_EQ(back->candidates[1].type, CandidateType::Relayed);
}

TEST(IceSdpMedia, ReadsWhatLibniceWrites) {
  // nice_agent_generate_local_sdp, libnice 0.1.21, unnamed stream.
  auto d = parse_description(
      "m=- 55837 ICE/SDP\n"
      "c=IN IP4 127.0.0.1\n"
      "a=ice-ufrag:BxLA\n"
      "a=ice-pwd:FPf1lRnKpnyRDWKu7YtivM\n"
      "a=candidate:1 1 UDP 2015364095 127.0.0.1 55837 typ host\n");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->credentials.ufrag, "BxLA");
  ASSERT_EQ(d->candidates.size(), 1u);
  EXPECT_EQ(d->candidates[0].address, ep("127.0.0.1:55837"));
}

TEST(IceSdpMedia, NoCandidateRejectsTheStream) {
  SessionDescription d;
  d.credentials = Credentials{"Ab1+", "abcdefghijklmnopqrstuv"};
  EXPECT_EQ(format_media_section(d).substr(0, 24), "m=application 0 ICE/SDP\n");
}

}  // namespace
}  // namespace natlab::ice
