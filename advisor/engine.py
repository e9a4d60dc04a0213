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
from .result import CRITIQUES, Advice, Check, Recommendation, Relaxation
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
    """The catalog's fitted feature space, fitted once and kept with the catalog."""
    fs = catalog.__dict__.get("features_")
    if fs is None:
        from .features import fit_features
        fs = catalog.__dict__["features_"] = fit_features(catalog)
    return fs


def _documented(catalog: Catalog) -> np.ndarray:
    a, f = catalog.arrays, catalog.frame
    known = [~np.isnan(a["parameter_count_low"]), ~np.isnan(a["token_limit_low"]),
             ~np.isnan(a["image_resolution_low"]), a["open_license"] >= 0,
             (f["commercial_use"] != "unknown").to_numpy(),
             (f["open_weights"] != "unknown").to_numpy()]
    return np.mean(known, axis=0)


def _task_fit(catalog: Catalog, tasks: tuple[str, ...]) -> np.ndarray:
    codes, uniques = catalog.frame["tasks"].factorize()
    per = []
    for u in uniques:
        have = {w.strip() for w in u.split(";") if w.strip()}
        per.append(0.5 if not have else len(set(tasks) & have) / len(have | set(tasks)))
    return np.asarray(per, dtype=np.float64)[codes]


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
    >>> advice.why_not("BLIP-2")
    'BLIP-2 is ruled out by min_token_limit (largest token limit 1,024 tokens < 2,000 tokens required).'
    """
    cat = _catalog(catalog)
    if kwargs:
        base = requirements.to_dict() if isinstance(requirements, Requirements) \
            else dict(requirements or {})
        requirements = {**base, **kwargs}
    req = Requirements.from_dict(requirements, cat)
    names = cat.names
    n = len(cat)
    hard = req.hard()
    status, ratio = rules.evaluate(cat, hard, req.precision)
    keys = list(status)
    st = np.stack([status[k] for k in keys], axis=1) if keys else \
        np.ones((n, 0), dtype=np.int8)
    unmet_any = (st == UNMET).any(axis=1)
    unknown_any = (st == UNKNOWN).any(axis=1)
    fully = ~unmet_any & ~unknown_any
    passing = fully.copy() if req.strict else ~unmet_any
    target = cat.position(req.similar_to) if req.similar_to else None
    if target is not None:
        passing[target] = False

    similarity = None
    if target is not None:
        similarity = features_of(cat).similarity_to(target).astype(np.float64)
    pref_status = {}
    if req.prefer:
        pref_status, _ = rules.evaluate(cat, dict(req.prefer), req.precision)
    weights = {k: w for k, (w, _) in COMPONENTS.items()} | dict(req.weights)

    rows = np.flatnonzero(passing)  # score only the survivors
    parts = ranking.components(
        rows, status=status, ratio=ratio, pref_status=pref_status,
        similarity=similarity,
        task_fit=_task_fit(cat, req.tasks) if req.tasks else None,
        documented=_documented(cat))
    score = ranking.combine(parts, weights) if len(rows) else np.empty(0)
    ordered = ranking.order(rows, unknown_any[rows].astype(int), score, names)
    score_of = dict(zip(rows.tolist(), score.tolist(), strict=True))
    parts_of = {int(r): {k: float(v[j]) for k, v in parts.items()}
                for j, r in enumerate(rows)}

    def checks_for(i: int, which=None) -> list[Check]:
        return [Check(k, STATUS[int(status[k][i])],
                      rules.detail(cat, i, k, hard[k], int(status[k][i]),
                                   req.precision))
                for k in keys if which is None or status[k][i] in which]

    recs = []
    for rank, i in enumerate(ordered[:req.top_k].tolist(), start=1):
        m = cat.info(i)
        checks = checks_for(i)
        sim = None if similarity is None else float(similarity[i])
        prefs = [Check(k, STATUS[int(v[i])],
                       rules.detail(cat, i, k, req.prefer[k], int(v[i]), req.precision))
                 for k, v in pref_status.items()]
        recs.append(Recommendation(
            name=m.name, rank=rank, score=float(score_of[i]), components=parts_of[i],
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
    rejected_rows = {names[i]: i for i in np.flatnonzero(reject_mask).tolist()}

    relaxations: list[Relaxation] = []
    eligible = np.ones(n, dtype=bool)
    if "exclude" in status:
        eligible &= status["exclude"] == MET
    if target is not None:
        eligible[target] = False
    if keys and not (fully & eligible).any():
        relaxations = _relaxations(cat, req, hard, keys, st, ratio, eligible)

    position = {int(i): p for p, i in enumerate(ordered.tolist(), start=1)}

    def explain_rank(name: str) -> str:
        i = cat.position(name)
        p = position.get(i)
        if p is None:  # pragma: no cover - every model is ranked, rejected or target
            return f"{name} is not in this advice."
        unk = [c.requirement for c in checks_for(i, (UNKNOWN,))]
        why = (f"; its {', '.join(unk)} check{'s are' if len(unk) > 1 else ' is'} "
               "unknown, so it ranks below every fully met model") if unk else ""
        return (f"{name} meets the requirements but ranks {p}, below the top "
                f"{req.top_k} (score {score_of[i]:.2f}){why}.")

    return Advice(recs, requirements=req, catalog=cat,
                  rejected=_rejected(rejected_rows, lambda i: checks_for(i, bad)),
                  relaxations=relaxations,
                  fully_met=tuple(names[i] for i in np.flatnonzero(fully & eligible)),
                  explain_rank=explain_rank)


def _rejected(rows, build):
    from .result import _Rejected
    return _Rejected(rows, build)


def _best(cat: Catalog, key: str, precision: str) -> np.ndarray:
    """Each model's own value for a numeric key (NaN where unknown)."""
    a = cat.arrays
    if key == "max_params":
        return a["parameter_count_low"]
    if key == "gpu_memory_gb":
        gb = np.ceil(rules.weights_gb(a["parameter_count_low"], precision) * 10) / 10
        return np.where(cat.frame["open_weights"].to_numpy() == "no", np.nan, gb)
    column = "image_resolution" if key == "min_image_resolution" else "token_limit"
    high = a[f"{column}_high"]
    return np.where(np.isnan(high), a[f"{column}_low"], high)


def _relaxations(cat, req, hard, keys, st, ratio, eligible) -> list[Relaxation]:
    relaxable = [j for j, k in enumerate(keys) if k != "exclude"]
    rk = [keys[j] for j in relaxable]
    failing = st[:, relaxable] != MET
    rows = np.flatnonzero(eligible)
    names = cat.names
    out = []
    for drop, admitted in ranking.minimal_relaxations(failing[rows], rk):
        admitted_rows = rows[admitted]
        admits = tuple(sorted((names[i] for i in admitted_rows), key=str.casefold))
        kept = tuple(k for k in rk if k not in drop)
        change, change_admits = None, ()
        if len(drop) == 1 and drop[0] in NUMERIC_KEYS:
            values = _best(cat, drop[0], req.precision)[admitted_rows]
            known = ~np.isnan(values)
            if known.any():
                pick = np.nanmin if drop[0] in ("max_params", "gpu_memory_gb") \
                    else np.nanmax
                change = pick(values[known])
                change = int(change) if float(change).is_integer() else float(change)
                hit = admitted_rows[known][values[known] == change]
                change_admits = tuple(sorted((names[i] for i in hit), key=str.casefold))
        out.append(Relaxation(drop=drop, admits=admits, change=change,
                              change_admits=change_admits, kept=kept))
    return out


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
