#include "analysis/op_signatures.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <mutex>
#include <tuple>

#include "analysis/operator_table.h"
#include "analysis/text_split.h"

namespace onnx_lint {
namespace {

constexpr std::string_view kWords[] = {
    "undefined",      "float",      "uint8",          "int8",       "uint16",    "int16",
    "int32",          "int64",      "string",         "bool",       "float16",   "double",
    "uint32",         "uint64",     "complex64",      "complex128", "bfloat16",  "float8e4m3fn",
    "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4",      "int4",      "float4e2m1",
    "float8e8m0",     "uint2",      "int2",           "float6e2m3", "float6e3m2"};

AttrType attr_type_of(std::string_view word) {
  static constexpr std::pair<std::string_view, AttrType> kTypes[] = {
      {"int", AttrType::kInt},
      {"float", AttrType::kFloat},
      {"string", AttrType::kString},
      {"tensor", AttrType::kTensor},
      {"graph", AttrType::kGraph},
      {"ints", AttrType::kInts},
      {"floats", AttrType::kFloats},
      {"strings", AttrType::kStrings},
      {"tensors", AttrType::kTensors},
      {"graphs", AttrType::kGraphs},
      {"sparse_tensor", AttrType::kSparseTensor},
      {"sparse_tensors", AttrType::kSparseTensors},
      {"type_proto", AttrType::kTypeProto},
      {"type_protos", AttrType::kTypeProtos}};
  for (const auto& [w, t] : kTypes)
    if (w == word) return t;
  return AttrType::kUndefined;
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

FormalParam parse_formal(const std::vector<std::string_view>& w) {
  FormalParam f;
  f.name = std::string(w[1]);
  f.type = std::string(w[2]);
  if (w.size() > 3 && w[3] == "?") {
    f.presence = Presence::kOptional;
    f.min_count = 0;
  } else if (w.size() > 3 && w[3].front() == '*') {
    f.presence = Presence::kVariadic;
    f.min_count = to_int(w[3].substr(1));
    f.heterogeneous = w.size() > 4 && w[4] == "mixed";
  }
  return f;
}

// The table's line format is described at the top of operators/signatures.txt.
std::vector<OpSignature> parse_table(std::string_view text) {
  std::vector<OpSignature> out;
  for (std::string_view line : split_lines(text)) {
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> w = split_words(line);
    if (w.empty()) continue;
    if (w[0] == "op" && w.size() >= 4) {
      OpSignature s;
      s.domain = w[1] == "-" ? "" : std::string(w[1]);
      s.name = std::string(w[2]);
      s.since = to_int(w[3]);
      if (w.size() >= 6 && w[4] == "deprecated") s.deprecated = to_int(w[5]);
      out.push_back(std::move(s));
      continue;
    }
    if (out.empty() || w.size() < 3) continue;
    OpSignature& s = out.back();
    if (w[0] == "a" && w.size() >= 4) {
      s.attrs.push_back({std::string(w[1]), attr_type_of(w[2]),
                         w[3] == "required"  ? AttrNeed::kRequired
                         : w[3] == "default" ? AttrNeed::kDefault
                                             : AttrNeed::kOptional});
    } else if (w[0] == "i") {
      s.inputs.push_back(parse_formal(w));
    } else if (w[0] == "o") {
      s.outputs.push_back(parse_formal(w));
    } else if (w[0] == "ri") {
      s.min_inputs = to_int(w[1]);
      s.max_inputs = to_int(w[2]);
    } else if (w[0] == "ro") {
      s.min_outputs = to_int(w[1]);
      s.max_outputs = to_int(w[2]);
    } else if (w[0] == "t") {
      TypeConstraint c{std::string(w[1]), {}};
      for (size_t k = 2; k < w.size(); ++k) c.allowed.emplace_back(w[k]);
      s.constraints.push_back(std::move(c));
    }
  }
  std::sort(out.begin(), out.end(), [](const OpSignature& a, const OpSignature& b) {
    return std::tie(a.domain, a.name, a.since) < std::tie(b.domain, b.name, b.since);
  });
  return out;
}

// The table is parsed one operator at a time, when a model first uses it: a
// model reads a few dozen of the 600 versions, and parsing all of them was a
// millisecond of every run (an eighth of linting a 32-node model).
struct OpEntry {
  std::string_view domain, name;  // views of the embedded text
  std::string_view text;          // its "op" blocks, every version (the file keeps them together)
  std::once_flag parsed;
  std::vector<OpSignature> versions;  // by since
};

// One pass over the text: where each operator's blocks are, nothing parsed.
std::vector<std::unique_ptr<OpEntry>> index_table(std::string_view text) {
  std::vector<std::unique_ptr<OpEntry>> out;
  for (std::string_view line : split_lines(text)) {
    if (line.rfind("op ", 0) == 0) {
      const std::vector<std::string_view> w = split_words(line);
      const std::string_view domain = w.size() > 1 && w[1] != "-" ? w[1] : "";
      const std::string_view name = w.size() > 2 ? w[2] : "";
      if (out.empty() || out.back()->domain != domain || out.back()->name != name) {
        out.push_back(std::make_unique<OpEntry>());
        out.back()->domain = domain;
        out.back()->name = name;
        out.back()->text = line.substr(0, 0);
      }
    }
    // Lines are views of `text`: an entry's text runs from its first line to here.
    if (!out.empty()) {
      OpEntry& e = *out.back();
      e.text = std::string_view(e.text.data(),
                                static_cast<size_t>(line.data() + line.size() - e.text.data()));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a->domain, a->name) < std::tie(b->domain, b->name);
  });
  return out;
}

const OpEntry* entry_for(std::string_view domain, std::string_view op) {
  static const std::vector<std::unique_ptr<OpEntry>> index = index_table(operator_table_text());
  auto it = std::lower_bound(
      index.begin(), index.end(), std::tie(domain, op),
      [](const auto& e, const auto& key) { return std::tie(e->domain, e->name) < key; });
  if (it == index.end() || (*it)->domain != domain || (*it)->name != op) return nullptr;
  OpEntry& e = **it;
  std::call_once(e.parsed, [&e] { e.versions = parse_table(e.text); });
  return &e;
}

const FormalParam* formal_at(const std::vector<FormalParam>& formals, size_t i) {
  if (formals.empty()) return nullptr;
  if (i < formals.size()) return &formals[i];
  return formals.back().presence == Presence::kVariadic ? &formals.back() : nullptr;
}

}  // namespace

const TypeConstraint* OpSignature::constraint(std::string_view var) const {
  for (const auto& c : constraints)
    if (c.var == var) return &c;
  return nullptr;
}

const AttrSpec* OpSignature::attr(std::string_view attr_name) const {
  for (const auto& a : attrs)
    if (a.name == attr_name) return &a;
  return nullptr;
}

const FormalParam* OpSignature::input_formal(size_t i) const { return formal_at(inputs, i); }
const FormalParam* OpSignature::output_formal(size_t i) const { return formal_at(outputs, i); }
std::pair<int, int> OpSignature::input_range() const { return {min_inputs, max_inputs}; }
std::pair<int, int> OpSignature::output_range() const { return {min_outputs, max_outputs}; }

const OpSignature* find_signature(std::string_view domain, std::string_view op, int64_t opset) {
  if (domain == "ai.onnx") domain = "";
  const OpEntry* e = entry_for(domain, op);
  if (!e) return nullptr;
  // The last version at or below the opset.
  auto it = std::upper_bound(
      e->versions.begin(), e->versions.end(), opset,
      [](int64_t v, const OpSignature& s) { return v < static_cast<int64_t>(s.since); });
  if (it == e->versions.begin()) return nullptr;
  return &*std::prev(it);
}

namespace {

// The table's "ir N" and "opset DOMAIN N" lines: what the onnx package it was
// generated from defines, so a new opset is one regeneration, not a code edit.
struct TableVersions {
  int64_t ir = 0;
  std::vector<std::pair<std::string, int64_t>> opsets;
};

const TableVersions& table_versions() {
  static const TableVersions versions = [] {
    TableVersions v;
    for (std::string_view line : split_lines(operator_table_text())) {
      if (line.rfind("op ", 0) == 0) break;  // the header ends where the operators begin
      const std::vector<std::string_view> w = split_words(line);
      if (w.size() == 2 && w[0] == "ir") v.ir = to_int(w[1]);
      if (w.size() == 3 && w[0] == "opset")
        v.opsets.emplace_back(w[1] == "-" ? "" : std::string(w[1]), to_int(w[2]));
    }
    return v;
  }();
  return versions;
}

}  // namespace

int64_t newest_known_opset(std::string_view domain) {
  if (domain == "ai.onnx") domain = "";
  for (const auto& [d, version] : table_versions().opsets)
    if (d == domain) return version;
  return 0;
}

int64_t newest_known_ir() { return table_versions().ir; }

bool is_table_domain(std::string_view domain) { return newest_known_opset(domain) > 0; }

std::optional<int32_t> dtype_of_word(std::string_view word) {
  for (size_t i = 1; i < std::size(kWords); ++i)
    if (kWords[i] == word) return static_cast<int32_t>(i);
  return std::nullopt;
}

std::string_view word_of_dtype(int32_t elem_type) {
  if (elem_type > 0 && elem_type < static_cast<int32_t>(std::size(kWords)))
    return kWords[elem_type];
  return "undefined";
}

}  // namespace onnx_lint
