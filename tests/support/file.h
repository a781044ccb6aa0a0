#pragma once
// A whole file as a string (empty when it cannot be read), for tests that
// compare outputs.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace natlab::testing {

inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace natlab::testing
