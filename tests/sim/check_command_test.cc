// `natlab check` as users and CI run it: a subprocess, its exit status and
// its standard error.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct CheckRun {
  int status = -1;
  std::string err;
};

// Runs `natlab check ARGS` in `dir` (relative paths as a user types them).
CheckRun natlab_check(const std::string& args, const std::string& dir = NATLAB_SOURCE_DIR) {
  fs::path err_file = fs::temp_directory_path() / ("natlab-check-" + std::to_string(::getpid()) + ".err");
  std::string cmd = "cd '" + dir + "' && '" NATLAB_BINARY_DIR "/natlab' check " + args + " 2>'" +
                    err_file.string() + "' >/dev/null";
  int raw = std::system(cmd.c_str());
  CheckRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(err_file);
  std::stringstream text;
  text << in.rdbuf();
  r.err = text.str();
  fs::remove(err_file);
  return r;
}

TEST(CheckCommand, UnknownNatTypeExits2WithSpecMessage) {
  CheckRun r = natlab_check("tests/sim/data/bad/unknown-nat-type.yaml");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("tests/sim/data/bad/unknown-nat-type.yaml:6:11: error: unknown NAT type 'fullcone'; "
                       "expected one of: open, full-cone, restricted, port-restricted, symmetric\n"),
            std::string::npos)
      << r.err;
}

TEST(CheckCommand, DanglingBehindExits2) {
  CheckRun r = natlab_check("tests/sim/data/bad/dangling-behind.yaml");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("tests/sim/data/bad/dangling-behind.yaml:11:13: error: unknown NAT 'nat-b' in 'behind'; "
                       "expected one of: internet, nat-a\n"),
            std::string::npos)
      << r.err;
}

TEST(CheckCommand, YamlSyntaxErrorExits2) {
  CheckRun r = natlab_check("tests/sim/data/bad/yaml-syntax.yaml");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("tests/sim/data/bad/yaml-syntax.yaml:5:8: error: YAML syntax error: end of map flow not found\n"),
            std::string::npos)
      << r.err;
}

TEST(CheckCommand, FolderReportsEveryBadFile) {
  CheckRun r = natlab_check("tests/sim/data/bad");
  EXPECT_EQ(r.status, 2) << r.err;
  auto first = r.err.find("dangling-behind.yaml:11:13");
  auto second = r.err.find("unknown-nat-type.yaml:6:11");
  auto third = r.err.find("yaml-syntax.yaml:5:8");
  EXPECT_NE(first, std::string::npos) << r.err;
  EXPECT_NE(second, std::string::npos) << r.err;
  EXPECT_NE(third, std::string::npos) << r.err;
  EXPECT_LT(first, second);  // sorted order
  EXPECT_LT(second, third);
  EXPECT_NE(r.err.find("3 of 3 scenario files invalid"), std::string::npos) << r.err;
}

TEST(CheckCommand, MissingFileExits2) {
  CheckRun r = natlab_check("missing.yaml", fs::temp_directory_path().string());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("missing.yaml: error: no such file or directory\n"), std::string::npos) << r.err;
}

TEST(CheckCommand, ValidExamplesExit0) {
  CheckRun r = natlab_check("scenarios/examples scenarios/matrix");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find(" scenario files valid\n"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("error"), std::string::npos) << r.err;
}

TEST(CheckCommand, NoPathIsAUsageError) {
  CheckRun r = natlab_check("");
  EXPECT_EQ(r.status, 2) << r.err;
}

}  // namespace
