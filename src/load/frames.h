// Length-prefixed frames over a socket, for talking to the libonnx sandbox's
// children: a dead or silent peer is an error value, never a signal or a hang.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace onnx_lint {

using Deadline = std::chrono::steady_clock::time_point;
/// No deadline: wait as long as the peer lives.
inline constexpr Deadline kNoDeadline = Deadline::max();

bool send_frame(int fd, std::string_view bytes);
/// False when the peer closed, the deadline passed, or the frame is over max_size.
bool recv_frame(int fd, std::string* out, Deadline deadline, uint64_t max_size);

}  // namespace onnx_lint
