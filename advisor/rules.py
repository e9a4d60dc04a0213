"""Hard-requirement checks: one vectorised mask per requirement, then words for a few.

``evaluate`` returns, for each requirement that is set, an int8 status per model:
``MET`` (1), ``UNMET`` (0) or ``UNKNOWN`` (-1), and a headroom ratio for the numeric
ones (value / threshold, >= 1 when met). ``detail`` writes the sentence for one model,
so that words are built only for the models a person will read about.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import vocab
from .catalog import Catalog
from .parsing import format_count

__all__ = ["MET", "UNMET", "UNKNOWN", "STATUS", "OVERHEAD", "evaluate", "detail",
           "weights_gb", "headroom", "best", "needed_gb"]

MET, UNMET, UNKNOWN = 1, 0, -1
STATUS = {MET: "met", UNMET: "unmet", UNKNOWN: "unknown"}

# Inference needs the weights plus about 20% for activations, KV cache and buffers:
# Memory (GB) = P x (Q / 8) x 1.2, "Calculating GPU memory for serving LLMs",
# https://bentoml.com/llm/getting-started/calculating-gpu-memory-for-llms
OVERHEAD = 1.2


def weights_gb(params: np.ndarray | float, precision: str) -> np.ndarray | float:
    """GPU memory in GB (10^9 bytes) that ``params`` weights need for inference."""
    return params * vocab.PRECISIONS[precision] * OVERHEAD / 1e9


def _status(met: np.ndarray, unmet: np.ndarray) -> np.ndarray:
    # met -> 1, unmet -> 0, neither -> -1, in three vectorised passes
    return met.view(np.int8) - (~(met | unmet)).view(np.int8)


def best(catalog: Catalog, column: str) -> np.ndarray:
    """The largest supported value: the high end, or the known start of an
    open-ended range ('224×224+')."""
    ix = catalog.index
    return ix._cached(("best", column), lambda: np.where(
        np.isnan(ix.num[f"{column}_high"]), ix.num[f"{column}_low"],
        ix.num[f"{column}_high"]))


def _at_least(catalog: Catalog, column: str, need: float) -> np.ndarray:
    """Largest supported value >= need; an open-ended range whose start is below
    the need is unknown."""
    high = catalog.index.num[f"{column}_high"]
    return _status(best(catalog, column) >= need, high < need)


def needed_gb(catalog: Catalog, precision: str) -> np.ndarray:
    ix = catalog.index
    return ix._cached(("gb", precision), lambda: np.where(
        ix.codes_of("open_weights", vocab.OPEN_WEIGHTS) == 1, np.nan,
        weights_gb(ix.num["parameter_count_low"], precision)))


def _bits_status(catalog: Catalog, column: str, wanted) -> np.ndarray:
    from .index import MODALITY_BITS, TASK_BITS, bits_of
    need = np.uint32(bits_of(wanted, TASK_BITS if column == "tasks" else MODALITY_BITS))
    have = catalog.index.bits(column)
    return _status((have & need) == need, have != 0)


def _terms_allowed(catalog: Catalog, column: str, category: str,
                   allowed: tuple[str, ...]) -> np.ndarray:
    from . import glossary
    s = catalog.index.strings[column]
    return s.per_unique([MET if ({e.term for e in glossary.lookup(u, category)} | {u})
                         & set(allowed) else UNMET for u in s.uniques], np.int8)


def evaluate(catalog: Catalog, hard: dict[str, Any], precision: str = "fp16"
             ) -> dict[str, np.ndarray]:
    """An int8 status array (MET, UNMET, UNKNOWN) for each requirement that is set."""
    ix = catalog.index
    status: dict[str, np.ndarray] = {}
    for key, need in hard.items():
        if key == "open_license":
            ol = ix.open_license
            status[key] = _status(ol == 1, ol == 0)
        elif key == "commercial_use":
            cu = ix.codes_of("commercial_use", vocab.COMMERCIAL)  # yes, no, ...
            status[key] = _status(cu == 0, cu == 1)
        elif key == "open_weights":
            ow = ix.codes_of("open_weights", vocab.OPEN_WEIGHTS)
            status[key] = _status(ow == 0, ow == 1)
        elif key == "min_image_resolution":
            status[key] = _at_least(catalog, "image_resolution", need)
        elif key == "min_token_limit":
            status[key] = _at_least(catalog, "token_limit", need)
        elif key == "max_params":
            low = ix.num["parameter_count_low"]
            status[key] = _status(low <= need, low > need)
        elif key == "gpu_memory_gb":
            gb = needed_gb(catalog, precision)
            status[key] = _status(gb <= need, gb > need)
        elif key in ("tasks", "modalities"):
            status[key] = _bits_status(catalog, key, need)
        elif key == "model_types":
            status[key] = _terms_allowed(catalog, "model_type", "Model Type", need)
        elif key == "architectures":
            status[key] = _terms_allowed(catalog, "architecture", "Architecture", need)
        elif key == "exclude":
            out = np.full(len(catalog), MET, dtype=np.int8)
            out[[catalog.position(n) for n in need]] = UNMET
            status[key] = out
        else:  # pragma: no cover
            raise AssertionError(key)
    return status


def headroom(catalog: Catalog, key: str, need: float, rows: np.ndarray,
             precision: str = "fp16") -> np.ndarray | None:
    """value / threshold (>= 1 when met) for a numeric key, at ``rows``; NaN where
    not met or unknown; None for keys that are not numeric."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if key == "min_image_resolution":
            r = best(catalog, "image_resolution")[rows] / need
        elif key == "min_token_limit":
            r = best(catalog, "token_limit")[rows] / need
        elif key == "max_params":
            r = need / catalog.index.num["parameter_count_low"][rows]
        elif key == "gpu_memory_gb":
            r = need / needed_gb(catalog, precision)[rows]
        else:
            return None
    return np.where(r >= 1, r, np.nan)


# -- words ----------------------------------------------------------------------------
def _n(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.3g}"


def _stated(m, column: str) -> str:
    what = column.replace("_", " ")
    raw = m.raw.get(column, "")
    return f"{what} {raw!r} is unknown" if raw else f"{what} is not in the catalog"


def detail(catalog: Catalog, i: int, key: str, need: Any, st: int,
           precision: str = "fp16") -> str:
    """The sentence behind one check, with the numbers."""
    m = catalog.info(i)
    if key == "open_license":
        word = {MET: "open", UNMET: "closed", UNKNOWN: "not marked open or closed"}[st]
        return f"license {m.license!r} is {word}"
    if key == "commercial_use":
        terms = m.license_spdx or m.license or "no license given"
        return {MET: f"commercial use: yes ({terms})",
                UNMET: f"commercial use: no ({terms})",
                UNKNOWN: f"commercial use: {m.commercial_use} ({terms}); check the "
                         "terms"}[st]
    if key == "open_weights":
        where = f" ({m.hf_id})" if m.raw.get("hf_id") else ""
        return {MET: f"open weights: yes{where}",
                UNMET: "open weights: no (API-only)",
                UNKNOWN: "open weights: not stated"}[st]
    if key in ("min_image_resolution", "min_token_limit"):
        column, unit = (("image_resolution", "px") if key == "min_image_resolution"
                        else ("token_limit", "tokens"))
        r = getattr(m, column)
        what = "largest input" if unit == "px" else "largest token limit"
        if st == UNKNOWN:
            if r.low is None:
                return f"{_stated(m, column)}; {_n(need)} {unit} required"
            return (f"{m.raw[column]!r} starts at {_n(r.low)} {unit} and its upper end "
                    f"is not stated; {_n(need)} {unit} required")
        best = r.high if r.high is not None else r.low
        op = ">=" if st == MET else "<"
        return f"{what} {_n(best)} {unit} {op} {_n(need)} {unit} required"
    if key == "max_params":
        r = m.parameter_count
        if st == UNKNOWN:
            return _stated(m, "parameter_count")
        variant = (f"smallest variant ~{format_count(r.low)} (of "
                   f"{m.raw['parameter_count']})" if r.high != r.low
                   else f"~{format_count(r.low)} parameters")
        op = "<=" if st == MET else ">"
        return f"{variant} {op} {format_count(need)} allowed"
    if key == "gpu_memory_gb":
        if m.open_weights == "no":
            return "API-only model (no open weights): nothing to fit on your GPU"
        r = m.parameter_count
        if r.low is None:
            return f"{_stated(m, 'parameter_count')}, so the memory it needs is too"
        gb = weights_gb(r.low, precision)
        op = "<=" if st == MET else ">"
        return (f"weights need ~{gb:.1f} GB at {precision} (~{format_count(r.low)} x "
                f"{vocab.PRECISIONS[precision]:g} bytes x {OVERHEAD}) {op} {need:g} GB")
    if key in ("tasks", "modalities"):
        have = getattr(m, key)
        if st == UNKNOWN:
            return f"{key} not stated in the catalog"
        if st == MET:
            return f"supports {', '.join(need)} ({key}: {', '.join(have)})"
        missing = [w for w in need if w not in have]
        return f"lacks {', '.join(missing)} ({key}: {', '.join(have)})"
    if key in ("model_types", "architectures"):
        column = "model_type" if key == "model_types" else "architecture"
        verb = "is one of" if st == MET else "is not one of"
        return f"{column.replace('_', ' ')} {m.raw[column]!r} {verb} {', '.join(need)}"
    if key == "exclude":
        return "excluded by request" if st == UNMET else "not excluded"
    raise AssertionError(key)  # pragma: no cover
