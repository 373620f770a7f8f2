#include "load/external_data.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>

#include "graph/tensor_value.h"

namespace onnx_lint {
namespace {

struct Verdict {
  ExternalCheck check;
  std::string problem;
  uint64_t size = 0;  // kInside: the file's size (stat, never opened)
};

// The bytes a tensor's external data needs: its length, or its elements'
// size when the location gives no length. nullopt for a type element_size
// does not know (sub-byte, float8, strings).
std::optional<uint64_t> bytes_needed(const TensorData& t) {
  if (t.external_length >= 0) return static_cast<uint64_t>(t.external_length);
  const int64_t width = element_size(t.elem_type);
  if (width == 0) return std::nullopt;
  const int64_t n = t.num_elements();
  int64_t total = 0;
  if (n < 0 || __builtin_mul_overflow(n, width, &total)) return std::nullopt;
  return static_cast<uint64_t>(total);
}

bool has_dotdot(const std::string& location) {
  size_t start = 0;
  while (start <= location.size()) {
    size_t end = location.find_first_of("/\\", start);
    if (end == std::string::npos) end = location.size();
    if (location.compare(start, end - start, "..") == 0) return true;
    start = end + 1;
  }
  return false;
}

std::string real_path(const std::string& path, int* error) {
  char buf[PATH_MAX];
  if (!realpath(path.c_str(), buf)) {
    *error = errno;
    return "";
  }
  *error = 0;
  return buf;
}

Verdict classify(const std::string& location, const std::string& model_dir, bool on_disk) {
  if (location.empty()) return {ExternalCheck::kUnsafe, "the location is empty"};
  if (location.find('\0') != std::string::npos)
    return {ExternalCheck::kUnsafe, "the location contains a NUL byte"};
  if (location[0] == '/' || location[0] == '\\' || (location.size() > 1 && location[1] == ':'))
    return {ExternalCheck::kUnsafe, "it is an absolute path"};
  if (has_dotdot(location)) return {ExternalCheck::kUnsafe, "it contains '..'"};
  if (!on_disk) return {ExternalCheck::kInside, ""};

  int error = 0;
  const std::string dir = real_path(model_dir.empty() ? "." : model_dir, &error);
  if (dir.empty()) return {ExternalCheck::kMissing, "the model's directory cannot be resolved"};
  const std::string resolved = real_path(dir + "/" + location, &error);
  if (resolved.empty()) {
    if (error == ELOOP) return {ExternalCheck::kUnsafe, "it is a symlink loop"};
    return {ExternalCheck::kMissing, error == ENOENT || error == ENOTDIR
                                         ? "no such file next to the model"
                                         : std::strerror(error)};
  }
  if (resolved.compare(0, dir.size() + 1, dir + "/") != 0)
    return {ExternalCheck::kUnsafe,
            fmt::format("it resolves through a symlink to '{}', outside the model's directory",
                        resolved)};
  struct stat st;
  if (stat(resolved.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return {ExternalCheck::kMissing, "it is not a regular file"};
  return {ExternalCheck::kInside, "", static_cast<uint64_t>(st.st_size)};
}

}  // namespace

void check_external_data(Model& model, const std::string& model_path) {
  const bool on_disk = !model_path.empty();
  std::string dir;
  if (on_disk) {
    const size_t slash = model_path.find_last_of('/');
    dir = slash == std::string::npos ? "." : model_path.substr(0, slash);
    if (dir.empty()) dir.assign(1, '/');  // not `= "/"`: GCC 12 warns -Wrestrict (bug 105329)
  }
  // Many tensors share one data file: resolve each location once.
  std::map<std::string, Verdict> seen;
  for (TensorData& t : model.tensors) {
    if (t.storage != Storage::kExternal) continue;
    auto it = seen.find(t.external_location);
    if (it == seen.end())
      it = seen.emplace(t.external_location, classify(t.external_location, dir, on_disk)).first;
    t.external_check = it->second.check;
    t.external_problem = it->second.problem;
    // A file there, but shorter than this tensor's bytes (an interrupted copy):
    // its size is known from stat, the file is still never opened.
    const auto need = bytes_needed(t);
    uint64_t end = 0;
    if (t.external_check == ExternalCheck::kInside && on_disk && need && t.external_offset >= 0 &&
        !__builtin_add_overflow(static_cast<uint64_t>(t.external_offset), *need, &end) &&
        end > it->second.size) {
      t.external_check = ExternalCheck::kShort;
      t.external_problem = fmt::format(
          "it has {} bytes, but tensor '{}' needs bytes {} to {} (a truncated copy, or data "
          "written for another model?)",
          it->second.size, t.name, t.external_offset, end);
    }
  }
}

}  // namespace onnx_lint
