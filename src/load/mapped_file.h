// The model file's bytes: mapped read-only, or owned (models built in memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "onnx_lint/model.h"

namespace onnx_lint {

/// The model file's bytes, mapped or owned; reads skipped payloads for the graph.
class FileBytes : public ModelFile {
 public:
  std::optional<std::string> skipped_payload(const TensorData& tensor) const final;
  /// Gives the pages before byte `end` back to the page cache: a mapped page
  /// counts in the process's memory until then. A later read (a skipped
  /// weight, the checksum) maps its pages again.
  virtual void release_pages(size_t end = SIZE_MAX) const { (void)end; }
  /// The same, up to where `p` points, when it points into the file.
  void release_pages_before(const char* p) const {
    const std::string_view all = bytes();
    if (p >= all.data() && p < all.data() + all.size())
      release_pages(static_cast<size_t>(p - all.data()));
  }
};

/// Maps a regular file read-only. nullptr with a one-line reason for a missing
/// file, a directory, a FIFO or device (refused without opening it), an empty
/// file or one over protobuf's 2 GiB limit.
std::shared_ptr<const FileBytes> map_file(const std::string& path, std::string* reason);
/// A copy of bytes already in memory.
std::shared_ptr<const FileBytes> own_bytes(std::string_view bytes);
/// "file is N bytes, over protobuf's 2 GiB limit ..."
std::string too_large_message(uint64_t size);

}  // namespace onnx_lint
