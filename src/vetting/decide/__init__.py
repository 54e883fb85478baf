"""Layer decide: what was decided about one deal (the Assessment's data) and the figures derived
from the whole deal (costs).

Layers: docs/architecture.md.
"""
