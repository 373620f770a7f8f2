#!/usr/bin/python3
"""Validates a JSON document against a JSON Schema (draft 7 / 2020-12).

Usage: validate_json_schema.py SCHEMA DOCUMENT
Exit 0 when valid; 1 with every violation printed when not; 2 on bad input.
Uses Debian's python3-jsonschema: no C++ JSON-Schema validator is packaged.
"""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    with open(sys.argv[2]) as f:
        document = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(document), key=lambda e: list(e.path))
    for e in errors:
        print(f"{sys.argv[2]}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}")
    print(f"{len(errors)} schema violations in {sys.argv[2]}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
