"""Layer io (the bottom): reading and writing files, strict YAML and JSON, the streaming spreadsheet
reader and writer, formula-inert cells, and the one exception family.

Layers: docs/architecture.md.
"""
