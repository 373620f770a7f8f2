#include "report/graph_svg.h"

#include <fmt/format.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>
#include <string_view>

#include "report/markup.h"

extern "C" {
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;
}

namespace onnx_lint {
namespace {

// The dot layout and the SVG writer, linked in: nothing is loaded from disk,
// and text is measured with Graphviz's built-in font metrics, so the same
// excerpt gives the same picture on every machine.
lt_symlist_t kPlugins[] = {{"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
                           {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
                           {nullptr, nullptr}};

// Graphviz keeps global state: one context, one picture at a time.
std::mutex& graphviz_mutex() {
  static std::mutex mu;
  return mu;
}

GVC_t* context() {
  static GVC_t* gvc = gvContextPlugins(kPlugins, 0);
  return gvc;
}

// Label text: Graphviz reads \N, \G, \L ... in labels, so backslashes are
// doubled; control characters become spaces; long names are cut.
std::string label_text(std::string_view s, size_t max = 48) {
  std::string out;
  for (char c : utf8_clean(s, max)) {
    if (c == '\\')
      out += "\\\\";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string_view fill_of(Severity s) {
  switch (s) {
    case Severity::kError:
      return "#f8d7da";
    case Severity::kWarning:
      return "#fff3cd";
    case Severity::kInfo:
      return "#d1ecf1";
  }
  return "#ffffff";
}

void set(void* object, const char* key, const std::string& value) {
  agsafeset(object, const_cast<char*>(key), const_cast<char*>(value.c_str()),
            const_cast<char*>(""));
}

void add_node(Agraph_t* g, int i, const GraphExcerpt::Node& n, Severity severity) {
  const std::string id = fmt::format("n{}", i);
  Agnode_t* node = agnode(g, const_cast<char*>(id.c_str()), 1);
  switch (n.kind) {
    case GraphExcerpt::Node::kNode:
      set(node, "label", label_text(n.op_type) + "\\n" + label_text(n.name));
      break;
    case GraphExcerpt::Node::kTensor:
      set(node, "shape", "ellipse");
      set(node, "label", label_text(n.name));
      break;
    case GraphExcerpt::Node::kMore:
      set(node, "shape", "note");
      set(node, "style", "dashed");
      set(node, "label", n.name);
      break;
  }
  set(node, "tooltip", label_text(n.name, 200));
  set(node, "class", n.flagged ? "flagged" : n.other_finding ? "other-finding" : "plain");
  if (n.flagged) {
    set(node, "style", "filled,bold");
    set(node, "fillcolor", std::string(fill_of(severity)));
    set(node, "penwidth", "2");
  } else if (n.other_finding) {
    set(node, "style", "dashed,bold");
    set(node, "color", "#d9822b");
  }
}

}  // namespace

std::string excerpt_svg(const GraphExcerpt& excerpt, Severity severity) {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  GVC_t* gvc = context();
  if (!gvc) return "";
  Agraph_t* g = agopen(const_cast<char*>("excerpt"), Agdirected, nullptr);
  agattr(g, AGRAPH, const_cast<char*>("rankdir"), const_cast<char*>("TB"));
  agattr(g, AGNODE, const_cast<char*>("shape"), const_cast<char*>("box"));
  agattr(g, AGNODE, const_cast<char*>("fontname"), const_cast<char*>("Courier"));
  agattr(g, AGNODE, const_cast<char*>("fontsize"), const_cast<char*>("10"));
  // Edge labels in Courier too: Graphviz's built-in metrics for a
  // proportional font are narrower than what browsers draw it with, so
  // labels it placed side by side overlapped; every monospace font is 0.6 em
  // a character, as Graphviz measures Courier, so the space it leaves is the
  // space the label takes.
  agattr(g, AGEDGE, const_cast<char*>("fontname"), const_cast<char*>("Courier"));
  agattr(g, AGEDGE, const_cast<char*>("fontsize"), const_cast<char*>("9"));
  // A subgraph's nodes are drawn inside a box naming where the body sits.
  Agraph_t* body = g;
  if (excerpt.scope != "main") {
    body = agsubg(g, const_cast<char*>("cluster_scope"), 1);
    set(body, "label", label_text(excerpt.scope, 120));
    set(body, "style", "dashed");
    set(body, "fontname", "Helvetica");
    set(body, "fontsize", "9");
  }
  for (size_t i = 0; i < excerpt.nodes.size(); ++i)
    add_node(body, static_cast<int>(i), excerpt.nodes[i], severity);
  for (const auto& e : excerpt.edges) {
    Agnode_t* from = agnode(g, const_cast<char*>(fmt::format("n{}", e.from).c_str()), 0);
    Agnode_t* to = agnode(g, const_cast<char*>(fmt::format("n{}", e.to).c_str()), 0);
    if (!from || !to) continue;
    Agedge_t* edge = agedge(g, from, to, nullptr, 1);
    if (!e.label.empty()) set(edge, "label", label_text(e.label, 64));
  }
  std::string svg;
  if (gvLayout(gvc, g, "dot") == 0) {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc, g, "svg", &data, &length) == 0 && data) svg.assign(data, length);
    gvFreeRenderData(data);
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  // Inline SVG needs no prolog or doctype; comments hold only generated ids.
  const size_t start = svg.find("<svg");
  return start == std::string::npos ? "" : svg.substr(start);
}

}  // namespace onnx_lint
