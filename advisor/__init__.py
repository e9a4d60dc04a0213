"""advisor: which vision-language model should I use?

The public API. Names are imported on first use, so that ``advisor --help`` and the
CLI's start-up do not pay for pandas and scikit-learn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .errors import AdvisorError

__version__ = "0.1.0"

_LAZY = {
    "load_catalog": "loader", "Catalog": "catalog", "ModelInfo": "catalog",
    "Range": "parsing",
    "advise": "engine", "fit": "engine", "Advice": "result", "Recommendation": "result",
    "Check": "result", "Relaxation": "result",
    "Requirements": "requirements",
    "glossary": None, "explore": "explore",
}

__all__ = ["AdvisorError", "__version__", "load_catalog", "Catalog", "ModelInfo",
           "Range", "advise", "fit", "Advice", "Recommendation", "Check", "Relaxation",
           "Requirements", "glossary", "explore"]

if TYPE_CHECKING:  # pragma: no cover
    from . import glossary
    from .catalog import Catalog, ModelInfo
    from .engine import advise, fit
    from .explore import explore
    from .loader import load_catalog
    from .parsing import Range
    from .requirements import Requirements
    from .result import Advice, Check, Recommendation, Relaxation


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'advisor' has no attribute {name!r}")
    module = _LAZY[name]
    if module is None:
        value = import_module(f".{name}", __name__)
    else:
        value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
