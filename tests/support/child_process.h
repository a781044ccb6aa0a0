#pragma once
// A child process for tests that run natlab's executables or coturn's: argv
// as given (no shell), stdout and stderr into files of a fresh temporary
// directory, stopped by its PID (SIGTERM, then SIGKILL after a grace period)
// at the latest when the object goes, failure paths included.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace natlab::test {

class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;

  // nullptr (and `error` set) when the program cannot be started.
  static std::unique_ptr<ChildProcess> start(const std::vector<std::string>& argv, std::string& error) {
    auto c = std::unique_ptr<ChildProcess>(new ChildProcess());
    char tmpl[] = "/tmp/natlab-child-XXXXXX";
    if (!mkdtemp(tmpl)) {
      error = "mkdtemp failed";
      return nullptr;
    }
    c->dir_ = tmpl;
    c->out_path_ = c->dir_ / "stdout";
    c->err_path_ = c->dir_ / "stderr";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, c->out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, c->err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      error = "cannot start " + argv[0] + ": " + std::strerror(rc);
      return nullptr;
    }
    c->pid_ = pid;
    c->argv_ = argv;
    return c;
  }

  ~ChildProcess() {
    stop();
    std::error_code ec;
    if (!keep_files_) std::filesystem::remove_all(dir_, ec);
  }

  pid_t pid() const { return pid_; }
  bool running() { return poll_exit(), !status_.has_value(); }
  std::string out() const { return read(out_path_); }
  std::string err() const { return read(err_path_); }
  // Keep the output files after the object goes (for a failing test's log).
  void keep_files() { keep_files_ = true; }
  const std::filesystem::path& dir() const { return dir_; }

  // Polls until pred() or `limit` (a safety net, not a measurement); false
  // on timeout or when the process exits first without pred() holding.
  bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      if (pred()) return true;
      if (!running()) return pred();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
  }

  // The exit code (or 128 + signal) once it exits within `limit`.
  std::optional<int> wait_exit(std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (running() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return status_;
  }

  // SIGTERM (or `sig`), then SIGKILL after `grace`; the exit status as above.
  std::optional<int> stop(int sig = SIGTERM, std::chrono::milliseconds grace = std::chrono::seconds(10)) {
    if (pid_ <= 0) return status_;
    if (running()) {
      ::kill(pid_, sig);
      if (!wait_exit(grace)) {
        ::kill(pid_, SIGKILL);
        int st = 0;
        if (::waitpid(pid_, &st, 0) == pid_) record(st);
      }
    }
    return status_;
  }

  std::string command_line() const {
    std::string s;
    for (const auto& a : argv_) s += (s.empty() ? "" : " ") + a;
    return s;
  }

 private:
  ChildProcess() = default;

  void poll_exit() {
    if (status_ || pid_ <= 0) return;
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) record(st);
  }
  void record(int st) {
    if (WIFEXITED(st)) status_ = WEXITSTATUS(st);
    else if (WIFSIGNALED(st)) status_ = 128 + WTERMSIG(st);
    else status_ = -1;
  }
  static std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::vector<std::string> argv_;
  std::filesystem::path dir_, out_path_, err_path_;
  bool keep_files_ = false;
};

// An executable on PATH, or nullopt.
inline std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    const auto p = std::filesystem::path(dir.empty() ? "." : dir) / name;
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return std::nullopt;
}

}  // namespace natlab::test
