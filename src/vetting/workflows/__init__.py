"""Layer workflows: the commands' work as library functions: assess, compare, diff, track, remind,
rules check and batch.

Layers: docs/architecture.md.
"""
