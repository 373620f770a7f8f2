#!/usr/bin/env node
// Runs the checks in pairs.txt on ONNX Runtime's CPU provider (npm
// onnxruntime-node) and fails on the first disagreement.
//   node equivalence.js FIXTURE_DIR [PAIRS_FILE]
// Exit 0: all agree; 1: a check failed; 77: onnxruntime-node is not installed
// (ctest reports 77 as skipped; with ONNX_LINT_REQUIRE_ORT set it is a failure).
'use strict';
const fs = require('fs');
const path = require('path');

const { ort, kArrays } = require('./runtime');

const kDraws = 5;
const kRelative = 1e-5;
// Float32 rounding near zero has no relative scale; a value this small is zero.
const kAbsolute = 1e-6;

// mulberry32: a tiny seeded generator, so every run draws the same inputs.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The element types it draws random inputs of.
const kDrawable = new Set(['float32', 'float64', 'int64', 'int32', 'uint8', 'int8', 'int16', 'bool']);

function concreteDims(shape) {
  return shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 2));
}

function randomTensor(meta, spec, rand) {
  const dims = concreteDims(meta.shape);
  const n = dims.reduce((a, b) => a * b, 1);
  const Array_ = kDrawable.has(meta.type) ? kArrays[meta.type] : undefined;
  if (!Array_) throw new Error(`input '${meta.name}': type ${meta.type} is not supported here`);
  const data = new Array_(n);
  const big = meta.type === 'int64';
  let values;
  if (spec && spec.startsWith('perm:')) {
    const limit = Number(spec.slice(5));
    if (n > limit) throw new Error(`input '${meta.name}': ${n} distinct values below ${limit}`);
    const pool = [...Array(limit).keys()];
    for (let i = limit - 1; i > 0; --i) {
      const j = Math.floor(rand() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    values = pool.slice(0, n);
  } else if (spec && spec.startsWith('int:')) {
    const [lo, hi] = spec.slice(4).split('..').map(Number);
    values = Array.from({length: n}, () => lo + Math.floor(rand() * (hi - lo + 1)));
  } else if (meta.type === 'bool') {
    values = Array.from({length: n}, () => (rand() < 0.5 ? 1 : 0));
  } else if (meta.type.startsWith('float')) {
    values = Array.from({length: n}, () => rand() * 4 - 2);
  } else {
    values = Array.from({length: n}, () => Math.floor(rand() * 4));
  }
  values.forEach((v, i) => (data[i] = big ? BigInt(v) : v));
  return new ort.Tensor(meta.type, data, dims);
}

function recordTensor(t) {
  const Array_ = kArrays[t.type];
  const data = t.type === 'int64' ? BigInt64Array.from(t.data.map(BigInt)) : Array_.from(t.data);
  return new ort.Tensor(t.type, data, t.dims);
}

// "" when equal, else the first difference in words.
// The tolerance of the current check: `same` 1e-5 relative; `close` its own,
// for float types that may differ (float64 computed as float32).
let relative = kRelative, crossType = false;

function difference(a, b) {
  const bothFloat = a.type.startsWith('float') && b.type.startsWith('float');
  if (a.type !== b.type && !(crossType && bothFloat)) return `types ${a.type} and ${b.type}`;
  if (a.dims.join('x') !== b.dims.join('x')) return `shapes [${a.dims}] and [${b.dims}]`;
  const float = a.type.startsWith('float');
  for (let i = 0; i < a.data.length; ++i) {
    const x = a.data[i], y = b.data[i];
    if (!float) {
      if (x !== y) return `element ${i}: ${x} and ${y}`;
      continue;
    }
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    const scale = Math.max(Math.abs(x), Math.abs(y));
    worst = Math.max(worst, Math.abs(x - y) / Math.max(scale, kAbsolute));
    worstAbsolute = Math.max(worstAbsolute, Math.abs(x - y));
    if (!(Math.abs(x - y) <= relative * scale + kAbsolute)) return `element ${i}: ${x} and ${y}`;
  }
  return '';
}

// The largest relative difference seen in the current check, for the report.
let worst = 0, worstAbsolute = 0;

async function outputsOf(session, feeds) {
  const result = await session.run(feeds);
  return session.outputNames.map((name) => result[name]);
}

function compareAll(left, right) {
  if (left.length !== right.length) return `${left.length} and ${right.length} outputs`;
  for (let i = 0; i < left.length; ++i) {
    const d = difference(left[i], right[i]);
    if (d) return `output ${i}: ${d}`;
  }
  return '';
}

async function checkSame(dir, original, fixed, specs) {
  const a = await ort.InferenceSession.create(path.join(dir, original + '.onnx'));
  const b = await ort.InferenceSession.create(path.join(dir, fixed + '.onnx'));
  if (a.inputMetadata.length !== b.inputMetadata.length)
    return `${a.inputMetadata.length} and ${b.inputMetadata.length} inputs`;
  for (const name of Object.keys(specs))
    if (!a.inputNames.includes(name)) return `no input '${name}' in ${original}`;
  for (let draw = 0; draw < kDraws; ++draw) {
    const rand = generator(1000 + draw);
    const feedsA = {}, feedsB = {};
    a.inputMetadata.forEach((meta, i) => {
      const t = randomTensor(meta, specs[meta.name], rand);
      feedsA[meta.name] = t;
      feedsB[b.inputNames[i]] = t;
    });
    const d = compareAll(await outputsOf(a, feedsA), await outputsOf(b, feedsB));
    if (d) return `draw ${draw}: ${d}`;
  }
  return '';
}

async function checkRecord(dir, model, recordFile, expectEqual) {
  const record = JSON.parse(fs.readFileSync(path.join(dir, recordFile), 'utf8'));
  const s = await ort.InferenceSession.create(path.join(dir, model + '.onnx'));
  const feeds = {};
  for (const [name, t] of Object.entries(record.inputs)) feeds[name] = recordTensor(t);
  const want = s.outputNames.map((name) => {
    if (!record.outputs[name]) throw new Error(`${recordFile} has no output '${name}'`);
    return recordTensor(record.outputs[name]);
  });
  const d = compareAll(await outputsOf(s, feeds), want);
  if (expectEqual) return d;
  return d ? '' : `equals PyTorch's outputs in ${recordFile}, but the export is meant to be wrong`;
}

async function main() {
  const dir = process.argv[2];
  const pairsFile = process.argv[3] || path.join(__dirname, 'pairs.txt');
  if (!dir) {
    console.error('usage: equivalence.js FIXTURE_DIR [PAIRS_FILE]');
    return 2;
  }
  let failed = 0, checks = 0;
  for (const raw of fs.readFileSync(pairsFile, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [kind, first, second, ...rest] = line.split(/\s+/);
    const specs = Object.fromEntries(rest.map((r) => r.split('=')));
    let d;
    worst = 0;
    worstAbsolute = 0;
    try {
      relative = kRelative;
      crossType = false;
      if (kind === 'same') d = await checkSame(dir, first, second, specs);
      else if (kind === 'close') {
        // close ORIGINAL FIXED TOLERANCE: float64 computed in float32 (an unsafe fix).
        relative = Number(rest.shift());
        crossType = true;
        d = await checkSame(dir, first, second, {});
      }
      else if (kind === 'torch') d = await checkRecord(dir, first, second, true);
      else if (kind === 'differs') d = await checkRecord(dir, first, second, false);
      else if (kind === 'unpaired') continue;
      else d = `unknown check '${kind}'`;
    } catch (e) {
      d = String(e.message || e);
    }
    ++checks;
    if (d) ++failed;
    const measured = (kind === 'same' || kind === 'close') && !d
        ? ` (largest difference ${worstAbsolute.toExponential(2)} absolute, ` +
          `${worst.toExponential(2)} relative)`
        : '';
    console.log(`${d ? 'FAIL' : 'ok  '} ${line}${d ? ': ' + d : measured}`);
  }
  console.log(`${checks - failed} of ${checks} checks agree`);
  return failed || checks === 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
