"""What ``advise`` returns: an ``Advice`` that carries every check, score component,
rejection reason and relaxation, and prints well in a terminal and in Jupyter."""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .catalog import Catalog
    from .requirements import Requirements

__all__ = ["Check", "Recommendation", "Relaxation", "Advice", "CRITIQUES"]

CRITIQUES = ("smaller", "longer-context", "higher-resolution", "open", "commercial")


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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

    def __str__(self) -> str:
        kept = f"with {', '.join(self.kept)} kept, " if self.kept else ""
        if self.change is not None:
            from .parsing import format_count
            value = (f"{self.change:g}" if self.drop[0] in ("gpu_memory_gb",
                                                            "min_image_resolution")
                     else format_count(self.change) if self.drop[0] == "max_params"
                     else f"{int(self.change)}")
            return (f"{kept}{self.drop[0]} {value} admits "
                    f"{', '.join(self.change_admits)}")
        return (f"drop {' + '.join(self.drop)}: {kept}admits "
                f"{_names(self.admits)}")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "text": str(self)}


def _names(names: Sequence[str], most: int = 6) -> str:
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most} more"


class _Rejected(Mapping):
    """name -> unmet checks, for the rows of a mask; the words are built on access
    (a large catalog rejects many models and a person reads about few)."""

    def __init__(self, catalog, mask, build):
        self._catalog = catalog
        self._mask = mask
        self._build = build

    def __getitem__(self, name: str) -> list[Check]:
        i = self._catalog._pos.get(name.casefold()) if isinstance(name, str) else None
        if i is None or not self._mask[i]:
            raise KeyError(name)
        return self._build(i)

    def __iter__(self) -> Iterator[str]:
        strings = self._catalog.index.strings["name"]
        return (strings[i] for i in np.flatnonzero(self._mask).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self._mask))

    def __repr__(self) -> str:
        return f"<rejected: {len(self)} models>"


class Advice(Sequence):
    """Ranked recommendations, best first, with everything behind them.

    Attributes
    ----------
    requirements : Requirements
    catalog : Catalog
    rejected : Mapping[str, list[Check]]
        Every model left out by an unmet hard requirement -> its unmet checks.
    relaxations : list[Relaxation]
        When no model meets every hard requirement: the minimal sets of keys to drop.
    fully_met : tuple[str, ...]
        Every model whose hard checks are all met, in catalog order.
    """

    def __init__(self, recommendations: list[Recommendation], *, requirements,
                 catalog, rejected: Mapping[str, list[Check]],
                 relaxations: list[Relaxation], fully_met, explain_rank):
        self._recs = list(recommendations)
        self.requirements: Requirements = requirements
        self.catalog: Catalog = catalog
        self.rejected = rejected
        self.relaxations = relaxations
        self._fully_met = fully_met
        self._explain_rank = explain_rank

    @property
    def fully_met(self) -> tuple[str, ...]:
        """Every model whose hard checks are all met, in catalog order."""
        mask = self._fully_met
        if not isinstance(mask, tuple):
            strings = self.catalog.index.strings["name"]
            self._fully_met = tuple(strings[i] for i in np.flatnonzero(mask).tolist())
        return self._fully_met

    # -- sequence --------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._recs)

    def __getitem__(self, i):
        return self._recs[i]

    def __iter__(self) -> Iterator[Recommendation]:
        return iter(self._recs)

    @property
    def names(self) -> list[str]:
        return [r.name for r in self._recs]

    # -- questions -------------------------------------------------------------
    def why_not(self, name: str) -> str:
        """Why ``name`` is not (or is) among the recommendations, in a sentence."""
        name = self.catalog.resolve(name)
        for r in self._recs:
            if r.name == name:
                return f"{name} is recommended at rank {r.rank} (score {r.score:.2f})."
        if name == self.requirements.similar_to:
            return (f"{name} is the model you asked for models similar to, so it is "
                    "not suggested itself.")
        if name in self.rejected:
            checks = self.rejected[name]
            reasons = "; ".join(f"{c.requirement} ({c.detail})" for c in checks)
            return f"{name} is ruled out by {reasons}."
        return self._explain_rank(name)

    def critique(self, name: str, direction: str) -> Advice:
        """"Like this one, but ...": the same requirements, ``similar_to=name`` and one
        bound tightened relative to that model."""
        from .engine import advise, critique_requirements
        new = critique_requirements(self.requirements, self.catalog, name, direction)
        return advise(new, catalog=self.catalog)

    # -- exports ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; ``catalog.content_hash`` lets a result be reproduced."""
        return {
            "requirements": self.requirements.to_dict(),
            "catalog": {"source": self.catalog.source, "models": len(self.catalog),
                        "content_hash": self.catalog.content_hash},
            "recommendations": [r.to_dict() for r in self._recs],
            "rejected": {n: [asdict(c) for c in self.rejected[n]]
                         for n in self.rejected},
            "relaxations": [r.to_dict() for r in self.relaxations],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per recommendation: rank, name, score, components, unknowns."""
        import pandas as pd
        rows = []
        for r in self._recs:
            m = self.catalog[r.name]
            rows.append({"rank": r.rank, "name": r.name, "score": round(r.score, 4),
                         **{f"c_{k}": round(v, 4) for k, v in r.components.items()},
                         "parameters": m.raw["parameter_count"],
                         "tokens": m.raw["token_limit"],
                         "resolution": m.raw["image_resolution"],
                         "license": m.raw["license"],
                         "unknown": ", ".join(r.unknown),
                         "similarity": r.similarity})
        columns = ["rank", "name", "score", "parameters", "tokens", "resolution",
                   "license", "unknown", "similarity"]
        return pd.DataFrame(rows, columns=None if rows else columns)

    def summary(self) -> str:
        """Plain text: the ranking, or what to relax when nothing fits."""
        lines = []
        if self._recs:
            for r in self._recs:
                unk = f"  unknown: {', '.join(r.unknown)}" if r.unknown else ""
                lines.append(f"{r.rank:>2}. {r.name:<20} {r.score:.3f}{unk}")
        else:
            lines.append("No model meets every requirement.")
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
            out = "<p><b>No model meets every requirement.</b></p>"
        if self.relaxations:
            out += "<p>To admit a model:</p><ul>" + "".join(
                f"<li>{e(str(x))}</li>" for x in self.relaxations) + "</ul>"
        if self.rejected:
            out += f"<p>{len(self.rejected)} model(s) ruled out.</p>"
        return out
