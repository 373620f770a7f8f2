#include "onnx_lint/settings.h"

namespace onnx_lint {
namespace {

void apply(const SettingsLayer& layer, LintSettings& s) {
  if (layer.select) s.select = *layer.select;
  s.extend_select.insert(s.extend_select.end(), layer.extend_select.begin(),
                         layer.extend_select.end());
  s.ignore.insert(s.ignore.end(), layer.ignore.begin(), layer.ignore.end());
  for (const auto& [selector, level] : layer.severity) s.severity[selector] = level;
  if (layer.fail_on) s.exit.fail_on = *layer.fail_on;
  if (layer.max_warnings) s.exit.max_warnings = *layer.max_warnings;
  if (layer.exit_zero) s.exit.exit_zero = *layer.exit_zero;
  if (layer.target_opset) s.target_opset = *layer.target_opset;
  if (layer.target) s.target = *layer.target;
  if (layer.precision) s.precision = *layer.precision;
  s.waivers.insert(s.waivers.end(), layer.waivers.begin(), layer.waivers.end());
}

}  // namespace

LintSettings resolve_settings(std::initializer_list<const SettingsLayer*> layers) {
  LintSettings s;
  for (const SettingsLayer* layer : layers)
    if (layer) apply(*layer, s);
  return s;
}

}  // namespace onnx_lint
