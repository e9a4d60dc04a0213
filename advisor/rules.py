"""Hard-requirement checks, read from the registry: one vectorised mask per key.

Each requirement's :class:`~advisor.requirements.Rule` names a reader (how each
model's own value is read from the index) and a test (at least, at most, yes, all
of, one of, none of). ``evaluate`` returns, for each requirement that is set, an
int8 :class:`~advisor.vocab.Status` per model: MET (1), UNMET (0) or UNKNOWN (-1).
``headroom`` gives value / threshold (>= 1 when met) for the numeric ones and
``own_value`` each model's own value, for relaxations. Words live in ``explain``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import glossary, memory, vocab
from .index import MODALITY_BITS, TASK_BITS, bits_of
from .memory import OVERHEAD, weights_gb
from .requirements import COST_IMAGE, SPECS, Rule
from .vocab import Status

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import Catalog

__all__ = ["MET", "UNMET", "UNKNOWN", "OVERHEAD", "READERS", "TESTS", "Reading",
           "evaluate", "headroom", "own_value", "weights_gb", "best", "needed_gb",
           "context_asked", "settings"]

# plain ints for the arrays: numpy compares an IntEnum member ten times slower
MET, UNMET, UNKNOWN = int(Status.MET), int(Status.UNMET), int(Status.UNKNOWN)


def status(met: np.ndarray, unmet: np.ndarray) -> np.ndarray:
    """int8 MET where ``met``, UNMET where ``unmet``, UNKNOWN where neither."""
    return met.view(np.int8) - (~(met | unmet)).view(np.int8)


class Reading(NamedTuple):
    """Each model's own value for a numeric rule (NaN where unknown), and the bound
    it certainly does not pass: for "at least", the largest value the model is known
    not to exceed (NaN for an open-ended range such as '224×224+')."""

    value: np.ndarray
    bound: np.ndarray


# -- readers: how a model's own value is read -----------------------------------------
def best(catalog: Catalog, column: str) -> np.ndarray:
    """The largest supported value: the high end, or the known start of an
    open-ended range ('224×224+')."""
    ix = catalog.index
    return ix.memo(("best", column), lambda: np.where(
        np.isnan(ix.num[f"{column}_high"]), ix.num[f"{column}_low"],
        ix.num[f"{column}_high"]))


def settings(req: Any) -> memory.Settings:
    """The memory check's settings from the requirements."""
    return memory.Settings(*(getattr(req, k) for k in memory.Settings._fields))


def context_asked(s: memory.Settings) -> bool:
    """Whether the settings ask for a context of their own (not the default's
    prompt and answer): only then is a model without architecture data held to
    its catalog token limit (a 77-token CLIP is no worse for a default)."""
    return s.context_tokens != memory.Settings().context_tokens


def needed_gb(catalog: Catalog, req: Any) -> np.ndarray:
    """GPU memory each model needs (NaN for API-only models): for a model with
    architecture data, its smallest option (so it passes when any variant fits);
    otherwise the smallest variant's weights by the rule of thumb, or infinite
    when an asked context exceeds the model's largest token limit (it cannot
    hold it, whatever the GPU)."""
    ix = catalog.index
    s = settings(req)
    return ix.memo(("gb", s), lambda: _needed(catalog, s))


def _needed(catalog: Catalog, s: memory.Settings) -> np.ndarray:
    ix = catalog.index
    low = ix.num["parameter_count_low"]
    gb = np.where(
        ix.codes_of("open_weights", vocab.OpenWeights) == int(vocab.OpenWeights.NO),
        np.nan, weights_gb(low, s.precision))
    if context_asked(s):
        with np.errstate(invalid="ignore"):  # NaN limits stay as they are
            short = best(catalog, "token_limit") < s.context_tokens
        gb[short & ~np.isnan(gb)] = np.inf
    archs = memory.bundled_archs()
    for model in sorted({a.model for a in archs}):
        if model in catalog and not np.isnan(gb[i := catalog.position(model)]):
            smallest = None if np.isnan(low[i]) else float(low[i])
            found = memory.options(archs, model, smallest, s)
            if found:
                gb[i] = min(o.total for o in found)
    return gb


def _largest(catalog: Catalog, rule: Rule, req: Any) -> Reading:
    return Reading(best(catalog, rule.column),
                   catalog.index.num[f"{rule.column}_high"])


def _smallest(catalog: Catalog, rule: Rule, req: Any) -> Reading:
    low = catalog.index.num[f"{rule.column}_low"]
    return Reading(low, low)


def _weights_gb(catalog: Catalog, rule: Rule, req: Any) -> Reading:
    gb = needed_gb(catalog, req)
    return Reading(gb, gb)


def _price(catalog: Catalog, rule: Rule, req: Any) -> Reading:
    """The API price; 0 for an open-weight model without one (self-hosted: the
    limit does not apply), NaN for any other model without one."""
    ix = catalog.index

    def read() -> Reading:
        price = ix.num[rule.column]
        own = ix.codes_of("open_weights", vocab.OpenWeights) == int(
            vocab.OpenWeights.YES)
        value = np.where(np.isnan(price) & own, 0.0, price)
        return Reading(value, value)
    return ix.memo(("price", rule.column), read)


def image_size(req: Any) -> tuple[int, int]:
    """The image the cost is counted for: ``image_size``, else the default."""
    return req.image_size or COST_IMAGE


def image_costs(catalog: Catalog, req: Any) -> np.ndarray:
    """Per model, USD for one image at ``image_size``: its tokens under the model's
    sourced image-token rule (arch.csv) x the input price per token + the price per
    image; NaN where unknown, 0 for an open-weight model without an API price
    (self-hosted)."""
    ix = catalog.index
    size = image_size(req)

    def read() -> np.ndarray:
        tokens = np.full(len(catalog), np.nan)
        for model, rule in memory.image_rules().items():
            if model in catalog:
                tokens[catalog.position(model)] = memory.image_tokens(rule, *size)[0]
        price, each = ix.num["input_price_per_mtok"], ix.num["price_per_image"]
        by_tokens = tokens * price / 1e6
        cost = np.where(np.isnan(by_tokens), each,
                        by_tokens + np.nan_to_num(each, nan=0.0))
        own = ix.codes_of("open_weights", vocab.OpenWeights) == int(
            vocab.OpenWeights.YES)
        return np.where(np.isnan(cost) & own & np.isnan(price), 0.0, cost)
    return ix.memo(("image cost", size), read)


def _image_cost(catalog: Catalog, rule: Rule, req: Any) -> Reading:
    cost = image_costs(catalog, req)
    return Reading(cost, cost)


def _yes(catalog: Catalog, rule: Rule, req: Any) -> np.ndarray:
    """A yes / no fact as a status: yes is met, no unmet, anything else unknown."""
    ix = catalog.index
    if rule.reads == "open_license":
        return ix.open_license
    words = {"commercial_use": vocab.Commercial,
             "open_weights": vocab.OpenWeights}[rule.reads]
    codes = ix.codes_of(rule.reads, words)
    return status(codes == int(words.YES), codes == int(words.NO))


def _api_only(catalog: Catalog, rule: Rule, req: Any) -> np.ndarray:
    """open_weights turned around: no is met, yes unmet, anything else unknown."""
    codes = catalog.index.codes_of("open_weights", vocab.OpenWeights)
    return status(codes == int(vocab.OpenWeights.NO),
                  codes == int(vocab.OpenWeights.YES))


def _bits(catalog: Catalog, rule: Rule, req: Any) -> np.ndarray:
    return catalog.index.bits(rule.column)


# reader name -> function(catalog, rule, requirements); "one of" and "none of" read
# the rule's column of strings themselves
READERS: dict[str, Callable[..., Any]] = {
    "largest": _largest, "smallest": _smallest, "weights_gb": _weights_gb,
    "open_license": _yes, "commercial_use": _yes, "open_weights": _yes,
    "api_only": _api_only, "bits": _bits, "price": _price,
    "image_cost": _image_cost,
}


# -- tests: met / unmet / unknown ------------------------------------------------------
def _at_least(catalog, rule, need, req) -> np.ndarray:
    r = READERS[rule.reads](catalog, rule, req)
    return status(r.value >= need, r.bound < need)


def _at_most(catalog, rule, need, req) -> np.ndarray:
    r = READERS[rule.reads](catalog, rule, req)
    return status(r.value <= need, r.bound > need)


def _is_yes(catalog, rule, need, req) -> np.ndarray:
    return READERS[rule.reads](catalog, rule, req)


def _all_of(catalog, rule, need, req) -> np.ndarray:
    table = TASK_BITS if rule.column == "tasks" else MODALITY_BITS
    wanted = np.uint32(bits_of(need, table))
    have = READERS[rule.reads](catalog, rule, req)
    missing = wanted & ~have
    if rule.column == "tasks":  # a finer task of a broad one the model does: unknown
        for finer, broad in vocab.FINER_TASKS.items():
            if wanted & TASK_BITS[finer]:
                missing &= ~np.where(have & TASK_BITS[broad], np.uint32(
                    TASK_BITS[finer]), np.uint32(0)).astype(np.uint32)
    return status((have & wanted) == wanted, (have != 0) & (missing != 0))


def _one_of(catalog, rule, need, req) -> np.ndarray:
    s = catalog.index.strings[rule.column]
    allowed = set(need)
    return s.per_unique([MET if ({e.term for e in glossary.lookup(u, rule.category)}
                                 | {u}) & allowed else UNMET for u in s.uniques],
                        np.int8)


def _none_of(catalog, rule, need, req) -> np.ndarray:
    out = np.full(len(catalog), MET, dtype=np.int8)
    out[[catalog.position(n) for n in need]] = UNMET
    return out


# test name -> function(catalog, rule, need, requirements) -> int8 status per model
TESTS: dict[str, Callable[..., np.ndarray]] = {
    "at least": _at_least, "at most": _at_most, "yes": _is_yes, "all of": _all_of,
    "one of": _one_of, "none of": _none_of,
}


def evaluate(catalog: Catalog, hard: dict[str, Any], req: Any
             ) -> dict[str, np.ndarray]:
    """An int8 status array (MET, UNMET, UNKNOWN) for each requirement in ``hard``;
    ``req`` supplies the settings a reader may need (``precision``)."""
    out = {}
    for key, need in hard.items():
        rule = SPECS[key].rule
        out[key] = TESTS[rule.test](catalog, rule, need, req)
    return out


def headroom(catalog: Catalog, key: str, need: float, rows: np.ndarray, req: Any
             ) -> np.ndarray | None:
    """value / threshold (>= 1 when met) for a numeric key, at ``rows``; NaN where
    not met or unknown; None for keys that are not numeric."""
    rule = SPECS[key].rule
    if not rule.numeric:
        return None
    value = READERS[rule.reads](catalog, rule, req).value[rows]
    with np.errstate(invalid="ignore", divide="ignore"):
        r = value / need if rule.test == "at least" else need / value
    return np.where(r >= 1, r, np.nan)


def own_value(catalog: Catalog, key: str, req: Any) -> np.ndarray:
    """Each model's own value for a numeric key (NaN where unknown), rounded up to
    the rule's step: what a relaxation offers."""
    rule = SPECS[key].rule
    value = READERS[rule.reads](catalog, rule, req).value
    if rule.step:
        scale = 1 / rule.step  # 10.0 for 0.1: exact, unlike dividing by 0.1
        return np.ceil(value * scale) / scale
    return value
