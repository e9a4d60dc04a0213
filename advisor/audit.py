"""What a catalog maintainer should fix next: the gaps that change answers most.

A gap matters when it makes a model "unknown" for a requirement people ask for: an
undisclosed parameter count leaves max_params, min_params and the GPU memory check
unknown, an unread licence leaves commercial_use unknown. Each model's gaps are
found by probing every hard requirement of the registry (``rules``) with a value no
model reaches, so that only an unknown value (never a known one) comes out unknown;
models are listed by how many requirements their gaps leave unknown, most first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from . import rules
from .catalog import Catalog
from .parsing import format_date
from .requirements import SPECS, Requirements

__all__ = ["AuditRow", "audit", "PROBES", "Freshness", "freshness", "STALE_MONTHS"]

STALE_MONTHS = 3  # a catalog older than this misses the models people ask about

# a need per kind of test that no known value meets, so UNKNOWN marks a gap
PROBES = {"at least": 1e15, "at most": 1e-9, "yes": True, "all of": ("captioning",)}


@dataclass(frozen=True)
class AuditRow:
    name: str
    origin: str
    blocks: tuple[str, ...]      # requirement keys its gaps leave unknown
    unknown: tuple[str, ...]     # the columns behind them (and release_date)
    source: str                  # "" when missing
    caveats: tuple[str, ...]
    commercial_use: str          # flagged when restricted or unknown

    @property
    def impact(self) -> int:
        """How many requirements come out unknown for this model (and 1 for an
        unknown release date, which the ranking falls back on)."""
        return len(self.blocks) + ("release_date" in self.unknown)

    @property
    def needs_attention(self) -> bool:
        return bool(self.impact or not self.source)


def _gaps(catalog: Catalog) -> dict[str, np.ndarray]:
    """key -> bool per model: the model's value for that requirement is unknown."""
    probes = {k: PROBES[s.rule.test] for k, s in SPECS.items()
              if s.hard and s.rule.test in PROBES}
    status = rules.evaluate(catalog, probes, Requirements())
    api_only = catalog.index.codes_of("open_weights", rules.vocab.OpenWeights) == int(
        rules.vocab.OpenWeights.NO)
    out = {k: st == rules.UNKNOWN for k, st in status.items()}
    out["gpu_memory_gb"] &= ~api_only  # nothing to fit on a GPU: not a gap
    return out


def audit(catalog: Catalog) -> list[AuditRow]:
    """The models with a gap or no source, the most requirements unknown first."""
    gaps = _gaps(catalog)
    undated = np.isnan(catalog.index.num["release_date"])
    rows = []
    for i, m in enumerate(catalog):
        blocks = tuple(k for k, g in gaps.items() if g[i])
        columns = [k if k == "commercial_use" else SPECS[k].rule.column
                   for k in blocks]
        unknown = tuple(dict.fromkeys([*columns, *(["release_date"] if undated[i]
                                                   else [])]))
        row = AuditRow(m.name, m.raw.get("origin", ""), blocks, unknown,
                       m.raw.get("source", ""), m.caveats, m.commercial_use)
        if row.needs_attention:
            rows.append(row)
    return sorted(rows, key=lambda r: (-r.impact, r.name.casefold()))


@dataclass(frozen=True)
class Freshness:
    """How current a catalog is: the latest as-of date of its rows, its newest
    release, how many rows of each origin and lifecycle status it has, and how
    many whole months the as-of date lies before ``today``."""

    as_of: str
    newest: tuple[str, str]          # (model, its release date as written)
    origins: dict[str, int]
    statuses: dict[str, int]
    months_old: int | None

    @property
    def stale(self) -> bool:
        return self.months_old is not None and self.months_old > STALE_MONTHS

    def to_dict(self) -> dict:
        return {"as_of": self.as_of, "newest_release": {
            "model": self.newest[0], "date": self.newest[1]},
            "origins": self.origins, "statuses": self.statuses,
            "months_old": self.months_old, "stale": self.stale,
            "stale_after_months": STALE_MONTHS}


def freshness(catalog: Catalog, today: date | None = None) -> Freshness:
    """The catalog's ``Freshness`` on ``today`` (the machine's date by default)."""
    today = today or date.today()
    ix = catalog.index
    as_of = max((u for u in ix.strings["as_of"].uniques if u.strip()), default="")
    days = ix.num["release_date"]
    newest = ("", "unknown")
    if (~np.isnan(days)).any():
        i = int(np.nanargmax(days))
        newest = (catalog.names[i], format_date(float(days[i])))
    kinds = ("current", "superseded", "deprecated", "retired")
    life = np.bincount(ix.lifecycle, minlength=len(kinds))
    origins = ix.strings["origin"]
    counts = np.bincount(origins.codes, minlength=len(origins.uniques))
    months = None
    if len(as_of) >= 7 and as_of[:4].isdigit() and as_of[5:7].isdigit():
        months = (today.year - int(as_of[:4])) * 12 + today.month - int(as_of[5:7])
    return Freshness(as_of or "unknown", newest,
                     {u or "not stated": int(c) for u, c in zip(
                         origins.uniques, counts, strict=True) if c},
                     {k: int(n) for k, n in zip(kinds, life, strict=True) if n},
                     months)
