"""Batch assessment: a table or folder of deals → summary, findings and errors tables (+ reports).

pandas is imported only inside these modules' functions, never at ``import vetting``.
"""
from .core import ChunkOptions, ChunkResult, assess_chunk
from .runner import BatchOutcome, run

__all__ = ["BatchOutcome", "ChunkOptions", "ChunkResult", "assess_chunk", "run"]
