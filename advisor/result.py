"""What ``advise`` returns: an ``Advice`` that carries every check, score component,
rejection reason and relaxation, and prints well in a terminal and in Jupyter.

The pipeline's intermediate arrays are kept on an :class:`Evaluation`, so that
``why_not``, rank explanations and rejections are answered from data; the words
come from ``explain``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import explain, ranking
from .requirements import CRITIQUES, RANK_BY, critique
from .vocab import Status

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .catalog import Catalog
    from .requirements import Requirements

__all__ = ["Check", "Recommendation", "Relaxation", "Measured", "Evaluation",
           "Ranked", "Advice", "CRITIQUES"]


@dataclass(frozen=True)
class Check:
    """One hard requirement checked for one model."""

    requirement: str
    status: str  # "met" | "unmet" | "unknown"
    detail: str

    def __str__(self) -> str:
        return f"{self.requirement}: {self.status} ({self.detail})"


@dataclass(frozen=True)
class Recommendation:
    name: str
    rank: int
    score: float
    components: dict[str, float]
    checks: list[Check]
    unknown: list[str]
    similarity: float | None
    glossary: dict[str, str]
    caveats: list[str]
    explanation: str
    preferences: list[Check] = field(default_factory=list)
    capability: float | None = None  # None: no published number that counts
    fit: float = 0.0                 # the weighted mean of the components
    primary: float = 0.0             # the rank_by value (capability by default)
    evidence: list[str] = field(default_factory=list)  # the numbers behind it
    numbers: list[dict[str, str]] = field(default_factory=list)  # the same, as data
    model: dict[str, Any] = field(default_factory=dict)  # ModelInfo.summary()
    # USD for one image of image_size (default 1024x1024); 0.0 self-hosted; None
    # without a sourced image-token rule and price (or a price per image)
    cost_per_image: float | None = None
    # with gpu_memory_gb: the largest variant that fits, its GB and binding term
    fits: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, numbers rounded to four decimals (no float32 noise)."""
        return rounded(asdict(self))


def rounded(data: Any, places: int = 4) -> Any:
    """``data`` with every float rounded (in dicts and lists, recursively)."""
    if isinstance(data, float):
        return round(data, places)
    if isinstance(data, dict):
        return {k: rounded(v, places) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [rounded(v, places) for v in data]
    return data


# the JSON export's layout (Advice.to_dict); bump when a key changes meaning or
# goes away (new keys keep the number)
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Relaxation:
    """Drop these requirement keys and these models meet every remaining one.

    ``change``: for a single numeric key, the nearest value of it that admits a
    model with the other requirements kept; ``change_admits``: those models.
    """

    drop: tuple[str, ...]
    admits: tuple[str, ...]
    change: float | int | None = None
    change_admits: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    # dropping gpu_memory_gb: the memory settings that, changed, admit models
    # with the GPU kept: ("precision int8", (names, ...)), ...
    settings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __str__(self) -> str:
        return explain.relaxation_line(self)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "text": str(self)}


class Measured(NamedTuple):
    """The score's components, the fit and the score at some positions."""

    parts: dict[str, np.ndarray]
    fit: np.ndarray
    score: np.ndarray


@dataclass
class Evaluation:
    """The pipeline's arrays for one query, one value per model: checks, score
    components and scores; ``rows``: the positions of the models that pass (the
    others have an infinite ``tier``)."""

    requirements: Requirements
    catalog: Catalog
    status: dict[str, np.ndarray]        # key -> int8 Status per model
    pref_status: dict[str, np.ndarray]   # soft preferences, likewise
    passing: np.ndarray                  # bool per model: ranked
    fully: np.ndarray                    # bool per model: every check met
    rejected: np.ndarray                 # bool per model: ruled out
    target: int | None = None            # the similar_to model's position
    similarity: np.ndarray | None = None  # cosine to the target, per model
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    tier: np.ndarray = field(default_factory=lambda: np.empty(0))   # per model
    primary: np.ndarray = field(default_factory=lambda: np.empty(0))  # per model
    # engine.measure, passed in (this module does not import the engine); kept as
    # a plain function, not bound to this object, so no reference cycle keeps a
    # query's arrays alive until the garbage collector runs
    measurer: Callable[[Evaluation, np.ndarray], Measured] | None = None
    evidence: Any = None                 # evidence.Evidence for this catalog
    evidence_path: Any = None            # its file, None for the bundled one
    relevant: Any = None                 # bool: the benchmarks that count
    job: int | None = None  # with no task: the job ranked (1 assistant, 0 encoder)
    capability: np.ndarray | None = None  # per model, NaN without evidence
    placed: Any = None                   # evidence.Placed: the numbers behind it
    capability_key: tuple = ()           # what capability was kept under
    retired: np.ndarray | None = None    # bool per model: left out as retired
    by_evidence: np.ndarray | None = None  # bool: tasks met by published numbers

    def checks(self, i: int, which: tuple[int, ...] | None = None, *,
               preferences: bool = False, info: Any = None) -> list[Check]:
        """The checks of model ``i`` (only those of status ``which``, if given); of
        the soft preferences with ``preferences``. ``info``: the model's
        ``catalog.info(i)``, when the caller has it already."""
        req = self.requirements
        status = self.pref_status if preferences else self.status
        needs = dict(req.prefer) if preferences else req.hard()
        m = self.catalog.info(i) if info is None else info
        out = [Check(k, str(Status(int(st[i]))),
                     explain.check_sentence(m, k, needs[k], int(st[i]), req))
               for k, st in status.items() if which is None or st[i] in which]
        if not preferences and self.by_evidence is not None and self.by_evidence[i]:
            from .evidence import task_numbers  # numpy only; the words of a check
            said = task_numbers(self.evidence, i, req.tasks)
            out = [Check(c.requirement, c.status, explain.tasks_by_evidence(
                m, req.tasks, said)) if c.requirement == "tasks" else c for c in out]
        return out

    def measure(self, rows: np.ndarray) -> Measured:
        """The components, the fit and the score of the models at ``rows``."""
        return self.measurer(self, rows)

    @cached_property
    def ranked(self) -> np.ndarray:
        """Positions of every model that passes, in ranking order (measures them
        all: asked for by "ranks N" answers and leaderboards, not by ``advise``)."""
        rows = self.rows
        score = self.measure(rows).score
        return rows[ranking.order(self.tier[rows], score,
                                  self.catalog.index.name_rank[rows])]

    def place(self, i: int) -> int:
        """Model ``i``'s place in the whole ranking (1 is first); it must pass."""
        return int(np.flatnonzero(self.ranked == i)[0]) + 1

    def score_of(self, i: int) -> float:
        return float(self.measure(np.asarray([i])).score[0])


class Ranked(Sequence):
    """The recommendations in rank order, each built (checks, explanation,
    evidence) when first read: a ``top_k`` as large as the catalog costs only what
    is read. ``positions``: each one's model position in the catalog."""

    def __init__(self, positions: Sequence[int],
                 build: Callable[[int], Recommendation]):
        self.positions = list(positions)
        self._build = build
        self._made: dict[int, Recommendation] = {}

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        k = range(len(self))[k]  # negative indexes, and IndexError past the end
        if k not in self._made:
            self._made[k] = self._build(k)
        return self._made[k]


class _Rejected(Mapping):
    """name -> unmet checks, for the rejected models; the words are built on access
    (a large catalog rejects many models and a person reads about few)."""

    def __init__(self, ev: Evaluation):
        self._ev = ev
        self._bad = ((Status.UNMET, Status.UNKNOWN) if ev.requirements.strict
                     else (Status.UNMET,))

    def __getitem__(self, name: str) -> list[Check]:
        cat = self._ev.catalog
        i = cat.position(name) if isinstance(name, str) and name in cat else None
        if i is None or not self._ev.rejected[i]:
            raise KeyError(name)
        checks = self._ev.checks(i, self._bad)
        if self._ev.retired is not None and self._ev.retired[i]:
            checks.insert(0, Check("include_retired", "unmet",
                                   explain.lifecycle_said(cat.info(i))))
        return checks

    def __iter__(self) -> Iterator[str]:
        strings = self._ev.catalog.index.strings["name"]
        return (strings[i] for i in np.flatnonzero(self._ev.rejected).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self._ev.rejected))

    def __repr__(self) -> str:
        return f"<rejected: {len(self)} models>"


class Advice(Sequence):
    """Ranked recommendations, best first, with everything behind them.

    Attributes
    ----------
    requirements : Requirements
    catalog : Catalog
    evaluation : Evaluation
        The arrays behind the answer: every check, the scores of the models that
        pass.
    rejected : Mapping[str, list[Check]]
        Every model left out by an unmet hard requirement -> its unmet checks.
    relaxations : list[Relaxation]
        When no model meets every hard requirement: the minimal sets of keys to drop.
    fully_met : tuple[str, ...]
        Every model whose hard checks are all met, in catalog order.
    """

    def __init__(self, recommendations: Ranked, *,
                 evaluation: Evaluation, relaxations: list[Relaxation],
                 rerun: Callable[[Requirements], Advice]):
        self._recs = recommendations
        self.evaluation = evaluation
        self.requirements: Requirements = evaluation.requirements
        self.catalog: Catalog = evaluation.catalog
        self.rejected: Mapping[str, list[Check]] = _Rejected(evaluation)
        self.relaxations = relaxations
        self._rerun = rerun

    @cached_property
    def fully_met(self) -> tuple[str, ...]:
        """Every model whose hard checks are all met, in catalog order."""
        strings = self.catalog.index.strings["name"]
        return tuple(strings[i] for i in np.flatnonzero(self.evaluation.fully
                                                        ).tolist())

    @property
    def no_fit(self) -> str:
        """What to say when nothing is ranked: that no model meets every
        requirement, or that exclude leaves none to rank."""
        exclude = self.evaluation.status.get("exclude")  # MET: the model is kept
        if exclude is not None and len(exclude) and (exclude != int(Status.MET)).all():
            return explain.ALL_EXCLUDED.format(n=len(exclude))
        return explain.NO_FIT

    # -- sequence --------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._recs)

    def __getitem__(self, i):
        return self._recs[i]

    def __iter__(self) -> Iterator[Recommendation]:
        return iter(self._recs)

    @property
    def names(self) -> list[str]:
        names = self.catalog.index.strings["name"]
        return [names[i] for i in self._recs.positions]

    # -- questions -------------------------------------------------------------
    def why_not(self, name: str) -> str:
        """Why ``name`` is not (or is) among the recommendations, in a sentence."""
        name = self.catalog.resolve(name)
        i = self.catalog.position(name)
        if i in self._recs.positions:
            r = self._recs[self._recs.positions.index(i)]
            return f"{name} is recommended at rank {r.rank} (score {r.score:.2f})."
        if name == self.requirements.similar_to:
            return (f"{name} is the model you asked for models similar to, so it is "
                    "not suggested itself.")
        if name in self.rejected:
            return explain.rejection_sentence(name, self.rejected[name])
        ev = self.evaluation
        unknown = [c.requirement for c in ev.checks(i, (Status.UNKNOWN,))]
        said = explain.rank_sentence(name, ev.place(i), self.requirements.top_k,
                                     ev.score_of(i), unknown)
        if self._recs and self.requirements.rank_by == "capability":
            from .evidence import definitions  # numpy only; kept beside the words
            top = self._recs[0]
            benches = definitions(ev.evidence, ev.placed,
                                  self.catalog.position(top.name), ev.relevant)
            said += " " + explain.capability_gap(name, ev.capability[i], top, benches)
        return said

    def critique(self, name: str, direction: str) -> Advice:
        """"Like this one, but ...": the same requirements, ``similar_to=name`` and one
        bound tightened relative to that model."""
        return self._rerun(critique(self.requirements, self.catalog, name, direction))

    @property
    def note(self) -> str | None:
        """A line to show before the ranking: that nothing was asked, so every
        model passes and the order is the default one; that no task was given, and
        which job (assistants or encoders) was ranked."""
        req = self.requirements
        said = []
        if not (req.hard() or req.similar_to or req.prefer):
            said.append(explain.NOTHING_ASKED.format(order=RANK_BY[req.rank_by]))
        job = self.evaluation.job if self.evaluation is not None else None
        if job is not None:
            said.append(explain.NO_TASK[job])
        return " ".join(said) or None

    # -- exports ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (layout ``SCHEMA_VERSION``, documented in the README);
        ``catalog.content_hash`` lets a result be reproduced."""
        return {
            "schema": SCHEMA_VERSION,
            "note": self.note,
            "requirements": self.requirements.to_dict(),
            "catalog": {"source": self.catalog.source, "models": len(self.catalog),
                        "content_hash": self.catalog.content_hash},
            "recommendations": [r.to_dict() for r in self._recs],
            "rejected": {n: [asdict(c) for c in self.rejected[n]]
                         for n in self.rejected},
            "relaxations": [r.to_dict() for r in self.relaxations],
        }

    def leaderboard(self) -> list[dict[str, Any]]:
        """The published numbers of every model that passes and has one, in ranking
        order: the capability, each number that counts (``numbers``: the benchmark,
        its value on the benchmark's own scale and as written, the scale, metric,
        direction, checkpoint, kind and source) and the sources. A leaderboard
        filtered by your own requirements."""
        from .evidence import BENCHMARKS, used  # numpy only; kept beside the words
        ev = self.evaluation
        out = []
        for place, i in enumerate(ev.ranked.tolist(), start=1):
            numbers = []
            for k in used(ev.evidence, ev.placed, i, ev.relevant):
                r = int(ev.placed.row[k])
                cell, b = ev.evidence.rows[r], BENCHMARKS[int(ev.evidence.bench[r])]
                numbers.append({
                    "benchmark": b.name, "value": round(float(ev.evidence.value[r]), 4),
                    "as_written": cell["value"], "scale": b.scale, "metric": b.metric,
                    "lower_is_better": b.lower, "checkpoint": cell["variant"],
                    "kind": cell["kind"], "source": cell["source"]})
            if numbers:  # a model without a number has no row on a leaderboard
                out.append({"rank": place, "model": self.catalog.names[i],
                            "capability": None if np.isnan(ev.capability[i])
                            else round(float(ev.capability[i]), 3),
                            "numbers": numbers,
                            "sources": list(dict.fromkeys(n["source"]
                                                          for n in numbers))})
        return out

    def rows(self, most: int | None = None) -> list[dict[str, Any]]:
        """The advice table, one dict per recommendation (``explain.ADVICE_COLUMNS``);
        only the first ``most``, if given."""
        return [explain.advice_row(r, self.catalog[r.name])
                for r in self._recs[:most]]

    def to_frame(self) -> pd.DataFrame:
        """One row per recommendation: rank, name, score, components, unknowns."""
        import pandas as pd  # pandas only when a frame is asked for
        rows = []
        for r, row in zip(self._recs, self.rows(), strict=True):
            rows.append({"rank": r.rank, "name": r.name, "score": round(r.score, 4),
                         **{f"c_{k}": round(v, 4) for k, v in r.components.items()},
                         "capability": r.capability,
                         "parameters": row["params"], "tokens": row["tokens"],
                         "resolution": row["resolution"], "license": row["license"],
                         "unknown": row["unknown"], "similarity": r.similarity})
        columns = ["rank", "name", "score", "capability", "parameters", "tokens",
                   "resolution", "license", "unknown", "similarity"]
        return pd.DataFrame(rows, columns=None if rows else columns)

    def summary(self) -> str:
        """Plain text: the ranking, or what to relax when nothing fits."""
        lines = [self.note] if self.note else []
        for r in self._recs:
            unk = f"  unknown: {', '.join(r.unknown)}" if r.unknown else ""
            lines.append(f"{r.rank:>2}. {r.name:<20} {r.score:.3f}{unk}")
        if not self._recs:
            lines.append(self.no_fit)
        if self.relaxations:
            lines.append("To admit a model:")
            lines += [f"  - {x}" for x in self.relaxations]
        if self.rejected:
            lines.append(f"{len(self.rejected)} model(s) ruled out; ask why_not(name).")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"<Advice {self.names} ({len(self.rejected)} rejected)>"

    def _repr_html_(self) -> str:
        e = html.escape
        head = ("<tr><th>rank</th><th>name</th><th>score</th><th>checks</th>"
                "<th>unknown</th></tr>")
        body = []
        for r in self._recs:
            checks = "<br>".join(f"{e(c.requirement)}: {e(c.status)}"
                                 for c in r.checks) or "&mdash;"
            body.append(f"<tr><td>{r.rank}</td><td><b>{e(r.name)}</b></td>"
                        f"<td>{r.score:.3f}</td><td>{checks}</td>"
                        f"<td>{e(', '.join(r.unknown))}</td></tr>")
        out = f"<table>{head}{''.join(body)}</table>"
        if not self._recs:
            out = f"<p><b>{e(self.no_fit)}</b></p>"
        if self.relaxations:
            out += "<p>To admit a model:</p><ul>" + "".join(
                f"<li>{e(str(x))}</li>" for x in self.relaxations) + "</ul>"
        if self.rejected:
            out += f"<p>{len(self.rejected)} model(s) ruled out.</p>"
        return out
