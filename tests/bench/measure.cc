// Runs a command and prints its wall time (ms) and peak RSS (KiB) from wait4:
//   measure [--repeat N] [--median] -- COMMAND ARGS...   ->   "<ms> <kib> <exit>"
// (the best of N runs, or with --median the median time and the median peak).
// stdout of the command goes to /dev/null; stdin is /dev/null.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  int repeat = 1, first = 1;
  bool median = false;
  if (argc > 3 && std::strcmp(argv[1], "--repeat") == 0) repeat = std::stoi(argv[2]), first = 3;
  if (first < argc && std::strcmp(argv[first], "--median") == 0) median = true, ++first;
  if (first < argc && std::strcmp(argv[first], "--") == 0) ++first;
  if (first >= argc) {
    std::fprintf(stderr, "usage: measure [--repeat N] -- COMMAND ARGS...\n");
    return 2;
  }
  double best_ms = 1e300;
  long best_kib = 0;
  int status_code = 0;
  std::vector<double> times;
  std::vector<long> peaks;
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
    times.push_back(ms);
    peaks.push_back(usage.ru_maxrss);
    status_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  if (median) {
    std::sort(times.begin(), times.end());
    std::sort(peaks.begin(), peaks.end());
    best_ms = times[times.size() / 2];
    best_kib = peaks[peaks.size() / 2];
  }
  std::printf("%.1f %ld %d\n", best_ms, best_kib, status_code);
  return 0;
}
