#!/usr/bin/env node
// Runs each model on ONNX Runtime's CPU provider with zero inputs (symbolic
// dims as 1) and prints, per model, one JSON line with the element type and
// dims of every output: the ground truth that tests/ort_types_test.cc holds
// onnx-lint's inference against at opsets libonnx 1.12 does not know.
//   node types.js MODEL.onnx...
// Exit 0 when it ran (a model ONNX Runtime refuses is a line with "error");
// 77 when onnxruntime-node is not installed.
'use strict';

const { ort, kArrays } = require('./runtime');

function zeros(meta) {
  const dims = meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
  const n = dims.reduce((a, b) => a * b, 1);
  if (meta.type === 'string') return new ort.Tensor('string', new Array(n).fill(''), dims);
  const Array_ = kArrays[meta.type];
  if (!Array_) throw new Error(`input '${meta.name}' has type ${meta.type}`);
  return new ort.Tensor(meta.type, new Array_(n), dims);
}

async function run(file) {
  try {
    const session = await ort.InferenceSession.create(file, { logSeverityLevel: 3 });
    const feeds = {};
    for (const meta of session.inputMetadata) feeds[meta.name] = zeros(meta);
    const results = await session.run(feeds);
    const outputs = {};
    for (const name of Object.keys(results))
      outputs[name] = { type: results[name].type, dims: results[name].dims.map(Number) };
    return { model: file, outputs };
  } catch (e) {
    return { model: file, error: String(e.message).split('\n')[0] };
  }
}

(async () => {
  for (const file of process.argv.slice(2)) console.log(JSON.stringify(await run(file)));
})();
