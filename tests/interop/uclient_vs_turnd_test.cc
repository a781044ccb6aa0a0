// coturn's turnutils_uclient against natlab-turnd, over UDP or TCP (-t, RFC
// 5766 2.1) with long-term credentials, relaying through turnutils_peer:
// allocations (with the RTCP allocation's EVEN-PORT and RESERVATION-TOKEN
// unless -c), permissions, channels (default) or Send indications (-s), and
// data both ways.
#include <regex>

#include "tests/interop/interop.h"

namespace natlab::interop {
namespace {

struct UclientSummary {
  long sent = -1, received = -1, lost = -1;
  std::vector<std::string> errors;  // lines mentioning an error
  std::string lines;                // the summary lines, for the test output
};

// uclient ends with "start_mclient: tot_send_msgs=N, tot_recv_msgs=M" and
// "Total lost packets L (...)".
UclientSummary parse_uclient(const std::string& out) {
  UclientSummary s;
  const std::regex totals("start_mclient: tot_send_msgs=([0-9]+), tot_recv_msgs=([0-9]+)\\s*$");
  const std::regex lost("Total lost packets ([0-9]+)");
  std::istringstream in(out);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, totals)) {
      s.sent = std::stol(m[1]);
      s.received = std::stol(m[2]);
      s.lines += line + "\n";
    } else if (std::regex_search(line, m, lost)) {
      s.lost = std::stol(m[1]);
      s.lines += line + "\n";
    }
    std::string lower = line;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("error") != std::string::npos) s.errors.push_back(line);
  }
  return s;
}

class UclientAgainstNatlabTurnd : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(UclientAgainstNatlabTurnd, AllDataComesBackWithoutErrors) {
  if (!have("turnutils_uclient") || !have("turnutils_peer"))
    GTEST_SKIP() << "coturn's turnutils_uclient/turnutils_peer are not installed (scripts/setup installs coturn)";
  Server turnd = start_natlab_turnd();
  ASSERT_NE(turnd.port, 0) << turnd.failure;
  Server peer = start_turnutils_peer();
  ASSERT_NE(peer.port, 0) << peer.failure;

  const std::vector<std::string>& flags = GetParam();
  std::vector<std::string> argv = {"turnutils_uclient", "-u", kUser, "-w", kPassword, "-p",
                                   std::to_string(turnd.port), "-e", "127.0.0.1", "-r", std::to_string(peer.port),
                                   "-n", "20", "-l", "120"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back("127.0.0.1");
  std::string error;
  auto uclient = ChildProcess::start(argv, error);
  ASSERT_TRUE(uclient) << error;
  const auto status = uclient->wait_exit(120s);
  uclient->stop();  // if it hung: SIGTERM, then SIGKILL
  const std::string out = uclient->out() + uclient->err();
  const auto turnd_status = turnd.proc->stop(SIGTERM);
  peer.proc->stop();
  const std::string log = turnd.proc->err();

  const UclientSummary s = parse_uclient(out);
  std::cout << "[ uclient " << uclient->command_line() << " ]\n" << s.lines;
  ASSERT_TRUE(status.has_value()) << "turnutils_uclient did not finish\n" << out;
  EXPECT_EQ(*status, 0) << out;
  EXPECT_GT(s.sent, 0) << out;
  EXPECT_EQ(s.sent, s.received) << out << "\nnatlab-turnd:\n" << log;
  EXPECT_EQ(s.lost, 0) << out;
  EXPECT_TRUE(s.errors.empty()) << "first error: " << s.errors.front() << "\n" << out;

  // natlab-turnd saw it the same way.
  EXPECT_EQ(turnd_status, 0) << log;
  EXPECT_NE(log.find("info: allocation: client "), std::string::npos) << log;
  EXPECT_NE(log.find("info: permission: relayed "), std::string::npos) << log;
  const bool channels = std::find(flags.begin(), flags.end(), "-s") == flags.end();
  EXPECT_EQ(log.find("info: channel: relayed ") != std::string::npos, channels) << log;
  EXPECT_NE(log.find("dropped: malformed 0, "), std::string::npos) << log;
  // -t: every client came over TCP, and its framing was understood.
  const bool tcp = std::find(flags.begin(), flags.end(), "-t") != flags.end();
  EXPECT_EQ(log.find("; tcp connections 0,") == std::string::npos, tcp) << log;
  EXPECT_NE(log.find("framing errors 0"), std::string::npos) << log;
  EXPECT_EQ(log.find("refused:"), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(
    Flags, UclientAgainstNatlabTurnd,
    ::testing::Values(std::vector<std::string>{},                // channels, RTP and RTCP allocations
                      std::vector<std::string>{"-c"},            // channels, no RTCP allocation
                      std::vector<std::string>{"-s"},            // Send/Data indications
                      std::vector<std::string>{"-s", "-c"},      // indications, no RTCP
                      std::vector<std::string>{"-m", "4"},       // four clients at once
                      std::vector<std::string>{"-y", "-c"},      // client to client through two relays
                      std::vector<std::string>{"-t"},            // over TCP: channels, RTP and RTCP
                      std::vector<std::string>{"-t", "-s"},      // over TCP: indications
                      std::vector<std::string>{"-t", "-l", "121"},  // over TCP: padded ChannelData
                      std::vector<std::string>{"-t", "-m", "4"}),  // over TCP: four clients at once
    [](const ::testing::TestParamInfo<std::vector<std::string>>& param_info) {
      std::string name;
      for (const auto& f : param_info.param) name += (f[0] == '-' ? f.substr(1) : f);
      return name.empty() ? std::string("default") : name;
    });

}  // namespace
}  // namespace natlab::interop
