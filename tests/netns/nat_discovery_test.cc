// RFC 5780 discovery against real Linux NATs: natlab nat-discover and coturn's
// turnutils_natdiscovery, each from a host behind a router namespace, against
// `natlab stun-server` (two addresses, two ports) in the public namespace.
// Both must report the same mapping and filtering, and that must be what
// netfilter was configured to do.
#include <gtest/gtest.h>

#include <iomanip>
#include <iostream>
#include <regex>

#include <nlohmann/json.hpp>

#include "tests/netns/lab.h"
#include "tests/netns/servers.h"

namespace natlab::netns {
namespace {

struct Classification {
  std::string mapping, filtering;
};

// turnutils_natdiscovery prints RFC 4787 wording ("NAT with Endpoint
// Independent Mapping!", "Address and Port Dependent Filtering!"); mapped to
// the scenario format's words.
std::string coturn_word(const std::string& line) {
  if (line.find("Address and Port Dependent") != std::string::npos) return "address-and-port-dependent";
  if (line.find("Address Dependent") != std::string::npos) return "address-dependent";
  if (line.find("Endpoint Independent") != std::string::npos) return "endpoint-independent";
  return "unknown";
}

Classification parse_coturn(const std::string& out) {
  Classification c{"unknown", "unknown"};
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("Mapping") != std::string::npos && line.find("NAT with") != std::string::npos) c.mapping = coturn_word(line);
    if (line.find("Filtering") != std::string::npos && line.find("NAT with") != std::string::npos) c.filtering = coturn_word(line);
  }
  return c;
}

Classification expected(NatKind k) {
  // Linux conntrack: replies only to a seen tuple (RFC 4787 5: APDF); a
  // port per new tuple with --random-fully (RFC 4787 4.1: APDM), else the
  // inside port again for any destination (EIM).
  if (k == NatKind::PortRestricted) return {"endpoint-independent", "address-and-port-dependent"};
  return {"address-and-port-dependent", "address-and-port-dependent"};
}

class NatDiscoveryInNamespaces : public ::testing::TestWithParam<NatKind> {
 protected:
  void SetUp() override {
    const auto why = Lab::unavailable_reason();
    if (!why.empty()) GTEST_SKIP() << why;
    Lab::remove_stale();
  }
};

TEST_P(NatDiscoveryInNamespaces, NatlabAndCoturnAgreeWithNetfilter) {
  const NatKind kind = GetParam();
  const bool have_coturn = test::find_program("turnutils_natdiscovery").has_value();
  Lab lab(kind, kind);
  ASSERT_TRUE(lab.build()) << lab.error();
  std::string error;
  ASSERT_TRUE(start_stun_server(lab, error)) << error;

  const std::string host = lab.a().host;
  auto natlab_run = lab.exec(host, {kBinaryDir + "/natlab", "nat-discover", "--server", kServerIp + ":" +
                                    std::to_string(kStunPort)});
  ASSERT_EQ(natlab_run.status, 0) << natlab_run.output;
  const auto line = natlab_run.output.substr(0, natlab_run.output.find('\n'));
  const auto j = nlohmann::json::parse(line, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << natlab_run.output;
  const Classification natlab{j.value("mapping", ""), j.value("filtering", "")};
  EXPECT_TRUE(j.value("nat_detected", false)) << line;
  EXPECT_EQ(j.value("mapped_address", "").rfind(lab.a().wan_ip + ":", 0), 0u) << line;

  Classification coturn{"(not installed)", "(not installed)"};
  std::string coturn_out;
  if (have_coturn) {
    auto r = lab.exec(host, {"turnutils_natdiscovery", "-m", "-f", "-p", std::to_string(kStunPort), kServerIp});
    coturn_out = r.output;
    EXPECT_EQ(r.status, 0) << r.output;
    coturn = parse_coturn(r.output);
  }

  const auto want = expected(kind);
  std::cout << "\n  " << std::left << std::setw(16) << "netfilter NAT" << std::setw(54) << "configured (mapping / filtering)"
            << std::setw(60) << "natlab nat-discover" << "turnutils_natdiscovery\n"
            << "  " << std::setw(16) << to_string(kind) << std::setw(54) << (want.mapping + " / " + want.filtering)
            << std::setw(60) << (natlab.mapping + " / " + natlab.filtering) << coturn.mapping << " / "
            << coturn.filtering << "\n"
            << "  natlab: " << line << "\n"
            << std::endl;

  EXPECT_EQ(natlab.mapping, want.mapping) << line;
  EXPECT_EQ(natlab.filtering, want.filtering) << line;
  // MASQUERADE alone does not hairpin (RFC 4787 6, REQ-9 asks for it): a
  // packet to the router's own public address is the router's.
  EXPECT_EQ(j["hairpinning"], nlohmann::json(false)) << line;
  if (!have_coturn) GTEST_SKIP() << "coturn's turnutils_natdiscovery is not installed (scripts/setup installs coturn)";
  EXPECT_EQ(coturn.mapping, natlab.mapping) << coturn_out;
  EXPECT_EQ(coturn.filtering, natlab.filtering) << coturn_out;
}

INSTANTIATE_TEST_SUITE_P(Netfilter, NatDiscoveryInNamespaces,
                         ::testing::Values(NatKind::PortRestricted, NatKind::Symmetric),
                         [](const auto& param_info) {
                           return param_info.param == NatKind::PortRestricted ? std::string("PortRestricted")
                                                                        : std::string("Symmetric");
                         });

}  // namespace
}  // namespace natlab::netns
