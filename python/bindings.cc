// onnx_lint._native: the engine's lint of one model, in process. The GIL is
// released while a model is loaded and linted, so threads lint in parallel.
// Only the public API (include/onnx_lint/) is used; the Python layer
// (onnx_lint/__init__.py) turns what this returns into typed objects.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "onnx_lint/batch.h"
#include "onnx_lint/linter.h"
#include "onnx_lint/writers.h"

namespace nb = nanobind;
using namespace onnx_lint;

namespace {

struct Options {
  std::optional<std::string> target, precision, config;
  std::optional<int> target_opset;  // the CLI's --target-opset
  std::vector<std::string> select, ignore;
  bool isolated = false;  // no .onnx-lint.toml looked up
};

LintJob job_of(const Options& o, bool discover_config) {
  LintJob job;
  job.hash = true;  // the JSON report shows each model's SHA-256, as the CLI's does
  if (!o.select.empty()) job.flags.select = o.select;
  job.flags.ignore = o.ignore;
  job.flags.target = o.target;
  if (o.target_opset) {
    if (*o.target_opset < 1)
      throw nb::value_error(
          ("target_opset must be a positive opset number, not " + std::to_string(*o.target_opset))
              .c_str());
    job.flags.target_opset = o.target_opset;
  }
  if (o.precision) {
    job.flags.precision = parse_precision(*o.precision);
    if (!job.flags.precision)
      throw nb::value_error(
          ("precision must be 'fp32', 'fp16' or 'bf16', not '" + *o.precision + "'").c_str());
  }
  if (o.config) job.config.file = *o.config;
  job.config.isolated = o.isolated || (!o.config && !discover_config);
  return job;
}

// One model's lint. The run report the writers read (the catalogue of the
// rules that ran, findings grouped) is made only when a format is asked for:
// most callers read the findings and nothing else.
struct Linted {
  FileReport report;
  const FileReport& file() const { return report; }
  std::string write(std::string_view format) const {
    std::ostringstream out;
    find_writer(format)->write(single_model_run(report), WriteStyle{}, out);
    return out.str();
  }
  // `onnx-lint MODEL`'s exit code at the default --fail-on error.
  int exit_code() const {
    if (!report.ok) return 2;
    for (const Diagnostic& d : report.diagnostics)
      if (d.severity == Severity::kError) return 1;
    return 0;
  }
};

}  // namespace

NB_MODULE(_native, m) {
  m.doc() = "onnx-lint's engine (use the onnx_lint package, not this module)";
  nb::class_<Diagnostic>(m, "Diagnostic")
      .def_ro("rule", &Diagnostic::rule)
      .def_ro("name", &Diagnostic::name)
      .def_prop_ro("severity",
                   [](const Diagnostic& d) { return std::string(severity_name(d.severity)); })
      .def_ro("message", &Diagnostic::message)
      .def_ro("fix", &Diagnostic::fix)
      .def_ro("graph", &Diagnostic::graph)
      .def_ro("node", &Diagnostic::node)
      .def_ro("op_type", &Diagnostic::op_type)
      .def_ro("tensor", &Diagnostic::tensor)
      .def_ro("module", &Diagnostic::module)
      .def_ro("source", &Diagnostic::source)
      .def_ro("code", &Diagnostic::code)
      .def_ro("doc", &Diagnostic::doc)
      .def_ro("cheatsheet", &Diagnostic::cheatsheet);
  nb::class_<Linted>(m, "Linted")
      .def_prop_ro("path", [](const Linted& l) { return l.file().path; })
      .def_prop_ro("ok", [](const Linted& l) { return l.file().ok; })
      .def_prop_ro("settings_error", [](const Linted& l) { return l.file().settings_error; })
      .def_prop_ro("error", [](const Linted& l) { return l.file().error; })
      .def_prop_ro("target", [](const Linted& l) { return l.file().target; })
      .def_prop_ro("precision", [](const Linted& l) { return l.file().precision; })
      .def_prop_ro("diagnostics", [](const Linted& l) { return l.file().diagnostics; })
      // Each finding's fields as one tuple, in onnx_lint.Diagnostic's order:
      // one call instead of a dozen attribute reads per finding.
      .def("rows",
           [](const Linted& l) {
             nb::list rows;
             for (const Diagnostic& d : l.file().diagnostics)
               rows.append(nb::make_tuple(d.rule, d.name, std::string(severity_name(d.severity)),
                                          d.message, d.fix, d.node, d.op_type, d.module, d.source,
                                          d.code, d.graph, d.tensor, d.doc));
             return rows;
           })
      .def_prop_ro("exit_code", &Linted::exit_code)
      .def("to_json", [](const Linted& l) { return l.write("json"); })
      .def("to_sarif", [](const Linted& l) { return l.write("sarif"); })
      .def("to_text", [](const Linted& l) { return l.write("text"); });
  nb::class_<Options>(m, "Options")
      .def(nb::init<>())
      .def_rw("target", &Options::target)
      .def_rw("precision", &Options::precision)
      .def_rw("target_opset", &Options::target_opset)
      .def_rw("config", &Options::config)
      .def_rw("select", &Options::select)
      .def_rw("ignore", &Options::ignore)
      .def_rw("isolated", &Options::isolated);
  m.def(
      "lint_path",
      [](const std::string& path, const Options& options) {
        const LintJob job = job_of(options, true);
        nb::gil_scoped_release unlocked;
        return Linted{lint_file(path, job)};
      },
      nb::arg("path"), nb::arg("options"));
  m.def(
      "lint_bytes",
      [](nb::bytes data, const std::string& name, const Options& options) {
        const LintJob job = job_of(options, false);
        // The bytes object stays alive (and unchanged: bytes are immutable)
        // while the GIL is released: the caller holds a reference to it.
        const std::string_view view(data.c_str(), data.size());
        nb::gil_scoped_release unlocked;
        return Linted{lint_bytes(view, name, job)};
      },
      nb::arg("data"), nb::arg("name"), nb::arg("options"));
  m.def("version", [] { return std::string(ONNX_LINT_VERSION); });
  // The command line itself, in this process: the wheel's `onnx-lint`
  // command and `python -m onnx_lint` run it, so the wheel repairs one
  // native file (this module) and no second binary.
  m.def(
      "run_cli",
      [](std::vector<std::string> args) {
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        nb::gil_scoped_release unlocked;
        const int code = run_cli(static_cast<int>(args.size()), argv.data());
        std::cout.flush();
        std::cerr.flush();
        return code;
      },
      nb::arg("argv"));
}
