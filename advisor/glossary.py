"""The seed's glossary as data, and lookup from a catalog value to its entries."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate

from .errors import AdvisorError, closest

__all__ = ["Entry", "entries", "lookup", "get", "category", "CATEGORIES"]

CATEGORIES = ("Model Type", "Architecture", "Vision Component", "Text Component",
              "Technique", "Training Objective", "Loss Function", "Task")


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
def _pattern(category: str | None) -> tuple[re.Pattern, dict[str, Entry]]:
    """One alternation of every name (longest first) of a category, or of all."""
    names: dict[str, Entry] = {}
    for e in entries():
        if category is None or e.category == category:
            for name in (e.term, *e.aliases):
                names.setdefault(name.casefold(), e)
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE), names


def lookup(text: str, category: str | None = None) -> list[Entry]:
    """The entries a catalog value names, in the order they appear in it.

    At each place the longest name wins, so ``Contrastive + CE`` is that one entry
    rather than Contrastive Learning plus Cross-Entropy.

    >>> [e.term for e in lookup("Dual Encoder + Decoder")]
    ['Dual Encoder']
    >>> [e.term for e in lookup("Captioning + VQA")]
    ['Captioning', 'VQA']
    """
    pattern, names = _pattern(category)
    out: dict[str, Entry] = {}
    for m in pattern.finditer(str(text)):
        e = names[m.group(0).casefold()]
        out.setdefault(e.term, e)
    return list(out.values())


def lookup_many(texts: Sequence[str], category: str | None = None
                ) -> list[tuple[Entry, ...]]:
    """``lookup`` of each text, in one regex scan over them all joined by newlines
    (no name holds one): a million distinct catalog values cost one pass, not a
    million calls."""
    pattern, names = _pattern(category)
    texts = [str(t) for t in texts]
    out: list[tuple[Entry, ...]] = [()] * len(texts)
    hits = [(m.start(), m.group(0)) for m in pattern.finditer("\n".join(texts))]
    if not hits:
        return out
    ends = list(accumulate(len(t) + 1 for t in texts))  # past each text's newline
    found: dict[int, dict[str, Entry]] = {}
    for start, name in hits:
        w = bisect_right(ends, start)
        e = names[name.casefold()]
        found.setdefault(w, {}).setdefault(e.term, e)
    for w, entries_ in found.items():
        out[w] = tuple(entries_.values())
    return out


def category(text: str) -> str | None:
    """The category a text names ('training objective' -> 'Training Objective'),
    so that every label an explanation prints can be looked up."""
    folded = str(text).strip().casefold()
    return next((c for c in CATEGORIES if c.casefold() == folded), None)


def get(term: str) -> Entry:
    """One entry by its term or an alias (case-insensitive), else the closest ones."""
    exact = _pattern(None)[1].get(str(term).strip().casefold())
    if exact is not None:
        return exact
    hits = lookup(term)
    if len(hits) == 1:
        return hits[0]
    names = [e.term for e in entries()]
    near = closest(term, names + [a for e in entries() for a in e.aliases])
    hint = ("did you mean " + " or ".join(repr(n) for n in near) + "?") if near else (
        "terms: " + ", ".join(names))
    raise AdvisorError(f"glossary: no entry {term!r}; {hint}")
