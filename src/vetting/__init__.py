"""vetting: assess the risk of a deal with an outsourced e-commerce provider before signing.

The names below are imported on first use (PEP 562), so that ``import vetting.cli`` for
``--help``, ``schema``, ``init`` or ``rules list`` does not load the rule engine.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"
_WHERE = {
    "assess": "workflows.assess", "assess_file": "workflows.assess", "Assessment": "decide.assessment",
    "Finding": "decide.assessment", "EngineError": "io.errors", "InputError": "io.errors", "Problem": "io.errors",
    "RulePackError": "io.errors", "VettingError": "io.errors", "OutputError": "io.errors",
    "load_deal": "model.loading", "Deal": "model.models",
}
__all__ = sorted(_WHERE) + ["__version__"]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'vetting' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
