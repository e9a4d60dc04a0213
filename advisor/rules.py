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
           "weights_gb"]

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
    out = np.full(met.shape, UNKNOWN, dtype=np.int8)
    out[met] = MET
    out[unmet] = UNMET
    return out


def _at_least(low: np.ndarray, high: np.ndarray, need: float):
    """Largest supported value >= need: a closed range is known; an open-ended one
    ('224×224+') meets it only when its known start already does."""
    best = np.where(np.isnan(high), low, high)
    met = best >= need
    unmet = ~np.isnan(high) & (high < need)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(met, best / need, np.nan)
    return _status(met, unmet), ratio


def _at_most(low: np.ndarray, need: float):
    """Smallest variant <= need."""
    met = low <= need
    unmet = low > need
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(met, need / np.maximum(low, 1e-12), np.nan)
    return _status(met, unmet), ratio


def _all_of(catalog: Catalog, column: str, wanted: tuple[str, ...]):
    codes, uniques = catalog.frame[column].factorize()
    per_unique = []
    for u in uniques:
        have = {w.strip() for w in u.split(";") if w.strip()}
        per_unique.append(UNKNOWN if not have else
                          (MET if set(wanted) <= have else UNMET))
    return np.asarray(per_unique, dtype=np.int8)[codes] if len(uniques) else \
        np.empty(0, np.int8)


def _terms_allowed(catalog: Catalog, column: str, category: str,
                   allowed: tuple[str, ...]):
    from . import glossary
    codes, uniques = catalog.frame[column].factorize()
    per_unique = []
    for u in uniques:
        terms = {e.term for e in glossary.lookup(u, category)} | {u}
        per_unique.append(MET if terms & set(allowed) else UNMET)
    return np.asarray(per_unique, dtype=np.int8)[codes]


def evaluate(catalog: Catalog, hard: dict[str, Any], precision: str = "fp16"
             ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Status arrays (and headroom ratios for numeric keys) for each set requirement."""
    a = catalog.arrays
    f = catalog.frame
    status: dict[str, np.ndarray] = {}
    ratio: dict[str, np.ndarray] = {}
    for key, need in hard.items():
        if key == "open_license":
            ol = a["open_license"]
            status[key] = np.where(ol == 1, MET, np.where(ol == 0, UNMET, UNKNOWN)
                                   ).astype(np.int8)
        elif key == "commercial_use":
            cu = f["commercial_use"].to_numpy()
            status[key] = _status(cu == "yes", cu == "no")
        elif key == "open_weights":
            ow = f["open_weights"].to_numpy()
            status[key] = _status(ow == "yes", ow == "no")
        elif key == "min_image_resolution":
            status[key], ratio[key] = _at_least(a["image_resolution_low"],
                                                a["image_resolution_high"], need)
        elif key == "min_token_limit":
            status[key], ratio[key] = _at_least(a["token_limit_low"],
                                                a["token_limit_high"], need)
        elif key == "max_params":
            status[key], ratio[key] = _at_most(a["parameter_count_low"], need)
        elif key == "gpu_memory_gb":
            needed = weights_gb(a["parameter_count_low"], precision)
            api_only = f["open_weights"].to_numpy() == "no"
            st, r = _at_most(needed, need)
            st[api_only] = UNKNOWN
            r[api_only] = np.nan
            status[key], ratio[key] = st, r
        elif key == "tasks":
            status[key] = _all_of(catalog, "tasks", need)
        elif key == "modalities":
            status[key] = _all_of(catalog, "modalities", need)
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
    return status, ratio


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
