"""What a catalog maintainer should check next: unknowns, sources, caveats, terms."""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog
from .columns import NUMERIC

__all__ = ["AuditRow", "audit"]


@dataclass(frozen=True)
class AuditRow:
    name: str
    origin: str
    unknown: tuple[str, ...]     # columns whose value is unknown or empty
    source: str                  # "" when missing
    caveats: tuple[str, ...]
    commercial_use: str          # flagged when restricted or unknown

    @property
    def needs_attention(self) -> bool:
        return bool(self.unknown or not self.source or self.caveats or
                    self.commercial_use in ("restricted", "unknown"))


def audit(catalog: Catalog) -> list[AuditRow]:
    """One row per model that needs a look, in catalog order."""
    rows = []
    for m in catalog:
        unknown = [c for c in NUMERIC if not getattr(m, c).known]
        unknown += [f"{c} (upper end)" for c in NUMERIC
                    if getattr(m, c).is_open]
        if m.open_license is None:
            unknown.append("license")
        for column in ("commercial_use", "open_weights"):
            if getattr(m, column) == "unknown":
                unknown.append(column)
        for column in ("tasks", "modalities", "training_objective", "loss_function"):
            if not m.raw.get(column):
                unknown.append(column)
        row = AuditRow(m.name, m.raw.get("origin", ""),
                       tuple(dict.fromkeys(unknown)),
                       m.raw.get("source", ""), m.caveats, m.commercial_use)
        if row.needs_attention:
            rows.append(row)
    return rows
