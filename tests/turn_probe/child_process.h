#pragma once
// Servers and commands the interop tests start: each one a child process
// with its output in files, stopped by its PID (SIGTERM, then SIGKILL after
// a grace period) when the test is done with it, on failure paths too.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace natlab::turn::probe::testing {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ChildProcess {
 public:
  // argv[0] is the program (a path, or a name looked up in PATH).
  ChildProcess(std::vector<std::string> argv, const std::filesystem::path& out, const std::filesystem::path& err)
      : out_(out), err_(err) {
    pid_ = fork();
    if (pid_ == 0) {
      if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen(err.c_str(), "w", stderr)) _exit(126);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
  }
  ~ChildProcess() { stop(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running() {
    if (status_) return false;
    reap(WNOHANG);
    return !status_;
  }
  // Waits for the process to end by itself; kills it after `limit` (a
  // safety net, not a measurement). Its exit status, or -1 if killed.
  int wait(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (running()) stop();
    return exit_status();
  }
  // SIGTERM, then SIGKILL after 5 s.
  void stop() {
    if (pid_ <= 0 || !running()) return;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (running()) {
      kill(pid_, SIGKILL);
      reap(0);
    }
  }
  int exit_status() const { return status_ && WIFEXITED(*status_) ? WEXITSTATUS(*status_) : -1; }
  std::string out() const { return read_file(out_); }
  std::string err() const { return read_file(err_); }

 private:
  void reap(int flags) {
    int st = 0;
    if (pid_ > 0 && waitpid(pid_, &st, flags) == pid_) status_ = st;
  }
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path out_, err_;
};

// A UDP port on 127.0.0.1 that is free now (bound to port 0, read back).
inline std::uint16_t free_udp_port() {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// `count` consecutive UDP ports on 127.0.0.1 that are all free now, above
// Linux's ephemeral range (32768-60999) so the probe's own sockets do not
// take them meanwhile.
inline std::uint16_t free_udp_range(int count) {
  for (int base = 61000 + static_cast<int>(getpid() % 40) * 100; base + count < 65535; base += count) {
    std::vector<int> fds;
    bool all = true;
    for (int p = base; p < base + count && all; ++p) {
      const int fd = socket(AF_INET, SOCK_DGRAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      a.sin_port = htons(static_cast<std::uint16_t>(p));
      all = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      fds.push_back(fd);
    }
    for (int fd : fds) close(fd);
    if (all) return static_cast<std::uint16_t>(base);
  }
  return 0;
}

// True once a STUN Binding request to 127.0.0.1:port is answered: the
// server is up. Tries until `limit` (a safety net).
inline bool wait_for_stun(std::uint16_t port, std::chrono::seconds limit) {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  timeval tv{0, 200000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(port);
  // Binding request, no attributes, magic cookie, a fixed transaction id.
  const std::uint8_t req[20] = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const auto deadline = std::chrono::steady_clock::now() + limit;
  bool up = false;
  while (!up && std::chrono::steady_clock::now() < deadline) {
    sendto(fd, req, sizeof req, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    std::uint8_t buf[1500];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    up = n >= 20 && buf[0] == 0x01 && buf[1] == 0x01;  // Binding success
    if (n < 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  close(fd);
  return up;
}

}  // namespace natlab::turn::probe::testing
