"""Layer model: the deal model (pydantic), enums and their aliases, calendar terms, the derived
figures' registry, the catalog of fact fields, the field registry (registry.py: one description of
every deal field), and loading a deal file into a validated Deal.

Layers: docs/architecture.md.
"""
