"""Layer rules: what the rules mean. The condition grammar, facts, the three-valued reference
evaluator, rule packs, scoring and negotiation: pure, no caches, no engine import.

Layers: docs/architecture.md.
"""
