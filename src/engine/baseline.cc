#include "engine/baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "diagnostics/report_paths.h"
#include "engine/sha256.h"

namespace onnx_lint {
namespace fs = std::filesystem;

std::string baseline_model_path(const std::string& model, const std::string& baseline_path) {
  std::error_code ec;
  fs::path base = fs::absolute(baseline_path, ec).parent_path();
  fs::path rel = fs::absolute(model, ec).lexically_normal().lexically_relative(base);
  return (ec || rel.empty() ? fs::path(model) : rel).generic_string();
}

std::string fingerprint(const Diagnostic& d, const std::string& baseline_model) {
  const std::string key = fmt::format("{}\n{}\n{}\n{}", d.rule, baseline_model, d.graph, d.anchor);
  return sha256_hex(key).substr(0, 16);
}

void stamp_fingerprints(FileReport& report) {
  const std::string uri = artifact_uri(report.path);
  for (auto& d : report.diagnostics) d.fingerprint = fingerprint(d, uri);
}

namespace {

BaselineEntry entry_for(const Diagnostic& d, const std::string& model) {
  return BaselineEntry{fingerprint(d, model), d.rule, model, d.graph, d.anchor};
}

auto entry_key(const BaselineEntry& e) {
  return std::tie(e.model, e.rule, e.graph, e.anchor, e.fingerprint);
}

}  // namespace

bool write_baseline(RunReport& report, const std::string& path, std::string* error) {
  std::vector<BaselineEntry> entries;
  for (const auto& f : report.files) {
    if (!f.ok) continue;
    const std::string model = baseline_model_path(f.path, path);
    for (const auto& d : f.diagnostics) entries.push_back(entry_for(d, model));
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return entry_key(a) < entry_key(b); });
  // One entry per line: reviewable diffs when the baseline changes.
  std::ostringstream out;
  out << "{\n  \"version\": 1,\n  \"tool\": \"onnx-lint\",\n  \"findings\": [";
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    nlohmann::ordered_json j{{"fingerprint", e.fingerprint},
                             {"rule", e.rule},
                             {"model", e.model},
                             {"graph", e.graph},
                             {"node", e.anchor}};
    out << (i ? ",\n    " : "\n    ")
        << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out << (entries.empty() ? "]\n}\n" : "\n  ]\n}\n");
  std::ofstream file(path, std::ios::trunc);
  if (!(file << out.str())) {
    *error = fmt::format("cannot write the baseline '{}': {}", path, std::strerror(errno));
    return false;
  }
  report.wrote_baseline = path;
  report.baseline_entries_written = entries.size();
  return true;
}

bool apply_baseline(RunReport& report, const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = fmt::format("cannot read the baseline '{}': {}", path, std::strerror(errno));
    return false;
  }
  std::vector<BaselineEntry> entries;
  try {
    auto j = nlohmann::json::parse(in);
    for (const auto& e : j.at("findings"))
      entries.push_back(BaselineEntry{e.at("fingerprint"), e.at("rule"), e.at("model"),
                                      e.at("graph"), e.at("node")});
  } catch (const std::exception& e) {
    *error = fmt::format("{}: not an onnx-lint baseline: {}", path, e.what());
    return false;
  }
  std::map<std::string, int> remaining;
  for (const auto& e : entries) ++remaining[e.fingerprint];
  std::set<std::string> linted;
  for (auto& f : report.files) {
    if (!f.ok) continue;
    const std::string model = baseline_model_path(f.path, path);
    linted.insert(model);
    std::vector<Diagnostic> kept;
    for (auto& d : f.diagnostics) {
      auto it = remaining.find(fingerprint(d, model));
      if (it != remaining.end() && it->second > 0) {
        --it->second;
        ++f.baselined;
      } else {
        kept.push_back(std::move(d));
      }
    }
    f.diagnostics = std::move(kept);
  }
  // Stale: recorded for a model linted now, but found no more (fixed, or renamed).
  for (const auto& e : entries) {
    auto it = remaining.find(e.fingerprint);
    if (linted.count(e.model) && it->second > 0) {
      --it->second;
      report.stale_baseline.push_back(e);
    }
  }
  report.baseline = path;
  return true;
}

}  // namespace onnx_lint
