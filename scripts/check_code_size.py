#!/usr/bin/env python3
"""Fails when a source file in src/ or rules/ is over 450 lines or a function
is over 80 lines (from its signature to its closing brace). Run by
scripts/test.sh. Usage: scripts/check_code_size.py [--report N]

The C++ scan is a brace counter that skips comments, strings and character
literals: a block opened at namespace or class level whose head has a
parameter list is a function; lambdas count towards their enclosing function.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_FILE_LINES = 450
MAX_FUNCTION_LINES = 80
SCOPE = re.compile(r"\b(namespace|class|struct|union|enum)\b")


def strip(text):
    """Text with comments and literals blanked out, newlines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and text[i:].lstrip(" \t").startswith("#"):
            # A preprocessor directive, with its continuation lines.
            j = i
            while True:
                k = text.find("\n", j)
                if k < 0 or not text[j:k].rstrip().endswith("\\"):
                    break
                j = k + 1
            j = n if k < 0 else k
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i) and (m := re.match(r'R"([^(]*)\(', text[i:])):
            end = text.find(")" + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (j + 1 - i))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(text):
    """(name, first line, last line) of each function body."""
    code = strip(text)
    stack = []  # per open brace: ("scope" | "function" | "block", start line, name)
    head_start = 0
    found = []
    for i, c in enumerate(code):
        if c in ";}" and not any(k == "function" for k, _, _ in stack):
            head_start = i + 1
        if c == "{":
            inside = any(k == "function" for k, _, _ in stack)
            head = code[head_start:i]
            line = code.count("\n", 0, head_start + len(head) - len(head.lstrip())) + 1
            if inside:
                stack.append(("block", line, ""))
            elif SCOPE.search(head) and "(" not in head.split("=")[0]:
                stack.append(("scope", line, ""))
            elif ")" in head and not head.rstrip().endswith("="):
                name = re.findall(r"([~\w:]+)\s*\(", head)
                stack.append(("function", line, name[0] if name else "?"))
            else:
                stack.append(("block", line, ""))
            head_start = i + 1
        elif c == "}" and stack:
            kind, start, name = stack.pop()
            if kind == "function" and not any(k == "function" for k, _, _ in stack):
                found.append((name, start, code.count("\n", 0, i) + 1))
            if not any(k == "function" for k, _, _ in stack):
                head_start = i + 1
    return found


def main():
    report = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--report" else 0
    problems, sizes = [], []
    for folder in ("src", "rules"):
        for base, _, names in os.walk(os.path.join(ROOT, folder)):
            for name in sorted(names):
                if not name.endswith((".cc", ".h")):
                    continue
                path = os.path.join(base, name)
                rel = os.path.relpath(path, ROOT)
                text = open(path, encoding="utf-8").read()
                lines = text.count("\n")
                if name.endswith(".cc") and lines > MAX_FILE_LINES:
                    problems.append(f"{rel}: {lines} lines (at most {MAX_FILE_LINES})")
                for fn, start, end in functions(text):
                    size = end - start + 1
                    sizes.append((size, f"{rel}:{start} {fn}"))
                    if size > MAX_FUNCTION_LINES:
                        problems.append(f"{rel}:{start}: {fn} is {size} lines (at most "
                                        f"{MAX_FUNCTION_LINES}); split it")
    for size, where in sorted(sizes, reverse=True)[:report]:
        print(f"{size:5}  {where}")
    for p in problems:
        print(p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
