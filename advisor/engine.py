"""``advise``: a pipeline of named stages, evaluate -> score -> assemble.

- ``evaluate``: every hard requirement checked for every model (``rules``), and
  which models pass, fully meet, or are rejected;
- ``score``: the score's components and their weighted mean for the models that
  pass (``ranking``);
- ``assemble``: the top k as recommendations with their checks and explanations
  (``explain``), and the relaxations when nothing fits.

The arrays of each stage are kept on an :class:`~advisor.result.Evaluation`, which
the returned ``Advice`` holds.

The score, in [0, 1], is the weighted mean of the components that apply, each in
[0, 1] (``requirements.COMPONENTS``; ``weights`` overrides the defaults):
``rank``, the ``rank_by`` value (capability by default; a model with no published
number whose tasks say it does the asked ones ranks as the weakest model with a
number, the others follow in a tier of their own, newest first), weight 30, so that it
dominates unless lowered; ``capability`` when ``rank_by`` is something else
(weight 1); ``checks`` (share of hard checks met, unknown = 1/2), ``margin``
(headroom on numeric requirements: log(value / threshold) / log 16, capped at 1),
``preference`` (share of ``prefer`` met), ``similarity`` ((1 + cosine) / 2 to
``similar_to``), ``task_fit`` (Jaccard of the requested and the model's tasks) and
``documented`` (share of key facts known), weights 1, 1, 1, 3, 1, 0.5. The fit is
the same mean without ``rank``. A model with an unknown check ranks after every
fully met one. Ties break by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from . import evidence, explain, memory, ranking, rules, vocab
from .catalog import Catalog
from .errors import AdvisorError
from .index import TASK_BITS, bits_of
from .loader import load_catalog
from .requirements import COMPONENTS, NUMERIC_KEYS, SPECS, Requirements
from .result import (
    Advice,
    Evaluation,
    Measured,
    Ranked,
    Recommendation,
    Relaxation,
)

__all__ = ["advise", "fit", "checkpoints", "evaluate", "score", "assemble", "relax",
           "ORDERS", "evidence_of", "placed_of", "measure", "rank_share"]

_DEFAULT: Catalog | None = None


def _catalog(catalog: Catalog | str | Path | None) -> Catalog:
    global _DEFAULT
    if isinstance(catalog, Catalog):
        return catalog
    if catalog is None:
        if _DEFAULT is None:
            _DEFAULT = load_catalog()
        return _DEFAULT
    if isinstance(catalog, str | Path):
        return load_catalog(catalog)
    raise AdvisorError(f"catalog: expected a path or a Catalog, got "
                       f"{type(catalog).__name__}")


def checkpoints(model: str, catalog: Catalog | str | Path | None = None, *,
                tokens: bool = False) -> tuple[str, list[memory.Arch]]:
    """``model``'s catalog name and its checkpoints with architecture data
    (arch.csv; with ``tokens``, those with an image-token rule, API models
    included), smallest first; an AdvisorError listing the models that have some
    when it has none."""
    cat = _catalog(catalog)
    name, archs = cat.resolve(model), memory.bundled_archs()
    found = [a for a in archs if a.model == name and a.rule] if tokens else \
        memory.variants(archs, name)
    m = cat[name]
    if not found and not tokens:
        if m.open_weights == "no":
            raise AdvisorError(f"model: {name!r} is API-only (no open weights): "
                               "nothing to fit on a GPU")
        if m.parameter_count.low is not None:
            # no architecture data: the catalog's sizes by the rule of thumb, as
            # the gpu_memory_gb check of advise estimates them
            sizes = dict.fromkeys((m.parameter_count.low, m.parameter_count.best))
            return name, [memory.catalog_variant(name, p) for p in sizes
                          if p is not None]
    if not found:
        having = sorted({a.model for a in archs if (a.rule if tokens else a.params)})
        what = "no sourced image-token rule" if tokens and any(
            a.model == name for a in archs) else "no architecture data"
        raise AdvisorError(f"model: {what} for {name!r} in arch.csv; models with "
                           f"{'one' if what.startswith('no sourced') else 'it'}: "
                           f"{', '.join(having)}")
    return name, found


def fit(model: str, gpu_memory_gb: float | str, catalog: Catalog | str | Path |
        None = None, **settings: Any) -> list[memory.Fit]:
    """What fits: each checkpoint of ``model`` (architecture data in arch.csv)
    against a GPU of ``gpu_memory_gb``, with ``precision``, ``image_size``,
    ``images``, ``context_tokens`` and ``batch`` as in ``advise``: the estimate
    term by term, and the largest context and square image that fit.

    >>> [f.fits for f in fit("InternVL2.5 (1B-38B)", 24)]
    [True, True, False]
    """
    cat = _catalog(catalog)
    if gpu_memory_gb is None:
        raise AdvisorError("gpu_memory_gb: fit needs the GPU's memory in GB, such as "
                           "24 or '80GB'")
    req = Requirements.from_dict({"gpu_memory_gb": gpu_memory_gb, **settings}, cat)
    return memory.fit(checkpoints(model, cat)[1], req.gpu_memory_gb,
                      rules.settings(req))


def advise(requirements: Mapping[str, Any] | Requirements | None = None,
           catalog: Catalog | str | Path | None = None, *,
           evidence: str | Path | None = None, **kwargs: Any) -> Advice:
    """Ranked, explained model suggestions for a set of requirements.

    Hard requirements (``open_license``, ``commercial_use``, ``min_image_resolution``,
    ``min_token_limit``, ``max_params``, ``gpu_memory_gb`` with ``precision``,
    ``tasks``, ``modalities``, ``model_types``, ``architectures``, ``exclude``) are
    checked for every model as met, unmet or unknown. A model with an unmet check is
    rejected; one with an unknown check stays, ranked below every fully met model
    (``strict=True`` counts unknown as unmet).

    The order is ``rank_by``: ``capability`` by default, the published benchmark
    numbers on the requested tasks (``advisor.evidence``); the score (see the
    module's docstring) follows it. ``evidence``: your own evidence CSV.

    Parameters
    ----------
    requirements : dict or Requirements, optional
        Requirement keys (see ``advisor.requirements.SCHEMA``); keyword arguments
        are merged into it.
    catalog : Catalog or path, optional
        The bundled catalog by default.

    Returns
    -------
    Advice

    Raises
    ------
    AdvisorError
        An unknown key, a value of the wrong type, an unknown task or model, ...

    Examples
    --------
    >>> advice = advise({"open_license": True, "min_image_resolution": "336px",
    ...                  "min_token_limit": "2k"})
    >>> advice.names[:3]
    ['Gemma 4 (26B A4B / 31B)', 'Pixtral 12B', 'Qwen3-VL']
    >>> print(advice.why_not("CLIP (ViT-B/32)"))
    CLIP (ViT-B/32) is ruled out by min_image_resolution (largest input 224 px < 336
    px required); min_token_limit (largest token limit 77 tokens < 2,000 tokens
    required).
    """
    cat = _catalog(catalog)
    if evidence is not None and not isinstance(evidence, str | Path):
        raise AdvisorError(f"evidence: expected a path to an evidence CSV, got "
                           f"{type(evidence).__name__}")
    if kwargs and isinstance(requirements, Requirements):
        requirements = requirements.to_dict()
    if kwargs and isinstance(requirements, Mapping | None):
        requirements = {**(requirements or {}), **kwargs}
    req = Requirements.from_dict(requirements, cat)
    ev = evaluate(cat, req, evidence)
    return assemble(score(ev))


def evidence_of(cat: Catalog, path: str | Path | None) -> evidence.Evidence:
    """The evidence for a catalog, read once per catalog and file."""
    key = ("evidence", None if path is None else str(path))
    return cat.index.memo(key, lambda: evidence.load_evidence(cat, path))


def placed_of(cat: Catalog, path: str | Path | None, cap: float,
              default: bool = False) -> evidence.Placed:
    """The evidence numbers chosen within the size ``cap`` (``default``: only those
    in their model's default mode) and their places: the same for every query
    with that cap and choice, so kept with the catalog."""
    return cat.index.memo(("placed", str(path), cap, default),
                          lambda: evidence.placements(evidence_of(cat, path), cat,
                                                      cap, default))


# -- stage 1: checks -------------------------------------------------------------------
def evaluate(cat: Catalog, req: Requirements,
             evidence_path: str | Path | None = None) -> Evaluation:
    """Every hard requirement checked for every model; who passes, fully meets, or
    is rejected (the ``similar_to`` target is none of these). A published number
    (the evidence: the bundled file, or ``evidence_path``) on a task's benchmark
    meets that task where the catalog's tasks leave it unmet or unknown
    (``by_evidence``)."""
    status = rules.evaluate(cat, req.hard(), req)
    numbers = evidence_of(cat, evidence_path)
    by_evidence = None
    if "tasks" in status:
        need = np.uint32(bits_of(req.tasks, TASK_BITS))
        have = cat.index.bits("tasks") | cat.index.memo(
            ("task bits", None if evidence_path is None else str(evidence_path)),
            lambda: evidence.task_bits(numbers, len(cat)))
        by_evidence = (status["tasks"] != rules.MET) & ((have & need) == need)
        status["tasks"] = np.where(by_evidence, rules.MET, status["tasks"]).astype(
            np.int8)
    n = len(cat)
    unmet = np.zeros(n, dtype=bool)
    unknown = np.zeros(n, dtype=bool)
    for st in status.values():
        unmet |= st == rules.UNMET
        unknown |= st == rules.UNKNOWN
    target = cat.position(req.similar_to) if req.similar_to else None
    # retired models are left out unless asked for, whatever their checks say
    retired = np.zeros(n, dtype=bool) if req.include_retired else (
        cat.index.lifecycle == int(vocab.Lifecycle.RETIRED))
    fully = ~(unmet | unknown | retired)
    passing = fully.copy() if req.strict else ~(unmet | retired)
    rejected = ~passing
    if target is not None:
        for mask in (fully, passing, rejected):
            mask[target] = False
    return Evaluation(req, cat, status, rules.evaluate(cat, dict(req.prefer), req),
                      passing=passing, fully=fully, rejected=rejected, target=target,
                      retired=retired, by_evidence=by_evidence, evidence=numbers,
                      evidence_path=evidence_path)


# -- stage 2: scores -------------------------------------------------------------------
def _task_fit(cat: Catalog, tasks: tuple[str, ...], rows: np.ndarray) -> np.ndarray:
    """Jaccard of the requested and the model's tasks, at ``rows``; 1/2 where the
    model gives none."""
    have = cat.index.bits("tasks")[rows]
    need = np.uint32(bits_of(tasks, TASK_BITS))
    inter = np.bitwise_count(have & need).astype(np.float64)
    union = np.bitwise_count(have | need).astype(np.float64)
    return np.where(have == 0, 0.5, inter / np.maximum(union, 1))


def score(ev: Evaluation) -> Evaluation:
    """What orders the models: per model, the order's value (capability by
    default) and the tier (+4 where a check is unknown, +2 where the model is
    superseded or deprecated, +1 without a number for the order, +8 for a model
    of another job than the one ranked, infinite where the model does not pass).
    The other components, which can move a model by at most their weights' share,
    are measured later for the models that can rank."""
    cat, req = ev.catalog, ev.requirements
    if ev.target is not None:
        X = cat.features_.matrix_
        ev.similarity = X @ X[ev.target]
    ev.rows = np.flatnonzero(ev.passing)
    ev.relevant = evidence.relevance(cat, req, ev.evidence)
    # capability depends only on the evidence, the size limit and which
    # benchmarks count: kept with the catalog like its other derived arrays
    cap = evidence.size_cap(req, cat)
    placed = placed_of(cat, ev.evidence_path, cap, req.reasoning == "default")
    counted = (req.tasks, req.similar_to if not req.tasks else None, req.reasoning)
    ev.capability_key = key = ("capability", str(ev.evidence_path), cap, counted)
    ev.capability, ev.placed = cat.index.memo(key, lambda: evidence.capability(
        ev.evidence, cat, req, ev.relevant, placed))
    primary, missing = ORDERS[req.rank_by](ev)
    ev.primary = primary
    superseded = cat.index.lifecycle != int(vocab.Lifecycle.CURRENT)
    # ranked by capability with no task and no model to resemble, each kind of
    # model is placed on its own benchmarks, so the two scales are not mixed: the
    # job is the one most of the fully met models do (none on a tie), and models
    # of the other job follow
    other_job = 0.0
    if ev.relevant.kind is not None and req.rank_by == "capability":
        kind = ev.relevant.kind
        assistants = 2 * int(np.count_nonzero(ev.fully & (kind == 1)))
        fully = int(np.count_nonzero(ev.fully))
        ev.job = None if assistants == fully else int(assistants > fully)
        if ev.job is not None:
            other_job = (kind != ev.job) * 8.0
    ev.tier = np.where(ev.passing, ~ev.fully * 4.0 + superseded * 2.0 + missing
                       + other_job, np.inf)
    ev.measurer = measure
    return ev


def measure(ev: Evaluation, rows: np.ndarray) -> Measured:
    """The components, the fit and the score of the models at ``rows``: the score
    is the weighted mean of the components (``requirements.COMPONENTS``, with the
    query's weights), the order's value among them as ``rank``; the fit is the same
    mean without it."""
    parts = _parts(ev, rows)
    weights = _weights(ev.requirements)
    fit = ranking.combine({k: v for k, v in parts.items() if k != "rank"}, weights)
    return Measured(parts, fit, ranking.combine(parts, weights))


def _parts(ev: Evaluation, rows: np.ndarray) -> dict[str, np.ndarray]:
    cat, req = ev.catalog, ev.requirements
    hard = req.hard()
    ratio = {k: rules.headroom(cat, k, hard[k], rows, req)
             for k in NUMERIC_KEYS if k in hard}
    parts = {"rank": ev.primary[rows]} | ranking.components(
        rows, status=ev.status, ratio=ratio, pref_status=ev.pref_status,
        similarity=ev.similarity,
        task_fit=_task_fit(cat, req.tasks, rows) if req.tasks else None,
        documented=cat.index.documented)
    if req.rank_by != "capability":
        parts["capability"] = np.nan_to_num(ev.capability[rows], nan=0.0)
    return parts


def _weights(req) -> dict[str, float]:
    return {k: w for k, (w, _) in COMPONENTS.items()} | dict(req.weights)


def rank_share(ev: Evaluation) -> float:
    """The share of the score the order's value has (its weight over the weights
    of the components that apply): the rest can move a model by at most 1 - it."""
    weights = _weights(ev.requirements)
    names = _parts(ev, np.empty(0, dtype=np.int64))
    top = max((weights[k] for k in names), default=0.0)
    total = sum(weights[k] for k in names)
    return weights["rank"] / total if top > 0 and total > 0 else 0.0


# -- what orders the models that pass (requirements.RANK_BY) -------------------------
def _by_capability(ev: Evaluation) -> tuple[np.ndarray, np.ndarray]:
    """Capability; models without a published number follow, newest first."""
    return ev.catalog.index.memo(("by capability",) + ev.capability_key,
                                 lambda: _capability_order(ev))


def claimed(ev: Evaluation) -> np.ndarray:
    """The models ranked on their maker's claim: tasks were asked, the model has no
    number on their benchmarks, its tasks say it does them, and some model has a
    number. The same for every query with the same capability."""
    def find() -> np.ndarray:
        none = np.isnan(ev.capability)
        if not ev.requirements.tasks or "tasks" not in ev.status or none.all():
            return np.zeros(len(none), dtype=bool)
        return none & (ev.status["tasks"] == rules.MET)
    return ev.catalog.index.memo(("claimed",) + ev.capability_key, find)


def _capability_order(ev: Evaluation) -> tuple[np.ndarray, np.ndarray]:
    """For every model: its capability, or where none counts its recency; and 1.0
    where none counts. A model ranked on its maker's claim (``claimed``) ranks
    with the measured ones, as the weakest model with a number: the claim shows it
    does the job and a number how well, so a low number never puts a model above
    a claim. The same for every query with the same capability."""
    none = np.isnan(ev.capability)
    recency = ev.catalog.index.memo("recency", lambda: _recency(ev.catalog))
    order = np.where(none, recency, ev.capability)
    on_claim = claimed(ev)
    if on_claim.any():
        order = np.where(on_claim, np.nanmin(ev.capability), order)
    return order, (none & ~on_claim).astype(float)


def _recency(cat: Catalog) -> np.ndarray:
    """Where each release date stands between the catalog's oldest and newest (0 to
    1; 0 where unknown), in linear time."""
    days = cat.index.num["release_date"]
    known = days[~np.isnan(days)]
    if not len(known) or known.max() == known.min():
        return np.zeros(len(days))
    return np.nan_to_num((days - known.min()) / (known.max() - known.min()), nan=0.0)


def _by_value(values, smaller_first: bool = False):
    def order(ev: Evaluation) -> tuple[np.ndarray, np.ndarray]:
        x = values(ev)[ev.rows]  # places among the models that pass
        p = np.full(len(ev.passing), np.nan)
        p[ev.rows] = ranking.percentile(-x if smaller_first else x)
        return np.nan_to_num(p, nan=0.0), np.isnan(p).astype(float)
    return order


def _similarity(ev: Evaluation) -> np.ndarray:
    if ev.similarity is None:
        raise AdvisorError("rank_by: 'similarity' needs similar_to, the model to be "
                           "similar to")
    return ev.similarity


ORDERS = {
    "capability": _by_capability,
    "size": _by_value(lambda ev: ev.catalog.index.num["parameter_count_low"], True),
    "context": _by_value(lambda ev: rules.best(ev.catalog, "token_limit")),
    "resolution": _by_value(lambda ev: rules.best(ev.catalog, "image_resolution")),
    "recency": _by_value(lambda ev: ev.catalog.index.num["release_date"]),
    "similarity": _by_value(_similarity),
    "price": _by_value(lambda ev: ev.catalog.index.num["input_price_per_mtok"], True),
    "cost": _by_value(lambda ev: rules.image_costs(ev.catalog, ev.requirements), True),
}


# -- stage 3: the answer ---------------------------------------------------------------
def _recommendation(ev: Evaluation, rank: int, i: int, m: Measured, j: int
                    ) -> Recommendation:
    """Model ``i``, measured at ``m``'s position ``j``."""
    info = ev.catalog.info(i)
    checks = ev.checks(i, info=info)
    sim = None if ev.similarity is None else float(ev.similarity[i])
    cap = float(ev.capability[i])
    cost = float(rules.image_costs(ev.catalog, ev.requirements)[i])
    limited = bool(np.isfinite(evidence.size_cap(ev.requirements, ev.catalog)))
    numbers = evidence.words(ev.evidence, ev.placed, i, ev.relevant, limited)
    defined = evidence.definitions(ev.evidence, ev.placed, i, ev.relevant)
    said = explain.explanation(info, checks, similarity=sim,
                               similar_to=ev.requirements.similar_to)
    return Recommendation(
        name=info.name, rank=rank, score=float(m.score[j]),
        components={k: float(v[j]) for k, v in m.parts.items()},
        checks=checks, unknown=[c.requirement for c in checks
                                if c.status == "unknown"],
        similarity=sim, glossary=explain.model_glossary(info),
        caveats=list(info.caveats),
        explanation=explain.with_evidence(
            said, info, ev.requirements, cap, numbers, defined,
            on_claim=bool(claimed(ev)[i]),
            aside=evidence.set_aside(ev.evidence, i, ev.relevant)
            if ev.requirements.reasoning == "default" else ()),
        preferences=ev.checks(i, preferences=True, info=info),
        capability=None if np.isnan(cap) else cap, fit=float(m.fit[j]),
        primary=float(ev.primary[i]), evidence=numbers,
        numbers=evidence.counted(ev.evidence, ev.placed, i, ev.relevant),
        model=info.summary(), cost_per_image=None if np.isnan(cost) else cost,
        fits=explain.memory_fit(info, ev.requirements))


def assemble(ev: Evaluation) -> Advice:
    """The top k as recommendations; the relaxations when no model meets every
    requirement."""
    req = ev.requirements
    share = rank_share(ev)
    near = ranking.contenders(ev.tier, share * np.where(ev.passing, ev.primary, 0.0),
                              req.top_k, slack=1.0 - share)
    m = ev.measure(near)
    best = ranking.top_k(ev.tier[near], m.score,
                         ev.catalog.index.name_rank[near], req.top_k)
    best = best.tolist()
    recs = Ranked(near[best].tolist(), lambda k: _recommendation(
        ev, k + 1, int(near[best[k]]), m, best[k]))
    relaxations = relax(ev) if ev.status and not ev.fully.any() else []
    return Advice(recs, evaluation=ev, relaxations=relaxations,
                  rerun=partial(advise, catalog=ev.catalog,
                                evidence=ev.evidence_path))


def relax(ev: Evaluation) -> list[Relaxation]:
    """The minimal sets of keys to drop to admit a model; for a single numeric key,
    also the nearest value of it that admits one."""
    cat, req = ev.catalog, ev.requirements
    keys = [k for k in ev.status if k != "exclude"]
    eligible = ~ev.retired
    if "exclude" in ev.status:
        eligible &= ev.status["exclude"] == rules.MET
    if ev.target is not None:
        eligible[ev.target] = False
    rows = np.flatnonzero(eligible)
    if not keys or not len(rows):  # only exclusions: nothing to relax, nothing left
        return []
    failing = np.stack([ev.status[k][rows] != rules.MET for k in keys], axis=1)
    names = cat.names

    def sorted_names(at) -> tuple[str, ...]:
        return tuple(sorted((names[i] for i in at), key=str.casefold))

    out = []
    for drop, admitted in ranking.minimal_relaxations(failing, keys):
        at = rows[admitted]
        change, change_admits = None, ()
        if len(drop) == 1 and drop[0] in NUMERIC_KEYS:
            values = rules.own_value(cat, drop[0], req)[at]
            known = ~np.isnan(values)
            if known.any():
                pick = np.max if SPECS[drop[0]].rule.test == "at least" else np.min
                change = pick(values[known])
                change = int(change) if float(change).is_integer() else float(change)
                change_admits = sorted_names(at[known][values[known] == change])
        settings = _memory_changes(ev, at, sorted_names) if drop == (
            "gpu_memory_gb",) else ()
        out.append(Relaxation(drop=drop, admits=sorted_names(at), change=change,
                              change_admits=change_admits,
                              kept=tuple(k for k in keys if k not in drop),
                              settings=settings))
    return out


CONTEXTS = (128_000, 64_000, 32_000, 16_000, 8_000, 4_000, 2_000)  # longest first


def _memory_changes(ev: Evaluation, at: np.ndarray, sorted_names
                    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per memory setting, the nearest change that admits a model with the GPU
    memory kept: a lower precision, fewer images, a shorter context, flash
    attention, a smaller image (each side 3/4 of the last, down to 448 px)."""
    req = ev.requirements
    now = rules.settings(req)
    tries = {
        # the plain widths (int8 and int4 read as their common format), not every
        # file format: "use precision int8" is the change a person makes
        "precision": sorted((p for p, f in vocab.PRECISIONS.items() if f.bits
                             < vocab.PRECISIONS[now.precision].bits
                             and (f.same_as or f.bits >= 16)),
                            key=lambda p: -vocab.PRECISIONS[p].bits),
        "images": list(range(now.images - 1, 0, -1)),
        "context_tokens": [c for c in CONTEXTS if c < now.context_tokens],
        "attention": ["flash"] if now.attention != "flash" else [],
        "image_size": _smaller_images(now.image_size),
    }
    out = []
    for key, values in tries.items():
        for value in values:
            changed = replace(req, **{key: value})
            fits = at[rules.needed_gb(ev.catalog, changed)[at] <= req.gpu_memory_gb]
            if len(fits):
                out.append((f"{key} {_said(value)}", sorted_names(fits)))
                break
    return tuple(out)


def _smaller_images(size: tuple[int, int] | None) -> list[tuple[int, int]]:
    """Smaller sizes of the same aspect, each side 3/4 of the last, while the
    shorter side stays at least 448 px."""
    out = []
    while size and min(size) * 3 // 4 >= 448:
        size = (size[0] * 3 // 4, size[1] * 3 // 4)
        out.append(size)
    return out


def _said(value) -> str:
    """A setting's value as the command line takes it."""
    if isinstance(value, tuple):
        return "x".join(map(str, value))
    return f"{value:,}" if isinstance(value, int) else str(value)
