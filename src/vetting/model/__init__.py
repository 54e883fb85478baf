"""The model layer: the deal model, its enums, aliases and units, and the field registry (registry.py)."""
