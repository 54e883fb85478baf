"""Layer model: the deal model (pydantic), enums and their aliases, calendar terms, the derived
figures' registry, the catalog of fact fields, and loading a deal file into a validated Deal.

Layers: docs/architecture.md.
"""
