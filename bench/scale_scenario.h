#pragma once
// The scale scenario of issue 7: N concurrent ICE sessions whose only working
// path is relayed through one TURN server. Agent A_i sits behind one of the
// port-restricted NATs nat-a-k, B_i behind one of the symmetric NATs nat-b-k
// (200 hosts per NAT LAN); every agent gathers from turn1 and allocates on it,
// so the server holds 2N allocations and relays every check that succeeds.
#include <string>

namespace natlab::bench {

inline std::string scale_scenario_yaml(int sessions) {
  constexpr int kPerLan = 200;
  const int lans = (sessions + kPerLan - 1) / kPerLan;
  std::string y = "natlab: 1\nname: scale " + std::to_string(sessions) +
                  " sessions through one TURN server\nseed: 1\nduration: 10s\nlinks: { delay: 10ms }\n"
                  "servers:\n  - name: turn1\n    address: 203.0.113.10\n    stun: { port: 3478 }\n"
                  "    turn:\n      port: 3478\n      users:\n";
  // One user per agent: a TURN server caps allocations per user (RFC 5766
  // 6.2, 486 Allocation Quota Reached).
  for (int i = 0; i < sessions; ++i) {
    y += "        a" + std::to_string(i) + ": pw\n        b" + std::to_string(i) + ": pw\n";
  }
  y += "    link: { delay: 5ms }\nnats:\n";
  for (int k = 0; k < lans; ++k) {
    y += "  - { name: nat-a-" + std::to_string(k) + ", type: port-restricted, public_address: 198.51.100." +
         std::to_string(1 + k) + " }\n";
    y += "  - { name: nat-b-" + std::to_string(k) + ", type: symmetric, public_address: 198.51.100." +
         std::to_string(101 + k) + " }\n";
  }
  y += "hosts:\n";
  for (int i = 0; i < sessions; ++i) {
    const std::string lan = std::to_string(i / kPerLan), host = std::to_string(1 + i % kPerLan);
    y += "  - { name: a-" + std::to_string(i) + ", address: 10.1." + lan + "." + host + ", behind: nat-a-" + lan +
         ", link: { delay: 1ms } }\n";
    y += "  - { name: b-" + std::to_string(i) + ", address: 10.2." + lan + "." + host + ", behind: nat-b-" + lan +
         ", link: { delay: 1ms } }\n";
  }
  y += "agents:\n";
  for (int i = 0; i < sessions; ++i) {
    const std::string n = std::to_string(i);
    y += "  - { name: A" + n + ", host: a-" + n +
         ", stun: [turn1], turn: [{ server: turn1, username: a" + n + ", password: pw }] }\n";
    y += "  - { name: B" + n + ", host: b-" + n +
         ", stun: [turn1], turn: [{ server: turn1, username: b" + n + ", password: pw }] }\n";
  }
  y += "sessions:\n";
  for (int i = 0; i < sessions; ++i) {
    const std::string n = std::to_string(i);
    y += "  - { name: call" + n + ", controlling: A" + n + ", controlled: B" + n + " }\n";
  }
  return y;
}

}  // namespace natlab::bench
