#include "report/html_assets.h"

namespace onnx_lint {

// Severity colours follow the text report: error red, warning yellow, info cyan.
const std::string_view kHtmlStyle = R"css(
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e;
  --line: #d1d9e0; --panel: #f6f8fa; --error: #cf222e; --warning: #9a6700; --info: #0969da;
  --bar: #8c959f; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --error: #ff7b72; --warning: #d29922; --info: #58a6ff; --bar: #656c76; }
  svg { background: #f6f8fa; border-radius: 4px; }
}
body { background: var(--bg); color: var(--fg); margin: 0 auto; max-width: 72rem; padding: 1rem 2rem;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 90%; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
a { color: var(--info); }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid var(--line); padding: 0.2rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 80%; letter-spacing: 0.04em; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
.status-failed { color: var(--error); font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.bars { display: grid; grid-template-columns: max-content 1fr max-content; gap: 0.1rem 0.5rem;
  align-items: center; max-width: 40rem; font-size: 85%; }
.bars .bar { background: var(--bar); height: 0.7rem; border-radius: 2px; }
details.rule-group { border: 1px solid var(--line); border-radius: 6px; margin: 0.6rem 0; }
details.rule-group > summary { background: var(--panel); padding: 0.4rem 0.8rem; cursor: pointer; }
article.finding { border-top: 1px solid var(--line); padding: 0.5rem 0.8rem;
  content-visibility: auto; contain-intrinsic-size: auto 320px; }
article.finding p { margin: 0.25rem 0; }
.where { color: var(--muted); } .fix { border-left: 3px solid var(--info); padding-left: 0.5rem; }
pre.code { background: var(--panel); padding: 0.3rem 0.6rem; overflow-x: auto; margin: 0.3rem 0; }
figure { margin: 0.4rem 0; overflow-x: auto; } figcaption { color: var(--muted); font-size: 85%; }
figure svg { max-width: 100%; height: auto; }
.note { color: var(--muted); }
#filters { margin: 0.5rem 0; } #filters label { margin-right: 1rem; }
details.rule-doc { margin: 0.4rem 0; } details.rule-doc > summary { cursor: pointer; font-weight: 600; }
.hidden-by-filter { display: none; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  #filters { display: none; }
  article.finding, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
)css";

// Filtering by severity. Closed sections open before printing, so paper
// shows everything.
const std::string_view kHtmlScript = R"js(
(function () {
  var filters = document.getElementById('filters');
  if (!filters) return;
  filters.hidden = false;
  filters.addEventListener('change', function () {
    var shown = {};
    filters.querySelectorAll('input').forEach(function (box) { shown[box.value] = box.checked; });
    document.querySelectorAll('article.finding').forEach(function (f) {
      f.classList.toggle('hidden-by-filter', !shown[f.dataset.severity]);
    });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
})();
)js";

}  // namespace onnx_lint
