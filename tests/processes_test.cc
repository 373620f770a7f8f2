// No process outlives a run: onnx-lint runs in one process (inference and the
// checker are in process), so a CI loop in a container whose PID 1 does not
// reap piles up no zombies.
#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

// Every process whose parent is this one, with its state letter (Z = zombie).
std::set<std::pair<pid_t, char>> own_children() {
  std::set<std::pair<pid_t, char>> out;
  DIR* proc = opendir("/proc");
  if (!proc) return out;
  while (dirent* e = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0) continue;
    std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
    std::istringstream rest(line.substr(line.rfind(')') + 1));
    char state = '?';
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == getpid()) out.insert({pid, state});
  }
  closedir(proc);
  return out;
}

TEST(Processes, NoChildOfARunRemainsZombieOrAlive) {
  // As a subreaper, this process inherits whatever the binary leaves behind,
  // alive or dead, instead of PID 1.
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  // This process's own sandbox children, if any, by pid: their state letter
  // may change while the run goes on (S to R), and they are not the run's.
  std::set<pid_t> before;
  for (const auto& child : own_children()) before.insert(child.first);
  auto r = run_binary({"--isolated", "-j", "2", source_path("models/demo.onnx"),
                       fixture("repeat_channels"), fixture("classifier_opset12"),
                       fixture("dtype_float64_cast")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let orphans be re-parented
  std::set<std::pair<pid_t, char>> left;
  for (const auto& child : own_children())
    if (!before.count(child.first)) left.insert(child);
  for (const auto& [pid, state] : left) {
    ADD_FAILURE() << "process " << pid << " (state " << state << ") outlived the run";
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  prctl(PR_SET_CHILD_SUBREAPER, 0);
}

}  // namespace
}  // namespace onnx_lint::test
