#!/usr/bin/python3
"""Structural checks of an onnx-lint HTML report, with a real HTML parser.

Usage: check_html.py REPORT.html [--expect-models N]
Checks: the page parses; exactly one <script> (the page's own); no external
resource (src/href to another document); every "#fragment" link has its
target; each finding at a node or graph input has exactly one <svg> picture
(up to the per-model limit the page states) whose flagged node carries the
finding's node name; no two edge labels of one picture overlap (they are set
in a monospace font, whose every character is 0.6 em wide in any browser, so
the boxes computed here are the ones drawn). Exit 0 when all hold, 1 with each
problem printed.
"""
import html
import html.parser
import re
import sys


class Report(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.scripts, self.external = set(), [], 0, []
        self.findings = []  # per article: dict(node=..., svgs=n, flagged=[texts])
        self.stack = []
        self.models = 0
        self.in_flagged = 0
        self.in_where_code = False
        self.note_limit = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self.scripts += 1
            if "src" in a:
                self.external.append(f"script src={a['src']}")
        for key in ("src", "href"):
            v = a.get(key)
            if v is None:
                continue
            if v.startswith("#"):
                self.links.append(v[1:])
            elif not v.startswith("data:"):
                self.external.append(f"{tag} {key}={v}")
        if tag == "section" and "model" in a.get("class", ""):
            self.models += 1
        if tag == "article":
            self.findings.append({"id": a.get("id"), "node": None, "svgs": 0, "flagged": []})
        if self.findings and tag == "svg":
            self.findings[-1]["svgs"] += 1
        if tag == "g" and "flagged" in a.get("class", "").split():
            self.in_flagged = 1
        elif self.in_flagged and tag == "g":
            self.in_flagged += 1
        if tag in ("p", "div") and a.get("class") == "where":
            self.stack.append("where")
        if tag == "code" and a.get("class") == "node" and self.stack and self.stack[-1] == "where":
            self.in_where_code = True

    def handle_endtag(self, tag):
        if tag == "g" and self.in_flagged:
            self.in_flagged -= 1
        if tag in ("p", "div") and self.stack:
            self.stack.pop()
        if tag == "code":
            self.in_where_code = False

    def handle_data(self, data):
        if self.in_flagged and self.findings:
            self.findings[-1]["flagged"].append(data)
        if self.in_where_code and self.findings and self.findings[-1]["node"] is None:
            self.findings[-1]["node"] = data
        if "Pictures are drawn for the first" in data:
            self.note_limit = True


EDGE = re.compile(r'<g id="edge\d+" class="edge">(.*?)</g>', re.S)
TEXT = re.compile(r'<text text-anchor="middle" x="([-\d.]+)" y="([-\d.]+)" '
                  r'font-family="([^"]*)" font-size="([\d.]+)"[^>]*>([^<]*)</text>')


def label_overlaps(text):
    """Pairs of edge labels whose drawn boxes overlap, per picture."""
    problems = []
    for n, svg in enumerate(re.findall(r"<svg.*?</svg>", text, re.S)):
        boxes = []
        for edge in EDGE.findall(svg):
            for x, y, family, size, label in TEXT.findall(edge):
                x, y, size = float(x), float(y), float(size)
                if "monospace" not in family:
                    problems.append(f"picture {n}: edge label '{label}' is not monospace ({family})")
                width = 0.6 * size * len(html.unescape(label))
                boxes.append((label, x - width / 2, x + width / 2, y - 0.8 * size, y + 0.2 * size))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                # Half a pixel of slack: Graphviz rounds positions to 1/100.
                if a[1] < b[2] - 0.5 and b[1] < a[2] - 0.5 and a[3] < b[4] - 0.5 and b[3] < a[4] - 0.5:
                    problems.append(f"picture {n}: edge labels '{a[0]}' and '{b[0]}' overlap")
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = open(sys.argv[1], encoding="utf-8").read()
    r = Report()
    r.feed(text)
    r.close()
    problems = []
    if r.scripts != 1:
        problems.append(f"{r.scripts} <script> elements (the page has exactly one of its own)")
    problems += [f"external resource: {e}" for e in r.external]
    problems += [f"link #{l} has no target" for l in r.links if l not in r.ids]
    if "--expect-models" in sys.argv:
        want = int(sys.argv[sys.argv.index("--expect-models") + 1])
        if r.models != want:
            problems.append(f"{r.models} model sections, expected {want}")
    drawn = [f for f in r.findings if f["svgs"]]
    for f in r.findings:
        if f["svgs"] > 1:
            problems.append(f"{f['id']}: {f['svgs']} pictures")
        if f["svgs"] and f["node"] is not None:
            name = f["node"][:48]
            if not any(name in t for t in f["flagged"]):
                problems.append(f"{f['id']}: flagged node in the picture is not '{name}' "
                                f"({f['flagged']})")
    problems += label_overlaps(text)
    with_node = [f for f in r.findings if f["node"] is not None]
    if not r.note_limit:
        undrawn = [f["id"] for f in with_node if not f["svgs"]]
        problems += [f"{i}: a node finding without a picture" for i in undrawn]
    for p in problems:
        print(f"{sys.argv[1]}: {p}")
    print(f"{len(r.findings)} findings, {len(drawn)} pictures, {len(r.links)} links, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
