// libonnx 1.12's type inference and checker, run in child processes.
//
// Both trust the file: fuzzing made them divide by zero (a Conv stride of 0),
// copy from a null pointer and allocate without bound. They therefore run in
// children forked once and fed one model skeleton after another over a socket,
// with a time limit (and a memory limit outside sanitizer builds). A child
// that crashes or hangs costs that model its inferred types and the checker's
// verdict, with a note, and is replaced; onnx-lint itself goes on. Every child
// is reaped: a crashed one at once, the others by an exit handler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace onnx_lint::sandbox {

struct Limits {
  int seconds = 60;    // a child that takes longer is killed
  bool check = false;  // also run the checker (only where libonnx knows the opset)
};

struct Result {
  std::string failure;         // "" when the child answered; else why not ("crashed (...)")
  std::string inferred_graph;  // GraphProto bytes with the inferred value_info
  std::string inference_error, checker_error;  // first lines, "" when none
};

/// Starts n children. Call from the main thread before starting worker
/// threads, so no child is forked while another thread holds a lock it would
/// inherit; infer_and_check starts them on demand otherwise.
void prestart(size_t n);
/// Runs inference (and the checker when asked) on a serialized skeleton ModelProto.
Result infer_and_check(std::string_view skeleton, const Limits& limits);
/// The highest default-domain opset libonnx's checker knows.
int64_t checker_max_opset();

}  // namespace onnx_lint::sandbox
