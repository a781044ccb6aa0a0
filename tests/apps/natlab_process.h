#pragma once
// Runs the built `natlab` binary as a user or a CI job would: from the source
// tree, in a fresh temporary folder per test, capturing status and stderr.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/file.h"

namespace natlab::testing {

struct Exit {
  int status = -1;
  std::string out, err;
};

class NatlabProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    tmp_ = std::filesystem::temp_directory_path() /
           ("natlab-proc-" + std::to_string(getpid()) + "-" + info->test_suite_name() + "-" + info->name());
    std::filesystem::remove_all(tmp_);
    std::filesystem::create_directories(tmp_);
  }
  void TearDown() override { std::filesystem::remove_all(tmp_); }

  Exit natlab(const std::string& args) {
    const auto out_file = tmp_ / "stdout.txt", err_file = tmp_ / "stderr.txt";
    const std::string cmd = "cd '" NATLAB_SOURCE_DIR "' && '" NATLAB_BINARY_DIR "/natlab' " + args + " >'" +
                            out_file.string() + "' 2>'" + err_file.string() + "'";
    const int raw = std::system(cmd.c_str());
    Exit r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(out_file);
    r.err = slurp(err_file);
    return r;
  }
  std::string path(const std::string& name) const { return (tmp_ / name).string(); }

  std::filesystem::path tmp_;
};

}  // namespace natlab::testing
