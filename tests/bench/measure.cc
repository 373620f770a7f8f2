// Runs a command and prints its wall time (ms) and peak RSS (KiB) from wait4:
//   measure [--repeat N] -- COMMAND ARGS...   ->   "<ms> <kib> <exit>" (best of N runs)
// stdout of the command goes to /dev/null; stdin is /dev/null.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  int repeat = 1, first = 1;
  if (argc > 3 && std::strcmp(argv[1], "--repeat") == 0) repeat = std::stoi(argv[2]), first = 3;
  if (first < argc && std::strcmp(argv[first], "--") == 0) ++first;
  if (first >= argc) {
    std::fprintf(stderr, "usage: measure [--repeat N] -- COMMAND ARGS...\n");
    return 2;
  }
  double best_ms = 1e300;
  long best_kib = 0;
  int status_code = 0;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
      int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      dup2(null, 1);
      execvp(argv[first], argv + first);
      _exit(127);
    }
    int status = 0;
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (ms < best_ms) best_ms = ms, best_kib = usage.ru_maxrss;
    status_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  std::printf("%.1f %ld %d\n", best_ms, best_kib, status_code);
  return 0;
}
