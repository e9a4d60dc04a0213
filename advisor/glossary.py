"""The seed's glossary as data, and lookup from a catalog value to its entries."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain
from typing import Any

from .errors import AdvisorError, closest, did_you_mean, printable
from .parsing import FoldedJoin

__all__ = ["Entry", "entries", "lookup", "lookup_many", "label_codes",
           "get", "category", "CATEGORIES"]

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
    """One alternation of every casefolded name (longest first) of a category, or
    of all, for casefolded text: matching exactly is faster than IGNORECASE, and a
    text is read the same way alone (``lookup``) and in bulk (``_combos``)."""
    names: dict[str, Entry] = {}
    for e in entries():
        if category is None or e.category == category:
            for name in (e.term, *e.aliases):
                names.setdefault(name.casefold(), e)
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), names


def lookup(text: str, category: str | None = None) -> list[Entry]:
    """The entries a catalog value names, in the order they appear in it.

    At each place the longest name wins, so ``Contrastive + CE`` is that one entry
    rather than Contrastive Learning plus Cross-Entropy.

    >>> [e.term for e in lookup("Dual Encoder + Decoder")]
    ['Dual Encoder']
    >>> [e.term for e in lookup("Captioning + VQA")]
    ['Captioning', 'VQA']
    """
    if category is not None and category not in CATEGORIES:
        raise AdvisorError(f"category: unknown value {printable(repr(category))[:60]}; "
                           + did_you_mean(str(category), list(CATEGORIES)))
    pattern, names = _pattern(category)
    out: dict[str, Entry] = {}
    for m in pattern.finditer(str(text).casefold()):
        e = names[m.group(0)]
        out.setdefault(e.term, e)
    return list(out.values())


def _combos(texts: Sequence[str], category: str | None
            ) -> tuple[list[tuple[Entry, ...]], Any]:
    """The distinct ``lookup`` answers among ``texts`` and, per text, the index of
    its answer: one regex scan over all the casefolded texts joined by newlines
    (no name holds one), the hits placed and deduplicated with numpy, each text's
    entries coded as one integer (a digit per entry, in order). A million distinct
    catalog values cost one pass, not a million calls."""
    import numpy as np  # only for bulk lookups (the CLI's start-up reads this module)
    if isinstance(texts, str | bytes) or not isinstance(texts, Sequence) or not all(
            isinstance(t, str) for t in texts):
        raise AdvisorError(f"texts: {printable(repr(texts))[:60]} is not a list of "
                           "strings (lookup takes one string)")
    if category is not None and category not in CATEGORIES:
        raise AdvisorError(f"category: unknown value {printable(repr(category))[:60]}; "
                           + did_you_mean(str(category), list(CATEGORIES)))
    folded = FoldedJoin(texts)
    n = folded.n
    names = _pattern(category)[1]
    where, hit, matched = _hits(folded, category)
    if not len(where):
        return [()], np.zeros(n, np.int64)
    listed: list[Entry] = []         # the entries found, numbered from 1
    number: dict[str, int] = {}      # an entry's term -> its number
    for name in sorted({matched[k] for k in np.unique(hit).tolist()}):
        e = names[name]
        if e.term not in number:
            listed.append(e)
            number[e.term] = len(listed)
    ids = np.asarray([number.get(names[m].term, 0) if m in names else 0
                      for m in matched], np.int64)[hit]
    base = len(listed) + 1
    _, first = np.unique(where * base + ids, return_index=True)
    first.sort()                     # each entry once per text, in reading order
    where, ids = where[first], ids[first]
    opens = np.r_[0, np.flatnonzero(np.diff(where)) + 1]
    place = np.arange(len(where)) - np.repeat(opens, np.diff(np.r_[opens, len(where)]))
    most = int(place.max()) + 1
    if base ** most >= 2 ** 62:      # too many entries in one text for an int64 code
        return _one_by_one(texts, category)
    codes = np.zeros(n, np.int64)    # a text's hits are together: one sum each
    codes[where[opens]] = np.add.reduceat(ids * base ** place, opens)
    distinct, inverse = np.unique(codes, return_inverse=True)
    combos = []
    for code in distinct.tolist():
        digits = []
        while code:
            code, d = divmod(code, base)
            digits.append(listed[d - 1])
        combos.append(tuple(digits))
    return combos, inverse.reshape(-1)


def _hits(folded: FoldedJoin, category: str | None) -> tuple[Any, Any, list[str]]:
    """What ``_pattern`` finds in the texts of ``folded``, as ``FoldedJoin.scan``
    gives it: the text each name found is in, and which name, as codes into a list.

    One native pass: an Aho-Corasick automaton of the names (pyahocorasick) gives
    the leftmost-longest occurrences, and numpy checks that each is bounded as the
    pattern asks (no word character or '-' on either side). While every occurrence
    is, the two readings agree; a text with an occurrence inside a word ("ce" in
    "face"), where the pattern may find a shorter name or none, is read again with
    the pattern."""
    import numpy as np  # as in _combos
    pattern = _pattern(category)[0]
    automaton, listed, lengths, word = _automaton(category)
    chars = _code_points(folded.text)
    if chars is None:  # not encodable one character to a number (a lone surrogate)
        return folded.scan(pattern.pattern)
    flat = np.fromiter(chain.from_iterable(automaton.iter_long(folded.text)), np.int64)
    ends, hit = flat[0::2], flat[1::2]
    starts = ends - lengths[hit] + 1
    newline = np.array([10], chars.dtype)
    edged = np.concatenate([newline, chars, newline])  # a newline before and after
    bounded = ~_word(edged[starts], word) & ~_word(edged[ends + 2], word)
    newlines = np.flatnonzero(chars == 10)
    where = np.searchsorted(newlines, starts)
    if not bounded.all():
        again = np.unique(where[~bounded])
        keep = ~np.isin(where, again)
        edges = np.r_[-1, newlines, len(chars)]
        index = {name: k for k, name in enumerate(listed)}
        found = [(o, index[m.group(0)]) for o in again.tolist()
                 for m in pattern.finditer(folded.text, edges[o] + 1, edges[o + 1])]
        extra = np.asarray(found, np.int64).reshape(-1, 2)
        where = np.r_[where[keep], extra[:, 0]]
        hit = np.r_[hit[keep], extra[:, 1]]
        order = np.argsort(where, kind="stable")  # each text's names in order
        where, hit = where[order], hit[order]
    return where, hit, listed


def _code_points(text: str):
    """Each character of ``text`` as a number (bytes for ASCII text), or None."""
    import numpy as np  # as in _combos
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), np.uint8)
    try:
        return np.frombuffer(text.encode("utf-32-le"), np.uint32)
    except UnicodeEncodeError:
        return None


def _word(chars, ascii_word):
    """Whether each code point is a word character or '-' (what the pattern's
    bounds refuse): a table for ASCII, ``re`` once per other distinct character."""
    import numpy as np  # as in _combos
    if chars.dtype == np.uint8:  # ASCII text
        return ascii_word[chars]
    out = np.zeros(len(chars), bool)
    small = chars < 128
    out[small] = ascii_word[chars[small]]
    if not small.all():
        other, at = np.unique(chars[~small], return_inverse=True)
        out[~small] = np.asarray([_touches(chr(c)) for c in other.tolist()]
                                 )[at.reshape(-1)]
    return out


def _touches(ch: str) -> bool:
    """Whether a name beside ``ch`` is inside a word: the pattern's bounds."""
    return re.fullmatch(r"[\w-]", ch) is not None


@cache
def _automaton(category: str | None):
    """The names of ``_pattern`` in an Aho-Corasick automaton, each valued by its
    place in the list returned, their lengths, and which ASCII characters a name may
    not touch (word characters and '-')."""
    import ahocorasick  # only for bulk lookups (not at the CLI's start-up)
    import numpy as np  # as ahocorasick
    listed = list(_pattern(category)[1])
    automaton = ahocorasick.Automaton()
    for k, name in enumerate(listed):
        automaton.add_word(name, k)
    automaton.make_automaton()
    lengths = np.fromiter(map(len, listed), np.int64, len(listed))
    word = np.asarray([_touches(chr(b)) for b in range(128)])
    return automaton, listed, lengths, word


def _one_by_one(texts: Sequence[str], category: str | None
                ) -> tuple[list[tuple[Entry, ...]], Any]:
    import numpy as np  # as in _combos
    combos = [tuple(lookup(t, category)) for t in texts]
    return combos, np.arange(len(combos))


def lookup_many(texts: Sequence[str], category: str | None = None
                ) -> list[tuple[Entry, ...]]:
    """``lookup`` of each text, in bulk (``_combos``)."""
    combos, which = _combos(texts, category)
    return [combos[i] for i in which.tolist()]


def label_codes(texts: Sequence[str], category: str | None = None
                ) -> tuple[Any, list[str]]:
    """For distinct ``texts``: each one's label, as codes into distinct labels.
    A text's label is its entries' terms joined by '; ', or the text itself when
    it names none (such a text never equals a joined label: it would name those
    entries). Worked out per distinct answer, with numpy for the rest."""
    import numpy as np  # as in _combos
    combos, which = _combos(texts, category)
    joined = ["; ".join(e.term for e in c) for c in combos]
    named = [k for k, j in enumerate(joined) if j]
    renumber = np.full(len(combos), -1, np.int64)
    renumber[named] = np.arange(len(named))
    codes = renumber[which]
    raw = np.flatnonzero(codes < 0)      # the texts that name no entry
    codes[raw] = len(named) + np.arange(len(raw))
    return codes, [joined[k] for k in named] + [texts[i] for i in raw.tolist()]


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
