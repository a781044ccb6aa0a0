#pragma once
// A small internet in Linux network namespaces for tests (root or
// CAP_NET_ADMIN): a "public" namespace whose bridge joins a documentation
// range (203.0.113.0/24, RFC 5737), and per side a router namespace doing
// netfilter NAT and a host namespace on a private /24 behind it.
//
//   host a 192.168.1.10 -- 192.168.1.254 router a 203.0.113.1 --+
//  (more hosts may join a's LAN, a bridge)                       |
//                                                               br0 public
//   host b 192.168.2.20 -- 192.168.2.254 router b 203.0.113.2 --+  203.0.113.10, .11
//
// Routers masquerade what leaves their WAN interface:
//   port-restricted: MASQUERADE. Linux conntrack keeps the inside port when
//     it is free, whatever the destination (endpoint-independent mapping,
//     RFC 4787 4.1), and lets in only replies to a tuple it has seen
//     (address-and-port-dependent filtering, RFC 4787 5).
//   symmetric: MASQUERADE --random-fully: a random port per new tuple
//     (address-and-port-dependent mapping).
// Namespace names carry this process's PID ("natlab-<pid>-<n>-<role>") so
// that a run deletes what an earlier, killed run left behind (its PID is gone)
// without touching a concurrent run's namespaces. Everything the lab creates
// and every process it starts goes when it does, failure paths included.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace natlab::netns {

using test::ChildProcess;
using namespace std::chrono_literals;

enum class NatKind { PortRestricted, Symmetric };

inline const char* to_string(NatKind k) { return k == NatKind::PortRestricted ? "port-restricted" : "symmetric"; }

struct CommandResult {
  int status = -1;  // exit status, 128 + signal, or -1 when it did not start or finish
  std::string output;  // stdout then stderr
};

// Runs argv (no shell) to its end; the limit is a safety net.
inline CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds limit = 60s) {
  CommandResult r;
  std::string error;
  auto p = ChildProcess::start(argv, error);
  if (!p) {
    r.output = error;
    return r;
  }
  auto st = p->wait_exit(limit);
  if (!st) st = p->stop(SIGKILL, 5s);
  r.status = st ? *st : -1;
  r.output = p->out() + p->err();
  return r;
}

// The public network's addresses.
inline const std::string kServerIp = "203.0.113.10";     // natlab-turnd, stun-server primary
inline const std::string kAlternateIp = "203.0.113.11";  // stun-server's RFC 5780 alternate
inline const std::string kPublicPrefix = "203.0.113.";

struct Side {
  NatKind nat;
  std::string router, host;  // namespace names
  std::string wan_ip;        // the router's public address
  std::string host_ip;       // the host's private address
};

class Lab {
 public:
  // Where namespaces cannot be created: why (the test skips with it).
  static std::string unavailable_reason() {
    if (::geteuid() != 0) return "network namespaces need root (CAP_NET_ADMIN); running as uid " + std::to_string(::geteuid());
    if (!test::find_program("ip")) return "iproute2's ip is not installed";
    if (!test::find_program("iptables")) return "iptables is not installed (scripts/setup installs it)";
    const std::string probe = "natlab-" + std::to_string(::getpid()) + "-probe";
    auto r = run_command({"ip", "netns", "add", probe});
    if (r.status != 0) return "cannot create a network namespace: " + r.output;
    run_command({"ip", "netns", "del", probe});
    return "";
  }

  // Namespaces named natlab-<pid>-... whose process is gone.
  static void remove_stale() {
    auto r = run_command({"ip", "netns", "list"});
    std::istringstream in(r.output);
    std::string line;
    while (std::getline(in, line)) {
      const std::string name = line.substr(0, line.find(' '));
      if (name.rfind("natlab-", 0) != 0) continue;
      const auto dash = name.find('-', 7);
      if (dash == std::string::npos) continue;
      pid_t pid = 0;
      try {
        pid = static_cast<pid_t>(std::stol(name.substr(7, dash - 7)));
      } catch (...) {
        continue;
      }
      if (pid == ::getpid() || (::kill(pid, 0) == 0 || errno != ESRCH)) continue;
      run_command({"ip", "netns", "del", name});
    }
  }

  Lab(NatKind a, NatKind b) {
    static int counter = 0;
    prefix_ = "natlab-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-";
    public_ = prefix_ + "pub";
    a_ = Side{a, prefix_ + "ra", prefix_ + "ha", kPublicPrefix + "1", "192.168.1.10"};
    b_ = Side{b, prefix_ + "rb", prefix_ + "hb", kPublicPrefix + "2", "192.168.2.20"};
  }
  ~Lab() {
    for (auto& p : processes_) p->stop();
    processes_.clear();
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) run_command({"ip", "netns", "del", *it});
  }
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  // Builds everything; false (with error()) on the first command that fails.
  bool build() {
    if (!add_ns(public_)) return false;
    if (!ip(public_, {"link", "add", "br0", "type", "bridge"}) || !ip(public_, {"link", "set", "br0", "up"}) ||
        !ip(public_, {"addr", "add", kServerIp + "/24", "dev", "br0"}) ||
        !ip(public_, {"addr", "add", kAlternateIp + "/24", "dev", "br0"}))
      return false;
    return build_side(a_, "192.168.1") && build_side(b_, "192.168.2");
  }

  // Another host on side a's LAN ("hc" at 192.168.1.11, say), after
  // build(); its namespace name, or empty (with error()).
  std::string add_host_a(const std::string& role, const std::string& host_ip) {
    const std::string ns = prefix_ + role;
    return attach_host(a_.router, ns, host_ip) ? ns : std::string();
  }

  const std::string& public_ns() const { return public_; }
  const Side& a() const { return a_; }
  const Side& b() const { return b_; }
  const std::string& error() const { return error_; }

  // `argv` in namespace `ns` (ip netns exec execs it: the PID is the
  // program's own), stopped when the lab goes at the latest.
  ChildProcess* start(const std::string& ns, const std::vector<std::string>& argv, std::string& error) {
    std::vector<std::string> full = {"ip", "netns", "exec", ns};
    full.insert(full.end(), argv.begin(), argv.end());
    auto p = ChildProcess::start(full, error);
    if (!p) return nullptr;
    processes_.push_back(std::move(p));
    return processes_.back().get();
  }
  // `argv` in `ns` to its end.
  CommandResult exec(const std::string& ns, const std::vector<std::string>& argv,
                     std::chrono::milliseconds limit = 120s) {
    std::vector<std::string> full = {"ip", "netns", "exec", ns};
    full.insert(full.end(), argv.begin(), argv.end());
    return run_command(full, limit);
  }

 private:
  bool add_ns(const std::string& name) {
    auto r = run_command({"ip", "netns", "add", name});
    if (r.status != 0) return fail("ip netns add " + name, r);
    created_.push_back(name);
    return ip(name, {"link", "set", "lo", "up"});
  }
  bool ip(const std::string& ns, std::vector<std::string> args) {
    std::vector<std::string> argv = {"ip", "-n", ns};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_command(argv);
    if (r.status != 0) return fail(join(argv), r);
    return true;
  }
  bool in(const std::string& ns, std::vector<std::string> args) {
    auto r = exec(ns, args);
    if (r.status != 0) return fail("in " + ns + ": " + join(args), r);
    return true;
  }
  bool fail(const std::string& what, const CommandResult& r) {
    error_ = what + " exited " + std::to_string(r.status) + ": " + r.output;
    return false;
  }
  static std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
  }

  bool build_side(const Side& s, const std::string& lan) {
    if (!add_ns(s.router)) return false;
    // Interface names are per namespace, so short fixed ones do: each veth is
    // created with its two ends already in their namespaces.
    const std::string port = s.router.substr(s.router.size() - 2);  // "ra" / "rb" on the bridge
    if (!ip(s.router, {"link", "add", "wan", "type", "veth", "peer", "name", port, "netns", public_}) ||
        !ip(public_, {"link", "set", port, "master", "br0"}) || !ip(public_, {"link", "set", port, "up"}) ||
        !ip(s.router, {"addr", "add", s.wan_ip + "/24", "dev", "wan"}) || !ip(s.router, {"link", "set", "wan", "up"}))
      return false;
    // The LAN is a bridge, so that more hosts can join it (add_host()).
    if (!ip(s.router, {"link", "add", "lan", "type", "bridge"}) ||
        !ip(s.router, {"addr", "add", lan + ".254/24", "dev", "lan"}) || !ip(s.router, {"link", "set", "lan", "up"}))
      return false;
    if (!attach_host(s.router, s.host, s.host_ip)) return false;
    if (!in(s.router, {"sysctl", "-q", "-w", "net.ipv4.ip_forward=1"})) return false;
    std::vector<std::string> rule = {"iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE"};
    if (s.nat == NatKind::Symmetric) rule.push_back("--random-fully");
    if (!in(s.router, rule)) return false;
    // A home router's WAN firewall: unsolicited packets for the router itself
    // are dropped before conntrack confirms their entry. Without it, a peer's
    // connectivity check that arrives before the host's own packet to that
    // peer leaves a confirmed entry for the router's mapped port, and the
    // host's packet is then masqueraded to another port: hole punching fails
    // (README: "The simulator's NAT against Linux netfilter").
    return in(s.router, {"iptables", "-A", "INPUT", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP"});
  }

  bool attach_host(const std::string& router, const std::string& host, const std::string& host_ip) {
    if (!add_ns(host)) return false;
    const std::string lan = host_ip.substr(0, host_ip.rfind('.'));
    const std::string port = "l" + host.substr(host.rfind('-') + 1);  // "lha", "lhc" on the router's bridge
    return ip(router, {"link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host}) &&
           ip(router, {"link", "set", port, "master", "lan"}) && ip(router, {"link", "set", port, "up"}) &&
           ip(host, {"addr", "add", host_ip + "/24", "dev", "eth0"}) && ip(host, {"link", "set", "eth0", "up"}) &&
           ip(host, {"route", "add", "default", "via", lan + ".254"});
  }

  std::string prefix_, public_;
  Side a_, b_;
  std::vector<std::string> created_;
  std::vector<std::unique_ptr<ChildProcess>> processes_;
  std::string error_;
};

}  // namespace natlab::netns
