// The worker pool: every index runs once in its own process, at most N at a
// time, and a crashing worker is reported, not fatal.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

#include <sys/wait.h>
#include <unistd.h>

#include "apps/workers.h"

namespace natlab::apps {
namespace {

TEST(Workers, EveryIndexRunsOnceInAChildProcess) {
  pid_t parent = getpid();
  std::set<std::size_t> seen;
  std::vector<int> codes(5, -1);
  run_in_workers(
      5, 2, [&](std::size_t i) { return getpid() != parent ? static_cast<int>(i) + 10 : 99; },
      [&](const WorkerExit& done) {
        EXPECT_TRUE(seen.insert(done.index).second);
        ASSERT_TRUE(WIFEXITED(done.raw_status));
        codes[done.index] = WEXITSTATUS(done.raw_status);
      });
  EXPECT_EQ(codes, (std::vector<int>{10, 11, 12, 13, 14}));
}

TEST(Workers, CrashIsReportedWithItsSignal) {
  std::vector<std::string> why(3);
  run_in_workers(
      3, 3,
      [](std::size_t i) {
        if (i == 1) {
          // Sanitizers install their own SIGSEGV handler, which exits with a
          // status instead of dying by the signal: restore the default.
          std::signal(SIGSEGV, SIG_DFL);
          std::raise(SIGSEGV);
        }
        if (i == 2) throw std::runtime_error("boom");
        return 0;
      },
      [&](const WorkerExit& done) { why[done.index] = describe_exit(done.raw_status); });
  EXPECT_EQ(why[0], "");
  EXPECT_EQ(why[1].rfind("worker killed by signal 11", 0), 0u) << why[1];
  EXPECT_EQ(why[2], "worker exited with status 70");
}

TEST(Workers, NeverMoreThanParallelAtOnce) {
  // Each child marks itself alive with a file for its whole life and exits
  // with the number of marks it saw: never more than `parallel`.
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("natlab-workers-" + std::to_string(getpid()));
  fs::create_directories(dir);
  int most = 0;
  run_in_workers(
      6, 2,
      [&](std::size_t i) {
        fs::path mark = dir / std::to_string(i);
        std::ofstream(mark).put('x');
        usleep(30000);
        int alive = static_cast<int>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
        fs::remove(mark);
        return alive;
      },
      [&](const WorkerExit& done) { most = std::max(most, WEXITSTATUS(done.raw_status)); });
  fs::remove_all(dir);
  EXPECT_GE(most, 1);
  EXPECT_LE(most, 2);
}

}  // namespace
}  // namespace natlab::apps
