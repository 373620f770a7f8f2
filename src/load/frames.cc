#include "load/frames.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace onnx_lint {
namespace {

bool send_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    // MSG_NOSIGNAL: a dead peer is an error value here, not a SIGPIPE.
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w, n -= static_cast<size_t>(w);
  }
  return true;
}

// Reads exactly n bytes before the deadline (none when deadline is max()).
bool recv_all(int fd, char* p, size_t n, Deadline deadline) {
  while (n > 0) {
    int wait_ms = -1;
    if (deadline != kNoDeadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) return false;
      wait_ms = static_cast<int>(std::min<int64_t>(left, INT_MAX));
    }
    struct pollfd pfd {
      fd, POLLIN, 0
    };
    const int ready = poll(&pfd, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    const ssize_t r = ::recv(fd, p, n, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r, n -= static_cast<size_t>(r);
  }
  return true;
}

}  // namespace

bool send_frame(int fd, std::string_view bytes) {
  const uint64_t size = bytes.size();
  return send_all(fd, reinterpret_cast<const char*>(&size), sizeof size) &&
         send_all(fd, bytes.data(), bytes.size());
}

bool recv_frame(int fd, std::string* out, Deadline deadline, uint64_t max_size) {
  uint64_t size;
  if (!recv_all(fd, reinterpret_cast<char*>(&size), sizeof size, deadline) || size > max_size)
    return false;
  out->resize(size);
  return recv_all(fd, out->data(), size, deadline);
}

}  // namespace onnx_lint
