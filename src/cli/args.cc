#include "cli/args.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>
#include <map>

#include "analysis/text_split.h"
#include "onnx_lint/writers.h"

namespace onnx_lint {
namespace {

constexpr int kExitUsage = 2;

// "OL101,resize-nearest" and repeated flags both add to the list.
std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values)
    for (std::string_view part : split(v, ','))
      if (!part.empty()) out.emplace_back(part);
  return out;
}

// The flags a lint setting comes from, as CLI11 fills them.
struct FlagValues {
  std::vector<std::string> select, ignore, extend_select, severity;
  std::string fail_on = "error", infer_types = "auto", target, precision;
  int max_warnings = 0, target_opset = 12;
  bool exit_zero = false;
  CLI::Option *select_opt = nullptr, *fail_opt = nullptr, *max_opt = nullptr, *zero_opt = nullptr,
              *opset_opt = nullptr, *target_opt = nullptr, *precision_opt = nullptr;
};

// One value per flag (comma lists allowed), so a model path after the flag is
// not taken for a rule; repeating the flag adds more.
CLI::Option* add_list(CLI::App& app, const char* name, std::vector<std::string>& into,
                      const char* help) {
  return app.add_option(name, into, help)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
}

void add_gate_flags(CLI::App& app, FlagValues& f) {
  f.fail_opt = app.add_option("--fail-on", f.fail_on,
                              "Lowest severity that makes the exit code 1: error, warning, info "
                              "or never")
                   ->check(CLI::IsMember({"error", "warning", "info", "never"}))
                   ->default_str("error");
  f.max_opt = app.add_option("--max-warnings", f.max_warnings,
                             "Exit 1 when there are more warnings than this")
                  ->check(CLI::NonNegativeNumber);
  f.zero_opt = app.add_flag("--exit-zero", f.exit_zero,
                            "Exit 0 even with findings (2 still means a file failed)");
}

void add_target_flags(CLI::App& app, FlagValues& f) {
  f.opset_opt = app.add_option("--target-opset", f.target_opset,
                               "Default-domain opset the deployment expects (OL001)")
                    ->check(CLI::Range(1, 1000))
                    ->default_str("12");
  f.target_opt = app.add_option("--target", f.target,
                                "Deployment target: cheatsheet (default), trt-8.6 ... trt-10.15 "
                                "(= trt-10), trt-11.0, trt-11.5 (= trt-11), ort-trt, ort-cuda; "
                                "--list-targets")
                     ->default_str("cheatsheet");
  f.precision_opt = app.add_option("--precision", f.precision,
                                   "Precision the model runs in: fp32 (default), fp16 (trtexec "
                                   "--fp16, trt_fp16_enable) or bf16 (OL701-OL703)")
                        ->check(CLI::IsMember({"fp32", "fp16", "bf16"}))
                        ->default_str("fp32");
}

// `gate`: the flags that decide the exit code from findings (fix writes a
// model and has exit codes of its own: they are not offered there).
void add_lint_flags(CLI::App& app, FlagValues& f, bool gate = true) {
  f.select_opt = add_list(app, "--select", f.select, "Rules to run (replaces the default ALL)");
  add_list(app, "--extend-select", f.extend_select, "Rules to run in addition to the selection");
  add_list(app, "--ignore", f.ignore, "Rules not to run");
  add_list(app, "--severity", f.severity, "Override a rule's level: SELECTOR=error|warning|info");
  if (gate) add_gate_flags(app, f);
  add_target_flags(app, f);
}

// Choices as users write them (`--color auto|always|never`), not the parser
// library's rendering of its validators (`ENUM:value in {always->1,...}`).
void show_choices_as_written(CLI::App& app) {
  static const std::map<std::string, std::string> kText = {
      {"--color", "auto|always|never (default auto)"},
      {"--fail-on", "error|warning|info|never (default error)"},
      {"--infer-types", "auto|always|never (default auto)"},
      {"--precision", "fp32|fp16|bf16 (default fp32)"},
      {"--target", "NAME (default cheatsheet)"},
      {"--target-opset", "N (default 12)"},
      {"--jobs", "N"},
      {"--max-warnings", "N"},
      {"--graph-hops", "1-6 (default 2)"},
      {"--output", "FILE"},
      {"--config", "FILE"},
      {"--baseline", "FILE"},
      {"--write-baseline", "FILE"},
      {"--select", "SEL[,SEL]"},
      {"--extend-select", "SEL[,SEL]"},
      {"--ignore", "SEL[,SEL]"},
      {"--severity", "SEL=LEVEL"},
      {"--explain", "CODE|NAME"},
      {"--set-input-shape", "NAME=1x3x224x224"},
      {"--docs-url", "URL"},
      {"files", "MODEL.onnx|DIR ..."},
      {"MODEL", "MODEL.onnx"},
      {"OLD", "OLD.onnx"},
      {"NEW", "NEW.onnx"},
  };
  for (CLI::Option* opt : app.get_options()) {
    const std::string name =
        opt->get_lnames().empty() ? opt->get_name() : "--" + opt->get_lnames()[0];
    if (auto it = kText.find(name); it != kText.end()) opt->option_text(it->second);
  }
}

void add_run_flags(CLI::App& app, RunSettings& run, FlagValues& f) {
  std::vector<std::string> formats;
  for (const Writer& w : all_writers()) formats.emplace_back(w.format);
  app.add_option("files", run.batch.inputs,
                 "ONNX model files, or directories to search for *.onnx");
  std::string choices;
  for (const std::string& f : formats) choices += (choices.empty() ? "" : "|") + f;
  app.add_option("--format", run.format, "Report format")
      ->check(CLI::IsMember(formats))
      ->default_str("text")
      ->option_text(choices + " (default text)");
  app.add_option("-o,--output", run.output, "Write the report to FILE instead of stdout");
  app.add_option("--color", run.color, "Colour the text report")
      ->transform(
          CLI::CheckedTransformer(std::map<std::string, ColorMode>{{"auto", ColorMode::kAuto},
                                                                   {"always", ColorMode::kAlways},
                                                                   {"never", ColorMode::kNever}}))
      ->default_str("auto");
  app.add_option("--config", run.batch.lint.config.file, "Use this config file for every model");
  app.add_flag("--isolated", run.batch.lint.config.isolated, "Ignore all .onnx-lint.toml files");
  app.add_option("--baseline", run.batch.baseline,
                 "Report only findings not recorded in this baseline");
  app.add_option("--write-baseline", run.batch.write_baseline,
                 "Record the current findings in this baseline file");
  app.add_option("-j,--jobs", run.batch.jobs,
                 "Models linted in parallel (default: number of cores)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--infer-types", f.infer_types,
                 "Type and shape inference of intermediate tensors: auto (= always) or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  app.add_option("--graph-hops", run.graph_hops,
                 "HTML: draw each finding's producers and consumers this far out")
      ->check(CLI::Range(1, 6))
      ->default_str("2");
  app.add_flag_callback(
      "--no-group", [&run] { run.batch.group = false; },
      "One entry per node: do not group findings of one rule from one source line");
  app.add_flag("--statistics", run.statistics,
               "Text: count findings per rule instead of listing them");
  app.add_flag("-q,--quiet", run.quiet, "Print findings only, no summary line");
}

// The flags as a settings layer: only what was given, so configs fill the rest.
bool flag_layer(const FlagValues& f, SettingsLayer* layer) {
  if (f.select_opt->count()) layer->select = split_commas(f.select);
  layer->extend_select = split_commas(f.extend_select);
  layer->ignore = split_commas(f.ignore);
  for (const auto& item : f.severity) {
    const size_t eq = item.find('=');
    auto level = eq == std::string::npos ? std::nullopt : parse_severity(item.substr(eq + 1));
    if (!level) {
      std::cerr << fmt::format(
          "onnx-lint: --severity '{}': expected SELECTOR=error|warning|info, e.g. OL102=error\n",
          item);
      return false;
    }
    layer->severity[item.substr(0, eq)] = *level;
  }
  if (f.fail_opt && f.fail_opt->count()) layer->fail_on = parse_fail_on(f.fail_on);
  if (f.max_opt && f.max_opt->count()) layer->max_warnings = f.max_warnings;
  if (f.zero_opt && f.zero_opt->count()) layer->exit_zero = f.exit_zero;
  if (f.opset_opt->count()) layer->target_opset = f.target_opset;
  if (f.target_opt->count()) layer->target = f.target;
  if (f.precision_opt->count()) layer->precision = parse_precision(f.precision);
  return true;
}

Args exit_with(int code) {
  Args a;
  a.action = Action::kExit;
  a.exit_code = code;
  return a;
}

// "NAME=1x3x224x224" -> (NAME, dims); false when it does not read.
bool parse_input_shape(const std::string& item, std::pair<std::string, std::vector<int64_t>>* out) {
  const size_t eq = item.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) return false;
  out->first = item.substr(0, eq);
  out->second.clear();
  for (std::string_view d : split(std::string_view(item).substr(eq + 1), 'x')) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), v);
    if (ec != std::errc() || end != d.data() + d.size() || v < 1) return false;
    out->second.push_back(v);
  }
  return true;
}

}  // namespace

FixArgs parse_fix_args(int argc, char** argv) {
  CLI::App app{
      "onnx-lint fix: rewrite what can be rewritten safely (Tile, Resize on static "
      "shapes), write a new model and lint it again",
      "onnx-lint fix"};
  app.footer(
      "Every fix keeps the model's results (to float rounding); see each rule's page for its "
      "fix.\nExit codes: 0 written (or --diff printed); 2 a usage error, a model that does not "
      "load, or a refusal (nothing is written then).");
  FixArgs args;
  FlagValues flags;
  std::vector<std::string> shapes;
  app.add_option("MODEL", args.model, "The model to fix")->required();
  app.add_option("-o,--output", args.job.output, "Where to write the fixed model");
  app.add_flag("--in-place", args.job.in_place, "Overwrite MODEL itself");
  app.add_flag("--diff", args.job.diff, "Print what would change, write nothing");
  app.add_flag("--unsafe-fixes", args.job.unsafe,
               "Also apply the fixes that change what the model computes or takes");
  add_list(app, "--set-input-shape", shapes, "Make a dynamic input static: NAME=1x3x224x224");
  app.add_option("--format", args.format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text")
      ->option_text("text|json (default text)");
  app.add_option("--config", args.job.lint.config.file, "Use this config instead of the nearest");
  add_lint_flags(app, flags, /*gate=*/false);
  show_choices_as_written(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    args.exit = true;
    args.exit_code = app.exit(e);
    return args;
  } catch (const CLI::ParseError& e) {
    std::cerr << "onnx-lint fix: " << e.what() << "\nRun `onnx-lint fix --help` for usage.\n";
    args.exit = true;
    args.exit_code = kExitUsage;
    return args;
  }
  for (const std::string& item : split_commas(shapes)) {
    std::pair<std::string, std::vector<int64_t>> shape;
    if (!parse_input_shape(item, &shape)) {
      std::cerr << fmt::format(
          "onnx-lint fix: --set-input-shape '{}': expected NAME=DxDx... with dims of 1 or more, "
          "e.g. image=1x3x224x224\n",
          item);
      args.exit = true;
      args.exit_code = kExitUsage;
      return args;
    }
    args.job.input_shapes.push_back(std::move(shape));
  }
  if (!flag_layer(flags, &args.job.lint.flags)) {
    args.exit = true;
    args.exit_code = kExitUsage;
  }
  return args;
}

DiffArgs parse_diff_args(int argc, char** argv) {
  CLI::App app{
      "onnx-lint diff: what an export change did to deployability: findings introduced and "
      "resolved, signature, graph, weights and each target's verdict",
      "onnx-lint diff"};
  app.footer(
      "Findings are matched by rule, module path, op type, source line and the ops around the "
      "node, never by node or tensor names (docs/diff.md).\nExit codes: 0 nothing introduced "
      "reaches --fail-on; 1 something does (or the signature changed, with "
      "--fail-on-signature-change); 2 a usage error or a model that does not load.");
  DiffArgs args;
  FlagValues flags;
  app.add_option("OLD", args.old_model, "The model before the change")->required();
  app.add_option("NEW", args.new_model, "The model after the change")->required();
  app.add_option("--format", args.format, "Report format (sarif: the introduced findings)")
      ->check(CLI::IsMember({"text", "json", "markdown", "sarif"}))
      ->default_str("text")
      ->option_text("text|json|markdown|sarif (default text)");
  app.add_option("-o,--output", args.output, "Write the report to FILE instead of stdout");
  app.add_flag("--fail-on-signature-change", args.fail_on_signature_change,
               "Also exit 1 when an input or output of the main graph changed");
  app.add_option("--docs-url", args.docs_url,
                 "markdown: link rule pages under this URL (default: docs/rules/ relative)");
  app.add_option("--config", args.lint.config.file, "Use this config for both models");
  app.add_flag("--isolated", args.lint.config.isolated, "Ignore every configuration file");
  add_lint_flags(app, flags);
  show_choices_as_written(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    args.exit = true;
    args.exit_code = app.exit(e);
    return args;
  } catch (const CLI::ParseError& e) {
    std::cerr << "onnx-lint diff: " << e.what() << "\nRun `onnx-lint diff --help` for usage.\n";
    args.exit = true;
    args.exit_code = kExitUsage;
    return args;
  }
  if (!flag_layer(flags, &args.lint.flags)) {
    args.exit = true;
    args.exit_code = kExitUsage;
  }
  return args;
}

Args parse_args(int argc, char** argv) {
  CLI::App app{"onnx-lint: find the PyTorch export idioms that break TensorRT and ONNX Runtime",
               "onnx-lint"};
  app.set_version_flag("--version", std::string("onnx-lint ") + ONNX_LINT_VERSION);
  app.footer(
      "Selectors: a rule code (OL101), a name (resize-linear), a code prefix (OL1) or ALL.\n"
      "Settings also come from the nearest .onnx-lint.toml (see docs/ci.md); flags win.\n"
      "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it (or more than\n"
      "--max-warnings warnings); 2 usage or config error, or a file that could not be linted.\n"
      "Rules: onnx-lint --list-rules; onnx-lint --explain CODE.\n"
      "Subcommands: onnx-lint fix MODEL -o FIXED.onnx rewrites what can be rewritten safely\n"
      "(onnx-lint fix --help); onnx-lint diff OLD NEW says what an export change did\n"
      "(onnx-lint diff --help).");
  Args args;
  FlagValues flags;
  bool list = false, list_targets = false;
  add_run_flags(app, args.run, flags);
  add_lint_flags(app, flags);
  app.add_flag("--list-rules", list, "List every rule and exit");
  app.add_flag("--list-targets", list_targets, "List the deployment targets and exit");
  app.add_option("--explain", args.explain, "Print a rule's documentation (code or name) and exit");
  show_choices_as_written(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return exit_with(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    return exit_with(app.exit(e));
  } catch (const CLI::ParseError& e) {
    std::cerr << "onnx-lint: " << e.what() << "\nRun `onnx-lint --help` for usage.\n";
    return exit_with(kExitUsage);
  }
  if (list)
    args.action = Action::kListRules;
  else if (list_targets)
    args.action = Action::kListTargets;
  else if (!args.explain.empty())
    args.action = Action::kExplain;
  if (args.run.statistics && args.run.format != "text") {
    // Ignoring it would print every finding where the user asked for counts.
    std::cerr << "onnx-lint: --statistics is for the text report; --format " << args.run.format
              << " lists every finding (JSON also counts them per file, under \"counts\")\n";
    return exit_with(kExitUsage);
  }
  if (!flag_layer(flags, &args.run.batch.lint.flags)) return exit_with(kExitUsage);
  LoadOptions& load = args.run.batch.lint.load;
  load.infer_types = flags.infer_types == "always"  ? InferTypes::kAlways
                     : flags.infer_types == "never" ? InferTypes::kNever
                                                    : InferTypes::kAuto;
  const Writer* writer = find_writer(args.run.format);
  args.run.batch.lint.hash = writer && writer->needs_hash;
  args.run.batch.lint.excerpt_hops = writer && writer->draws_graphs ? args.run.graph_hops : 0;
  return args;
}

}  // namespace onnx_lint
