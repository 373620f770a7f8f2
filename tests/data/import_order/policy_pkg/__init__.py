"""A two-module fixture for the import-linter contract of docs/ci.md: the
training entry point must never import the TensorRT utilities module (the
team cheatsheet's "Common issues": importing it during training takes GPU 0
memory and breaks multi-GPU training). No graph can show an import: this is
checked on the Python package, next to the export."""
