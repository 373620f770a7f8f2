#include "load/mapped_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "load/packed_field.h"

namespace onnx_lint {
namespace {

// The file, mapped read-only: the skeletonizer reads the metadata pages, the
// weight pages are only touched if a rule asks for a skipped tensor.
class MappedFile final : public FileBytes {
 public:
  MappedFile(void* addr, size_t size) : addr_(addr), size_(size) {}
  ~MappedFile() override { munmap(addr_, size_); }
  std::string_view bytes() const override { return {static_cast<const char*>(addr_), size_}; }
  void release_pages(size_t end) const override {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t length = end >= size_ ? size_ : end / page * page;  // whole pages only
    if (length > 0) madvise(addr_, length, MADV_DONTNEED);
  }

 private:
  void* addr_;
  size_t size_;
};

class OwnedBytes final : public FileBytes {
 public:
  explicit OwnedBytes(std::string_view bytes) : bytes_(bytes) {}
  std::string_view bytes() const override { return bytes_; }

 private:
  std::string bytes_;
};

}  // namespace

std::optional<std::string> FileBytes::skipped_payload(const TensorData& t) const {
  const std::string_view all = bytes();
  if (t.storage != Storage::kSkipped || t.data_offset > all.size() ||
      t.data_length > all.size() - t.data_offset)
    return std::nullopt;
  return raw_from_field(t.elem_type, t.data_field, all.substr(t.data_offset, t.data_length));
}

std::string too_large_message(uint64_t size) {
  return fmt::format(
      "file is {} bytes, over protobuf's 2 GiB limit for one message; export large models with "
      "external data (torch.onnx.export(..., use_external_data_format=True) or "
      "onnx.save_model(..., save_as_external_data=True))",
      size);
}

// Maps a regular file. Refuses what is not one (a FIFO or a device would
// block or never end) before opening it, and checks again after opening.
std::shared_ptr<const FileBytes> map_file(const std::string& path, std::string* reason) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    *reason = errno == ENOENT ? "no such file" : std::strerror(errno);
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    *reason = "is a directory, not an .onnx file";
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) {
    *reason = "not a regular file (a FIFO, socket or device); refusing to read it";
    return nullptr;
  }
  if (st.st_size == 0) {
    *reason = "empty file (0 bytes); the export did not write a model";
    return nullptr;
  }
  if (st.st_size > INT_MAX) {
    *reason = too_large_message(static_cast<uint64_t>(st.st_size));
    return nullptr;
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0 && errno == ELOOP) fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    *reason = std::strerror(errno);
    return nullptr;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0 || st.st_size > INT_MAX) {
    *reason = "the file changed while being opened";
    close(fd);
    return nullptr;
  }
  void* addr = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);  // the mapping keeps the file
  if (addr == MAP_FAILED) {
    *reason = std::string("cannot map the file: ") + std::strerror(errno);
    return nullptr;
  }
  return std::make_shared<MappedFile>(addr, static_cast<size_t>(st.st_size));
}

std::shared_ptr<const FileBytes> own_bytes(std::string_view bytes) {
  return std::make_shared<OwnedBytes>(bytes);
}

}  // namespace onnx_lint
