"""``advise``: rules filter, scores rank, and every answer says why."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from . import ranking, rules
from .catalog import Catalog, load_catalog
from .errors import AdvisorError, did_you_mean
from .explain import explanation, model_glossary
from .requirements import COMPONENTS, NUMERIC_KEYS, Requirements
from .result import CRITIQUES, Advice, Check, Recommendation, Relaxation, _Rejected
from .rules import MET, STATUS, UNKNOWN, UNMET

__all__ = ["advise", "critique_requirements"]

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


def features_of(catalog: Catalog):
    """The catalog's feature space, fitted once and kept with the catalog."""
    return catalog.features_


def _task_fit(catalog: Catalog, tasks: tuple[str, ...]) -> np.ndarray:
    """Jaccard of the requested and the model's tasks; 1/2 where none are given."""
    from .index import TASK_BITS, bits_of
    have = catalog.index.bits("tasks")
    need = np.uint32(bits_of(tasks, TASK_BITS))
    inter = np.bitwise_count(have & need).astype(np.float64)
    union = np.bitwise_count(have | need).astype(np.float64)
    return np.where(have == 0, 0.5, inter / np.maximum(union, 1))


def advise(requirements: Mapping[str, Any] | Requirements | None = None,
           catalog: Catalog | str | Path | None = None, **kwargs: Any) -> Advice:
    """Ranked, explained model suggestions for a set of requirements.

    Hard requirements (``open_license``, ``commercial_use``, ``min_image_resolution``,
    ``min_token_limit``, ``max_params``, ``gpu_memory_gb`` with ``precision``,
    ``tasks``, ``modalities``, ``model_types``, ``architectures``, ``exclude``) are
    checked for every model as met, unmet or unknown. A model with an unmet check is
    rejected; one with an unknown check stays, ranked below every fully met model
    (``strict=True`` counts unknown as unmet).

    The score is a weighted mean of the components that apply, each in [0, 1]:
    ``checks`` (share of hard checks met, unknown = 1/2), ``margin`` (headroom on
    numeric requirements: log(value / threshold) / log 16, capped at 1),
    ``preference`` (share of ``prefer`` met), ``similarity`` ((1 + cosine) / 2 to
    ``similar_to``), ``task_fit`` (Jaccard of the requested and the model's tasks)
    and ``documented`` (share of key facts known). Default weights 1, 1, 1, 3, 1,
    0.5; ``weights`` overrides them. Ties break by name.

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
    >>> advice.names[:4]
    ['Gemma 3 (4B/12B/27B)', 'Llama 3.2 Vision', 'LLaVA (13B)', 'MiniGPT-4']
    >>> advice[4].name, advice[4].unknown
    ('LLaVA-OneVision', ['min_image_resolution'])
    >>> print(advice.why_not("BLIP-2"))
    BLIP-2 is ruled out by min_token_limit (largest token limit 1,024 tokens < 2,000
    tokens required).
    """
    cat = _catalog(catalog)
    if kwargs:
        base = requirements.to_dict() if isinstance(requirements, Requirements) \
            else dict(requirements or {})
        requirements = {**base, **kwargs}
    req = Requirements.from_dict(requirements, cat)
    n = len(cat)
    hard = req.hard()
    status = rules.evaluate(cat, hard, req.precision)
    keys = list(status)
    unmet_any = np.zeros(n, dtype=bool)
    unknown_any = np.zeros(n, dtype=bool)
    for st in status.values():
        unmet_any |= st == UNMET
        unknown_any |= st == UNKNOWN
    fully = ~(unmet_any | unknown_any)
    passing = fully.copy() if req.strict else ~unmet_any
    target = cat.position(req.similar_to) if req.similar_to else None
    if target is not None:
        passing[target] = False

    similarity = None
    if target is not None:
        X = features_of(cat).matrix_
        similarity = X @ X[target]
    pref_status = rules.evaluate(cat, dict(req.prefer), req.precision)
    weights = {k: w for k, (w, _) in COMPONENTS.items()} | dict(req.weights)

    rows = np.flatnonzero(passing)  # score only the survivors
    ratio = {k: rules.headroom(cat, k, hard[k], rows, req.precision)
             for k in NUMERIC_KEYS if k in hard}
    parts = ranking.components(
        rows, status=status, ratio=ratio, pref_status=pref_status,
        similarity=similarity,
        task_fit=_task_fit(cat, req.tasks) if req.tasks else None,
        documented=cat.index.documented)
    score = ranking.combine(parts, weights) if len(rows) else np.empty(0)
    tier = unknown_any[rows].astype(np.float64)
    name_rank = cat.index.name_rank[rows]
    best = ranking.top_k(tier, score, name_rank, req.top_k)

    def checks_for(i: int, which=None) -> list[Check]:
        return [Check(k, STATUS[int(status[k][i])],
                      rules.detail(cat, i, k, hard[k], int(status[k][i]),
                                   req.precision))
                for k in keys if which is None or status[k][i] in which]

    recs = []
    for rank, j in enumerate(best.tolist(), start=1):
        i = int(rows[j])
        m = cat.info(i)
        checks = checks_for(i)
        sim = None if similarity is None else float(similarity[i])
        prefs = [Check(k, STATUS[int(v[i])],
                       rules.detail(cat, i, k, req.prefer[k], int(v[i]), req.precision))
                 for k, v in pref_status.items()]
        recs.append(Recommendation(
            name=m.name, rank=rank, score=float(score[j]),
            components={k: float(v[j]) for k, v in parts.items()},
            checks=checks, unknown=[c.requirement for c in checks
                                    if c.status == "unknown"],
            similarity=sim, glossary=model_glossary(m), caveats=list(m.caveats),
            explanation=explanation(m, checks, similarity=sim,
                                    similar_to=req.similar_to),
            preferences=prefs))

    reject_mask = ~passing
    if target is not None:
        reject_mask[target] = False
    bad = (UNMET, UNKNOWN) if req.strict else (UNMET,)

    eligible = np.ones(n, dtype=bool)
    if "exclude" in status:
        eligible &= status["exclude"] == MET
    if target is not None:
        eligible[target] = False
    fully &= eligible
    relaxations: list[Relaxation] = []
    if keys and not fully.any():
        relaxations = _relaxations(cat, req, keys, status, eligible)

    def explain_rank(name: str) -> str:
        i = cat.position(name)
        where = np.flatnonzero(rows == i)
        if not len(where):  # pragma: no cover - every model is ranked, rejected, target
            return f"{name} is not in this advice."
        j = int(where[0])
        p = int(np.flatnonzero(ranking.order(tier, score, name_rank) == j)[0]) + 1
        unk = [c.requirement for c in checks_for(i, (UNKNOWN,))]
        why = (f"; its {', '.join(unk)} check{'s are' if len(unk) > 1 else ' is'} "
               "unknown, so it ranks below every fully met model") if unk else ""
        return (f"{name} meets the requirements but ranks {p}, below the top "
                f"{req.top_k} (score {score[j]:.2f}){why}.")

    return Advice(recs, requirements=req, catalog=cat,
                  rejected=_Rejected(cat, reject_mask, lambda i: checks_for(i, bad)),
                  relaxations=relaxations, fully_met=fully,
                  explain_rank=explain_rank)


def _relaxations(cat, req, keys, status, eligible) -> list[Relaxation]:
    rk = [k for k in keys if k != "exclude"]
    rows = np.flatnonzero(eligible)
    failing = np.stack([status[k][rows] != MET for k in rk], axis=1)
    names = cat.names
    out = []
    for drop, admitted in ranking.minimal_relaxations(failing, rk):
        admitted_rows = rows[admitted]
        admits = tuple(sorted((names[i] for i in admitted_rows), key=str.casefold))
        kept = tuple(k for k in rk if k not in drop)
        change, change_admits = None, ()
        if len(drop) == 1 and drop[0] in NUMERIC_KEYS:
            values = _own_value(cat, drop[0], req.precision)[admitted_rows]
            known = ~np.isnan(values)
            if known.any():
                pick = np.min if drop[0] in ("max_params", "gpu_memory_gb") else np.max
                change = pick(values[known])
                change = int(change) if float(change).is_integer() else float(change)
                hit = admitted_rows[known][values[known] == change]
                change_admits = tuple(sorted((names[i] for i in hit), key=str.casefold))
        out.append(Relaxation(drop=drop, admits=admits, change=change,
                              change_admits=change_admits, kept=kept))
    return out


def _own_value(cat: Catalog, key: str, precision: str) -> np.ndarray:
    """Each model's own value for a numeric key (NaN where unknown)."""
    if key == "max_params":
        return cat.index.num["parameter_count_low"]
    if key == "gpu_memory_gb":
        return np.ceil(rules.needed_gb(cat, precision) * 10) / 10
    return rules.best(cat, "image_resolution" if key == "min_image_resolution"
                      else "token_limit")


def critique_requirements(req: Requirements, cat: Catalog, name: str,
                          direction: str) -> Requirements:
    """The requirements of "like ``name``, but ``direction``"."""
    if direction not in CRITIQUES:
        raise AdvisorError(f"direction: unknown value {direction!r}; "
                           + did_you_mean(direction, list(CRITIQUES)))
    m = cat[name]
    new = req.to_dict()
    new["similar_to"] = m.name

    def need(value, what):
        if value is None:
            raise AdvisorError(f"critique: {m.name}'s {what} is unknown "
                               f"({m.raw[what]!r}), so there is nothing to go "
                               f"{direction} than")
        return value

    if direction == "smaller":
        bound = need(m.parameter_count.low, "parameter_count") - 1
        new["max_params"] = min(bound, req.max_params or bound)
    elif direction == "longer-context":
        r = m.token_limit
        bound = need(r.high if r.high is not None else r.low, "token_limit") + 1
        new["min_token_limit"] = max(bound, req.min_token_limit or 0)
    elif direction == "higher-resolution":
        r = m.image_resolution
        bound = need(r.high if r.high is not None else r.low, "image_resolution") + 1
        new["min_image_resolution"] = max(bound, req.min_image_resolution or 0)
    elif direction == "open":
        new["open_license"] = True
    elif direction == "commercial":
        new["commercial_use"] = True
    return Requirements.from_dict(new, cat)
