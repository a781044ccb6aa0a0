#include "apps/workers.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <system_error>

namespace natlab::apps {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void child_main(std::size_t index, const std::function<int(std::size_t)>& body) {
  int code = 70;
  try {
    code = body(index);
  } catch (const std::exception& e) {
    std::cerr << "natlab: worker: " << e.what() << '\n';
  } catch (...) {
  }
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  // _exit: no atexit handlers or static destructors of the parent's state.
  _exit(code);
}

}  // namespace

void run_in_workers(std::size_t count, unsigned parallel, const std::function<int(std::size_t)>& body,
                    const std::function<void(const WorkerExit&)>& on_done) {
  if (parallel == 0) parallel = 1;
  std::map<pid_t, std::pair<std::size_t, Clock::time_point>> running;
  std::size_t next = 0;
  while (next < count || !running.empty()) {
    while (next < count && running.size() < parallel) {
      // Unflushed parent output would otherwise be written twice, once by the child.
      std::cout.flush();
      std::cerr.flush();
      std::fflush(nullptr);
      pid_t pid = fork();
      if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
      if (pid == 0) child_main(next, body);
      running[pid] = {next, Clock::now()};
      ++next;
    }
    int raw = 0;
    pid_t pid = waitpid(-1, &raw, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "waitpid");
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;  // not one of ours
    WorkerExit done{it->second.first, raw,
                    std::chrono::duration<double>(Clock::now() - it->second.second).count()};
    running.erase(it);
    on_done(done);
  }
}

std::string describe_exit(int raw_status) {
  if (WIFEXITED(raw_status)) {
    int code = WEXITSTATUS(raw_status);
    return code == 0 ? "" : "worker exited with status " + std::to_string(code);
  }
  if (WIFSIGNALED(raw_status)) {
    int sig = WTERMSIG(raw_status);
    const char* name = strsignal(sig);
    return "worker killed by signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
  }
  return "worker stopped with wait status " + std::to_string(raw_status);
}

}  // namespace natlab::apps
