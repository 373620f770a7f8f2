#!/usr/bin/python3
"""Validates a JSON document against a JSON Schema (draft 7 / 2020-12).

Usage: validate_json_schema.py [--expect-invalid] SCHEMA DOCUMENT
Exit 0 when valid; 1 with every violation printed when not; 2 on bad input
(including a missing jsonschema module). With --expect-invalid, 0 and 1 swap:
the test of the check itself passes only when real violations are found.
Uses Debian's python3-jsonschema: no C++ JSON-Schema validator is packaged.
"""
import json
import sys

try:
    import jsonschema
except ImportError as e:  # never mistaken for a verdict on the document
    print(f"validate_json_schema.py: {e}", file=sys.stderr)
    sys.exit(2)


def main():
    args = sys.argv[1:]
    expect_invalid = bool(args) and args[0] == "--expect-invalid"
    if expect_invalid:
        args = args[1:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0]) as f:
        schema = json.load(f)
    with open(args[1]) as f:
        document = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(document), key=lambda e: list(e.path))
    for e in errors:
        print(f"{args[1]}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}")
    print(f"{len(errors)} schema violations in {args[1]}")
    if expect_invalid:
        return 0 if errors else 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
