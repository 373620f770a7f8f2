// SHA-256 (OpenSSL), for report checksums and baseline fingerprints.
#pragma once

#include <string>
#include <string_view>

namespace onnx_lint {

std::string sha256_hex(std::string_view data);

}  // namespace onnx_lint
