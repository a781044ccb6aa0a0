// PATH arguments: files as given, folders as every *.yaml / *.yml below them
// in sorted order (results-format.md), missing paths kept for the loader to
// report under the name the user typed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "sim/scenario_loader.h"

namespace natlab::sim {
namespace {

namespace fs = std::filesystem;

class ScenarioPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("natlab-paths-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    fs::remove_all(root);
    for (const char* f : {"b.yaml", "a/z.yml", "a/c.yaml", "a/notes.txt", "a-b/x.yaml", "README.md"}) {
      fs::create_directories((root / f).parent_path());
      std::ofstream(root / f) << "natlab: 1\n";
    }
  }
  void TearDown() override { fs::remove_all(root); }
  std::string p(const char* rel) const { return (root / rel).string(); }
  fs::path root;
};

TEST_F(ScenarioPaths, FolderExpandsRecursivelySorted) {
  auto files = expand_scenario_paths({root.string()});
  EXPECT_EQ(files, (std::vector<std::string>{p("a/c.yaml"), p("a/z.yml"), p("a-b/x.yaml"), p("b.yaml")}));
}

TEST_F(ScenarioPaths, FilesKeepTheirOrderAndMissingPathsStay) {
  auto files = expand_scenario_paths({p("b.yaml"), "missing.yaml", p("a")});
  EXPECT_EQ(files, (std::vector<std::string>{p("b.yaml"), "missing.yaml", p("a/c.yaml"), p("a/z.yml")}));
}

}  // namespace
}  // namespace natlab::sim
