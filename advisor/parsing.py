"""Read the numbers people type ("~250M–500M", "~128k", "224×224+", "Variable").

Pure functions from one string to one :class:`Range`; the catalog loader applies them
once per distinct string. Every pattern here is a plain sequence without nested
repetition, and the text is capped in length before any pattern runs, so no input
can make matching slower than linear.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, NamedTuple

from .columns import NUMERIC

if TYPE_CHECKING:  # pragma: no cover
    from decimal import Decimal

__all__ = ["Range", "ParseError", "parse_count", "parse_resolution", "parse_license",
           "parse_date", "format_date", "parse_cell",
           "format_count", "format_range", "UNKNOWN_WORDS", "MAX_CELL", "unpadded",
           "FoldedJoin", "padded"]

MAX_CELL = 64  # longer than any number a person writes; refused before matching

UNKNOWN_WORDS = frozenset({"", "not disclosed", "undisclosed", "experimental",
                           "variable", "unknown", "n/a", "na", "none", "?", "-", "—"})

_UNITS = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}
_COUNT = re.compile(r"~?(\d+(?:\.\d+)?)([kmbt]?)(?:-~?(\d+(?:\.\d+)?)([kmbt]?))?(\+?)")
_SIDE = r"~?(\d+)(?:x(\d+))?"
_RESOLUTION = re.compile(rf"{_SIDE}(?:-{_SIDE})?(\+?)")


class ParseError(ValueError):
    """A string that is not a number of the expected kind (the loader adds where)."""


class Range(NamedTuple):
    """A closed interval in plain units; ``None`` where unknown or unbounded.

    >>> Range(5e8, None).is_open
    True
    """

    low: float | None
    high: float | None

    @property
    def known(self) -> bool:
        return self.low is not None or self.high is not None

    @property
    def is_open(self) -> bool:
        return self.low is not None and self.high is None

    @property
    def best(self) -> float | None:
        """The largest supported value: the high end, or the known start of an
        open-ended range ('224×224+')."""
        return self.high if self.high is not None else self.low

    @property
    def largest(self) -> float | None:
        return self.high

    @property
    def smallest(self) -> float | None:
        return self.low


def _plain(x: float | Decimal) -> float | int:
    return int(x) if x == int(x) else float(x)


def _scaled(number: str, unit: str) -> int | Decimal:
    if "." not in number:
        return int(number) * _UNITS[unit]
    from decimal import Decimal  # only for fractions; exact: "1.048576M" is 1048576
    return Decimal(number) * _UNITS[unit]


def _normalise(text: str, what: str) -> str:
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_CELL:
        raise ParseError(f"{len(text)} characters is too long for {what}")
    s = text.strip().casefold()
    for dash in ("–", "—", "−", "‐"):
        s = s.replace(dash, "-")
    s = s.replace("×", "x").replace("\u00a0", " ")
    s = re.sub(r"\s+to\s+", "-", s)
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)  # 1,048,576
    return re.sub(r"\s+", "", s)


def _match(text: str, what: str, pattern: re.Pattern, forms: str,
           drop: str | None = None) -> re.Match | None:
    """The pattern's match on the normalised text; None for an unknown word."""
    if isinstance(text, str) and text.strip().casefold() in UNKNOWN_WORDS:
        return None
    s = _normalise(text, what)
    if drop:
        s = re.sub(drop, "", s)
    if s in UNKNOWN_WORDS:
        return None
    m = pattern.fullmatch(s)
    if m is None:
        raise ParseError(f"cannot read {text!r} as {what}; expected forms like {forms}")
    return m


def parse_count(text: str, kind: str = "count") -> Range:
    """Parameters or tokens: ``~250M–500M``, ``~1.2B``, ``500M+``, ``~128k``, ``2048``.

    ``k`` is 1,000, ``M`` a million, ``B`` a billion; a unit written only after the
    second number of a range applies to both.

    >>> parse_count("~250M–500M")
    Range(low=250000000, high=500000000)
    >>> parse_count("~128k")
    Range(low=128000, high=128000)
    >>> parse_count("Not disclosed")
    Range(low=None, high=None)
    """
    m = _match(text, f"a {kind}", _COUNT, "'~1.2B', '~250M–500M', '500M+', '~128k', "
               "'2048' or 'Not disclosed'")
    if m is None:
        return Range(None, None)
    a, ua, b, ub, plus = m.groups()
    low = _scaled(a, ua or ub or "")
    return _bounds(text, f"a {kind}", low, None if b is None else _scaled(b, ub), plus)


def _bounds(text, what, low, high, plus) -> Range:
    """A single value (closed, or open with '+') or a low-high range."""
    if high is None:
        return Range(_plain(low), None if plus else _plain(low))
    if plus:
        raise ParseError(f"cannot read {text!r} as {what}: a range cannot also be "
                         "open-ended ('+')")
    if low > high:
        raise ParseError(f"cannot read {text!r} as {what}: the low end is above "
                         "the high end")
    return Range(_plain(low), _plain(high))


def parse_resolution(text: str) -> Range:
    """Pixels on a side: ``224×224``, ``224×224+``, ``224–336px``, ``Variable``.

    For ``W×H`` the longer side counts.

    >>> parse_resolution("224–336px")
    Range(low=224, high=336)
    >>> parse_resolution("224×224+")
    Range(low=224, high=None)
    """
    m = _match(text, "an image resolution", _RESOLUTION, "'224×224', '224×224+', "
               "'224–336px', '336' or 'Variable'", drop=r"pixels?|px")
    if m is None:
        return Range(None, None)
    w1, h1, w2, h2, plus = m.groups()
    low = max(int(w1), int(h1 or 0))
    high = None if w2 is None else max(int(w2), int(h2 or 0))
    return _bounds(text, "an image resolution", low, high, plus)


_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def parse_cell(column: str, text: str) -> Range:
    """One cell of a numeric column read as a Range (ParseError if it cannot be)."""
    if NUMERIC[column].number == "resolution":
        return parse_resolution(text)
    return parse_count(text, column.replace("_", " "))


def parse_price(text: str) -> float | None:
    """A price in USD ('1.25', '0'); empty or an unknown word -> None.

    >>> parse_price("1.25")
    1.25
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    s = text.strip().removeprefix("$").strip()
    if s.casefold() in UNKNOWN_WORDS:
        return None
    try:
        value = float(s)
    except ValueError:
        raise ParseError(f"cannot read {text[:40]!r} as a price in USD; expected a "
                         "number such as '1.25'") from None
    if not math.isfinite(value) or value < 0:
        raise ParseError(f"{text[:40]!r} is not a price: it must be 0 or more")
    return value


def parse_date(text: str) -> int | None:
    """'2024-09-25' or '2024-09' (its first day) -> days since 0001-01-01; empty or
    an unknown word -> None.

    >>> from datetime import date
    >>> date.fromordinal(parse_date("2024-09"))
    datetime.date(2024, 9, 1)
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_CELL:
        raise ParseError(f"{len(text)} characters is too long for a date")
    s = text.strip()
    if s.casefold() in UNKNOWN_WORDS:
        return None
    m = _DATE.fullmatch(s)
    if m is None:
        raise ParseError(f"cannot read {text!r} as a date; expected forms like "
                         "'2024-09-25' or '2024-09'")
    from datetime import date  # only when a date is read
    try:
        return date(int(m[1]), int(m[2]), int(m[3] or 1)).toordinal()
    except ValueError as e:
        raise ParseError(f"cannot read {text!r} as a date: {e}") from None


def is_date(text: str) -> bool:
    """Whether ``text`` is a real date in the form ``parse_date`` reads
    ('2026-02-17' or '2026-02'; not '2026-13', not an unknown word)."""
    try:
        return parse_date(text) is not None
    except ParseError:
        return False


def format_date(days: float | None, text: str = "") -> str:
    """Days since 0001-01-01 as 'YYYY-MM-DD', or as 'YYYY-MM' when ``text`` (the
    cell it was read from) gave only the month."""
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return "unknown"
    from datetime import date  # only when a date is written
    d = date.fromordinal(int(days))
    return d.strftime("%Y-%m") if len(text.strip()) == 7 else d.isoformat()


def parse_license(text: str) -> bool | None:
    """``Salesforce (open)`` -> True, ``Google (closed)`` -> False, empty -> None."""
    s = str(text).strip().casefold()
    if s in ("", "unknown"):
        return None
    if s.endswith("(open)") or s == "open":
        return True
    if s.endswith("(closed)") or s in ("closed", "proprietary"):
        return False
    raise ParseError(f"cannot read {text!r} as a license: it must end with '(open)' "
                     "or '(closed)', as in 'Salesforce (open)'")


def format_count(x: float | None) -> str:
    """1.25e8 -> '125M', 128000 -> '128k', 2048 -> '2048', in the catalog's style."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "?"
    for unit, size in (("T", 10**12), ("B", 10**9), ("M", 10**6), ("k", 10**3)):
        if x >= size and (unit != "k" or x >= 10**4):
            return f"{x / size:.3g}{unit}"
    return f"{_plain(x)}"


def _unit_of(x: float) -> tuple[str, int]:
    for unit, size in (("T", 10**12), ("B", 10**9), ("M", 10**6), ("k", 10**3)):
        if x >= size:
            return unit, size
    return "", 1


def format_range(r: Range, kind: str = "count") -> str:
    """Text that parses back to the same Range: '250M–500M', '500M+', '224–336px'.

    Both ends of a count range are written in the unit of the high end, since a
    unit written once applies to both ('1–2k' is 1,000–2,000).
    """
    if r.low is None and r.high is None:
        return "unknown"
    if kind == "resolution":
        def fmt(v):
            return str(_plain(v))
        unit = "px"
    else:
        suffix, size = _unit_of(max(r.low, r.high or 0))

        from decimal import Decimal  # only when a range is written back

        def fmt(v):
            value = Decimal(repr(float(v))) / size
            return format(value.normalize(), "f") + suffix
        unit = ""
    if r.high is None:
        return f"{fmt(r.low)}+{unit}" if not unit else f"{fmt(r.low)}{unit}+"
    if r.low == r.high:
        return f"{fmt(r.low)}{unit}"
    return f"{fmt(r.low)}–{fmt(r.high)}{unit}"


def unpadded(values: list, *, empty: bool = True, without: str = "") -> bool:
    """Whether every value is a string with no whitespace at either end (with
    ``empty=False`` none empty, and none holding a character of ``without``): a
    join of them all for the characters, one pass over their ends (``padded``).
    Cheaper than stripping and re-hashing a million values that need none of it."""
    try:
        joined = "\0".join(values)
    except TypeError:  # a value that is not a string
        return False
    if any(c in joined for c in without) or (not empty and not all(values)):
        return False
    return not len(padded(values, joined))


def padded(values: list[str], joined: str | None = None) -> list[int]:
    """The places of the values with whitespace at either end. ASCII values
    (nearly all) are read from one array of the bytes around the separators of
    their join (``joined``: "\\0".join(values), if already made); a NUL inside a
    value only adds places to check one by one."""
    import numpy as np  # only for bulk checks (the CLI's start-up reads this)
    if joined is None:
        joined = "\0".join(values)
    text = np.frombuffer(joined.encode("ascii"), np.uint8) if joined.isascii() \
        else None
    seps = np.flatnonzero(text == 0) if text is not None else None
    if text is None or len(seps) != max(len(values) - 1, 0):
        # non-ASCII, or a value holding a NUL: each value on its own
        return [k for k, v in enumerate(values) if v[:1].isspace() or v[-1:].isspace()]
    if not len(text):
        return []
    space = np.asarray(_ASCII_SPACE)
    starts, ends = np.r_[0, seps + 1], np.r_[seps, len(text)]  # [start, end) each
    nonempty = ends > starts
    first = space[text[np.minimum(starts, len(text) - 1)]]
    last = space[text[np.maximum(ends - 1, 0)]]
    return np.flatnonzero(nonempty & (first | last)).tolist()


# the ASCII characters str.isspace calls whitespace
_ASCII_SPACE = [chr(c).isspace() for c in range(128)]


class FoldedJoin:
    """Many texts casefolded and joined by newlines, to scan with one regex
    (``scan``). ASCII text (nearly every catalog value) is folded whole, as its
    lengths do not change; a newline inside a text becomes a carriage return (no
    pattern here names either), so the newlines count the texts."""

    def __init__(self, texts) -> None:
        try:
            joined = "\n".join(texts)
        except TypeError:  # a value that is not a string
            texts = [str(t) for t in texts]
            joined = "\n".join(texts)
        self.n = len(texts)
        if joined.count("\n") > max(self.n - 1, 0):  # a text holding a newline
            texts = [t.replace("\n", "\r") for t in texts]
            joined = "\n".join(texts)
        if joined.isascii():
            self.text = joined.lower()
        else:
            self.text = "\n".join(t.casefold() for t in texts)

    def scan(self, pattern: str):
        """Every match of ``pattern`` (a regex with no capturing group that never
        matches a newline), in reading order: the text each is in, and what it
        matched as codes into the distinct matched strings. One ``findall`` with
        the newlines as an alternative: counting them places each match, with no
        match object or position per hit (half the cost over a million texts)."""
        import numpy as np  # only for bulk scans (the CLI's start-up reads this)
        import pandas as pd  # as numpy
        hits = re.compile("\n|" + pattern).findall(self.text)
        codes, found = pd.factorize(np.asarray(hits, dtype=object))
        found = found.tolist()
        newline = codes == (found.index("\n") if "\n" in found else -2)
        return np.cumsum(newline)[~newline], codes[~newline], found
