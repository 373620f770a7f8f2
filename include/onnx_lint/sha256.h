// SHA-256 (OpenSSL), for report checksums and baseline fingerprints.
#pragma once

#include <string>
#include <string_view>

namespace onnx_lint {

std::string sha256_hex(std::string_view data);
/// Hashes a file in chunks; false with an error when it cannot be read.
bool sha256_file(const std::string& path, std::string* hex, std::string* error);

}  // namespace onnx_lint
