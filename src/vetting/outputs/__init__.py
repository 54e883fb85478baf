"""Layer outputs: one formatter module per format (the Markdown/HTML/JSON report, PDF, the rule
catalog, the JSON Schemas of the deal and of the assessment).

Layers: docs/architecture.md.
"""
