// In-process timings of the pipeline's phases on the benchmark models:
//   BM_Load/<model>   map + skeleton + parse + type inference + graph build
//   BM_Rules/<model>  every rule over the loaded graph
//   BM_File/<model>   lint_file end to end (what one model costs in a batch)
// Usage: bench_lint [benchmark flags] MODEL.onnx...
#include <benchmark/benchmark.h>

#include <filesystem>
#include <iostream>

#include "onnx_lint/linter.h"
#include "onnx_lint/loader.h"

namespace {

void load(benchmark::State& state, std::string path) {
  for (auto _ : state) {
    auto r = onnx_lint::load_model(path);
    if (!r.model) state.SkipWithError(r.error.c_str());
    benchmark::DoNotOptimize(r);
  }
}

void rules(benchmark::State& state, std::string path) {
  auto r = onnx_lint::load_model(path);
  if (!r.model) return state.SkipWithError(r.error.c_str());
  onnx_lint::LintSettings settings;
  for (auto _ : state) benchmark::DoNotOptimize(onnx_lint::lint_model(*r.model, settings));
  state.counters["nodes"] = static_cast<double>(r.model->node_count());
}

void file(benchmark::State& state, std::string path) {
  onnx_lint::LintJob job;
  job.config.isolated = true;
  for (auto _ : state) benchmark::DoNotOptimize(onnx_lint::lint_file(path, job));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::cerr << "usage: bench_lint [benchmark flags] MODEL.onnx...\n";
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    const std::string path = argv[i];
    const std::string name = std::filesystem::path(path).stem().string();
    benchmark::RegisterBenchmark(("BM_Load/" + name).c_str(), load, path)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_Rules/" + name).c_str(), rules, path)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_File/" + name).c_str(), file, path)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
