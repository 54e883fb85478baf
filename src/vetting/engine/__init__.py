"""Layer engine: durable-rules compilation and sessions, the per-rule plan, the fast path and the
loaded RuleSet, all behind the reference evaluator's signatures and proven equal to it.

Layers: docs/architecture.md.
"""
