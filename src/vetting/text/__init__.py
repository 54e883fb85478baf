"""Layer text: the words. String tables, placeholders in rule texts, the because lines, and the
command line's own messages, in English and Chinese.

Layers: docs/architecture.md.
"""
