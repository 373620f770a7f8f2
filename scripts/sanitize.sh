#!/usr/bin/env bash
# The robustness checks: builds everything with clang under AddressSanitizer +
# UndefinedBehaviorSanitizer into build-asan/, runs the whole test suite there,
# then runs each libFuzzer target, seeded with the committed models and the
# kept regressions. The fuzz runs are reproducible: a fixed number of
# executions (about ONNX_LINT_FUZZ_SECONDS of work: 60 in CI, 10 otherwise)
# from a fixed seed (ONNX_LINT_FUZZ_SEED overrides), so the same build gives
# the same run and a green run stays green; what it explores changes with the
# code. Longer hunts with random seeds: tests/fuzz/README.md.
# Called by scripts/test.sh; safe to run on its own. Idempotent and incremental.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ONNX_LINT_ASAN_BUILD_DIR:-$ROOT/build-asan}"
SECONDS_PER_TARGET="${ONNX_LINT_FUZZ_SECONDS:-$([ -n "${CI:-}" ] && echo 60 || echo 10)}"
SEED="${ONNX_LINT_FUZZ_SEED:-20261124}"
log() { printf '[sanitize] %s\n' "$*" >&2; }

missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# A build folder configured some other way (no fuzz targets, no sanitizers)
# is configured again: the checks below must run what they say they run.
if [ ! -f "$BUILD/CMakeCache.txt" ] || ! grep -q '^ONNX_LINT_FUZZ:BOOL=ON$' "$BUILD/CMakeCache.txt" ||
   ! grep -q '^ONNX_LINT_SANITIZE:BOOL=ON$' "$BUILD/CMakeCache.txt"; then
  log "configuring $BUILD (clang, ASan + UBSan, fuzz targets)"
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DONNX_LINT_SANITIZE=ON -DONNX_LINT_FUZZ=ON >&2
fi
log "building"
cmake --build "$BUILD" -j "$(nproc)" >&2

# Any sanitizer report fails the run; leaks too.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
# Third-party leaks only, each with its reason in the file.
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
log "test suite under ASan + UBSan"
# Not the two tests that build a tree of their own with the system compiler
# (the scaffold's scratch copy, the Python wheel): nothing of theirs runs
# under the sanitizers, and the first suite ran them already.
ctest --test-dir "$BUILD" --no-tests=error --output-on-failure -j "$(nproc)" \
  -E '^(Scaffold\.NewRuleBuildsAndPasses|Python\.test_wheel)$'

# Executions per second of work, measured on the 2-core machine under ASan.
declare -A RATE=([fuzz_loader]=800 [fuzz_lint]=250)
TIMEOUT=10  # seconds one input may take

# One campaign of $target: sets status, fuzz_log, done_runs.
fuzz_campaign() {
  # A fresh corpus each time keeps the run a function of (binary, seed, runs).
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  # Seeds: every committed model, and inputs that once crashed (kept as regressions).
  # -malloc_limit_mb is lifted because libFuzzer's malloc hook counts what the
  # target frees later in bulk; the RSS limit still holds for the fuzzed process.
  fuzz_log="$BUILD/fuzz-artifacts/$target.log"
  status=0
  "$binary" -seed="$SEED" -runs="$runs" -max_total_time=1800 -timeout="$TIMEOUT" \
    -rss_limit_mb=2048 -malloc_limit_mb=1000000 -max_len=262144 -print_final_stats=1 \
    -artifact_prefix="$artifacts" \
    "$corpus" "$ROOT/models/fixtures" "$ROOT/tests/fuzz/regressions" >"$fuzz_log" 2>&1 || status=$?
  grep -E "^(#[0-9]+ +(INITED|DONE)|Done|stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)" \
    "$fuzz_log" >&2 || true
  done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$fuzz_log" | tail -1)
}

# True when every artifact is a slow unit or a timeout that runs well within
# the timeout when replayed alone: the machine stalled (every process on it
# saw the same pause), not the input. A crash, a leak, an OOM, or a slow input
# that stays slow is the input's.
only_stalls() {
  local a start took found=0
  for a in "$artifacts"*; do
    [ -e "$a" ] || continue
    found=1
    case "$(basename "$a")" in
      slow-unit-*|timeout-*) ;;
      *) return 1 ;;
    esac
    start=$(date +%s%N)
    "$binary" -runs=1 -timeout="$TIMEOUT" -rss_limit_mb=2048 -malloc_limit_mb=1000000 "$a" \
      >>"$fuzz_log.replay" 2>&1 || return 1
    took=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$took" -lt $((TIMEOUT * 1000 / 2)) ] || return 1
    log "$(basename "$a") replays in $took ms alone: the machine stalled, not the input"
  done
  [ "$found" -eq 1 ]
}

for target in fuzz_loader fuzz_lint; do
  corpus="$BUILD/fuzz-corpus/$target"
  artifacts="$BUILD/fuzz-artifacts/$target/"
  runs=$((SECONDS_PER_TARGET * ${RATE[$target]}))
  binary="$BUILD/tests/fuzz/$target"
  if [ ! -x "$binary" ]; then
    log "$binary is missing: the fuzz step cannot run"
    exit 1
  fi
  for attempt in 1 2; do
    log "fuzzing $target: $runs executions, seed $SEED"
    fuzz_campaign
    complete=0
    [ "$status" -eq 0 ] && [ -n "$done_runs" ] && [ "$done_runs" -ge "$runs" ] && complete=1
    ls "$artifacts" 2>/dev/null | grep -q . || [ "$complete" -eq 0 ] || break
    if only_stalls; then
      # A stall that cut the campaign short is run again, once: the run is
      # deterministic, so a second stall at the same place would be the input's.
      [ "$complete" -eq 1 ] && break
      [ "$attempt" -eq 1 ] && { log "$target stopped at a stall; running it again"; continue; }
    fi
    log "$target failed (exit $status; log $fuzz_log); crashing inputs in $artifacts (seed $SEED): keep them in tests/fuzz/regressions/"
    exit 1
  done
  # libFuzzer's own count: a run that did not execute what was asked did not fuzz.
  if [ -z "$done_runs" ] || [ "$done_runs" -lt "$runs" ]; then
    log "$target ran ${done_runs:-no} executions of $runs asked (log $fuzz_log)"
    exit 1
  fi
  log "$target: $done_runs executions, no crash"
done
log "sanitizer suite and fuzz runs passed"
