"""The seed's glossary as data, and lookup from a catalog value to its entries."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import AdvisorError, closest

__all__ = ["Entry", "entries", "lookup", "get", "CATEGORIES"]

CATEGORIES = ("Model Type", "Architecture", "Vision Component", "Training Objective",
              "Loss Function")


@dataclass(frozen=True)
class Entry:
    term: str
    category: str
    definition: str
    aliases: tuple[str, ...] = ()
    source: str = ""
    origin: str = "seed"

    def __str__(self) -> str:
        return f"{self.term}: {self.definition}"


@cache
def entries() -> tuple[Entry, ...]:
    """Every glossary entry, in the seed's order."""
    raw = json.loads(resources.files("advisor").joinpath("glossary.json").read_text(
        encoding="utf-8"))
    return tuple(Entry(**{**e, "aliases": tuple(e.get("aliases", ()))})
                 for e in raw["entries"])


@cache
def _patterns() -> tuple[tuple[re.Pattern, Entry], ...]:
    out = []
    for e in entries():
        for name in (e.term, *e.aliases):
            out.append((re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])",
                                   re.IGNORECASE), e))
    return tuple(out)


def lookup(text: str, category: str | None = None) -> list[Entry]:
    """The entries a catalog value names, in the order they appear in it.

    The longest name wins where names overlap, so ``Contrastive + CE`` is that one
    entry rather than Contrastive Learning plus Cross-Entropy.

    >>> [e.term for e in lookup("Dual Encoder + Decoder")]
    ['Dual Encoder']
    >>> [e.term for e in lookup("Captioning + VQA")]
    ['Captioning', 'VQA']
    """
    text = str(text)
    spans = []
    for pattern, entry in _patterns():
        if category and entry.category != category:
            continue
        for m in pattern.finditer(text):
            spans.append((m.start(), m.end(), entry))
    spans.sort(key=lambda s: (s[0] - s[1], s[0]))  # longest first
    taken: list[tuple[int, int, Entry]] = []
    for start, end, entry in spans:
        if not any(start >= a and end <= b for a, b, _ in taken):
            taken.append((start, end, entry))
    seen, out = set(), []
    for _, _, entry in sorted(taken, key=lambda s: s[0]):
        if entry.term not in seen:
            seen.add(entry.term)
            out.append(entry)
    return out


def get(term: str) -> Entry:
    """One entry by its term or an alias (case-insensitive), else the closest ones."""
    folded = str(term).strip().casefold()
    for e in entries():
        if folded in (n.casefold() for n in (e.term, *e.aliases)):
            return e
    hits = lookup(term)
    if len(hits) == 1:
        return hits[0]
    names = [e.term for e in entries()]
    near = closest(term, names + [a for e in entries() for a in e.aliases])
    hint = ("did you mean " + " or ".join(repr(n) for n in near) + "?") if near else (
        "terms: " + ", ".join(names))
    raise AdvisorError(f"glossary: no entry {term!r}; {hint}")
