// What the ONNX Runtime scripts share: onnxruntime-node itself, or the exit
// that ctest reports as skipped (77) when it is not installed, and the typed
// arrays that hold each element type's data.
'use strict';

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  console.log('onnxruntime-node is not installed: cd tests/ort && npm ci --ignore-scripts');
  // scripts/test.sh installs it and sets this, so CI never skips the oracle.
  process.exit(process.env.ONNX_LINT_REQUIRE_ORT ? 1 : 77);
}

// float16 travels as its bits.
const kArrays = {
  float32: Float32Array, float64: Float64Array, int64: BigInt64Array, int32: Int32Array,
  uint8: Uint8Array, int8: Int8Array, int16: Int16Array, uint16: Uint16Array, bool: Uint8Array,
  float16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
};

module.exports = { ort, kArrays };
