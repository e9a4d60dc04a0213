"""The one user-facing exception type, the closest-match helper its messages use,
and how files are read: the bundled data files and bounded reads of a user's."""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import stat
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

__all__ = ["AdvisorError", "AdvisorWarning", "closest", "did_you_mean", "printable",
           "CONTROL", "read_file", "bundled_file", "cell_error", "check_url", "utf8",
           "not_utf8", "CsvRows", "within_limits", "MOST_DEPTH", "MOST_VALUES",
           "MOST_STRING"]

# C0 and C1 control characters, DEL: what a file must never send to a terminal
# (ESC starts colour, cursor and hyperlink sequences); tab and newline are layout.
# And the bidirectional controls (marks, embeddings, overrides, isolates), which
# reorder what a terminal shows: a name must read as it is stored
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f"
                     r"\u202a-\u202e\u2066-\u2069]")


def bundled_file(name: str) -> Path:
    """A data file shipped in the wheel (catalog.csv, facts.csv, evidence.csv), or
    the checkout's root file of that name when run from it."""
    packaged = resources.files("advisor").joinpath(name)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name


def cell_error(label: str, row: int, column: str, reason: str) -> AdvisorError:
    """An error in one cell of a data file, naming the file, row and column."""
    return AdvisorError(f"{label}: row {row}, column {column!r}: {reason}")


def check_url(text: str, label: str, row: int, column: str = "source") -> None:
    """Refuse a cell that should hold a source's web address but does not."""
    if not text.startswith(("https://", "http://")):
        raise cell_error(label, row, column, f"{text[:80]!r} is not a URL")


def not_utf8(data: bytes, label: str, advice: str = "") -> AdvisorError:
    """The error for bytes that are not UTF-8: the file, the line and the offset
    in the file (from 0) of the first byte that is not (a decoder reading in
    chunks reports an offset into its chunk)."""
    try:
        data.decode("utf-8")
        at = len(data)  # pragma: no cover - called only for bytes that fail
    except UnicodeDecodeError as e:
        at = e.start
    line = data.count(b"\n", 0, at) + 1
    return AdvisorError(f"{label}: not UTF-8 text (line {line}, byte {at:,} of the "
                        f"file){advice}")


def utf8(data: bytes, label: str) -> str:
    """A data file's bytes as text (a leading BOM dropped), or an AdvisorError
    naming the file and the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise not_utf8(data, label) from None


# what one feed file (or one TOML of a tree) may hold, past its size in bytes:
# more is refused with the limit named, before any entry is read
MOST_DEPTH = 16           # LiteLLM's map is 3 deep, a models.dev TOML 3, MMMU's 4
MOST_VALUES = 1_000_000   # LiteLLM's real map holds about 90,000
MOST_STRING = 64 << 10    # characters of one string or key (a note is < 2,000)


def within_limits(parsed: object, label: str) -> object:
    """``parsed`` (a JSON or TOML document), or an AdvisorError naming the file,
    where in it (the keys down to the value) and the limit: nesting deeper than
    MOST_DEPTH, more than MOST_VALUES values, a string or key longer than
    MOST_STRING. One pass without recursion, linear in the values."""
    def where(at: tuple) -> str:  # the keys down to a value, only for an error
        return "/".join(printable(k)[:40] for k in at[:4]) + (
            "/..." if len(at) > 4 else "")

    stack: list[tuple[object, tuple]] = [(parsed, ())]
    count = 0
    while stack:
        value, at = stack.pop()
        count += 1
        if count > MOST_VALUES:
            raise AdvisorError(f"{label}: more than {MOST_VALUES:,} values; a feed "
                               "file holds far fewer (is it the right file?)")
        if len(at) > MOST_DEPTH:
            raise AdvisorError(f"{label}: nested more than {MOST_DEPTH} levels deep "
                               f"(at {where(at)}); a feed's entries are a few levels")
        if isinstance(value, str) and len(value) > MOST_STRING:
            raise AdvisorError(f"{label}: at {where(at) or 'the top'}: a string of "
                               f"{len(value):,} characters, more than the "
                               f"{MOST_STRING:,} a feed's value has")
        if isinstance(value, dict):
            for k, v in value.items():
                if len(str(k)) > MOST_STRING:
                    raise AdvisorError(f"{label}: at {where(at) or 'the top'}: a "
                                       f"key of {len(str(k)):,} characters, more "
                                       f"than {MOST_STRING:,}")
                stack.append((v, (*at, str(k))))
        elif isinstance(value, list):
            stack.extend((v, (*at, str(i))) for i, v in enumerate(value))
    return parsed


class CsvRows(csv.DictReader):
    """``csv.DictReader`` over a file's text whose errors (a field longer than the
    csv module's 131,072-character limit, a NUL) are AdvisorErrors naming the file
    and line."""

    def __init__(self, text: str, label: str) -> None:
        super().__init__(io.StringIO(text))
        self.label = label

    def _error(self, e: csv.Error) -> AdvisorError:
        why = str(e)
        if "field larger than field limit" in why:
            why = (f"a field is longer than {csv.field_size_limit():,} characters "
                   "(a quote left open?)")
        # line_num counts the lines read before the record that failed
        return AdvisorError(f"{self.label}: line {self.line_num + 1}: not a "
                            f"readable CSV: {printable(why)[:120]}")

    @property
    def fieldnames(self):
        try:
            return super().fieldnames
        except csv.Error as e:
            raise self._error(e) from None

    def __next__(self):
        try:
            return super().__next__()
        except csv.Error as e:
            raise self._error(e) from None


def read_file(path: object, label: str, most_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``most_bytes``, or an AdvisorError
    naming it: missing, not a regular file (a directory, a FIFO, a device), too
    large, or unreadable (permissions, a symlink loop, a name too long)."""
    if not isinstance(path, str | os.PathLike):
        raise AdvisorError(f"{label}: expected a path, got {type(path).__name__}")
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            mode = info.st_mode
            kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if
                    stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or
                    stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else
                    "not a file")
            raise AdvisorError(f"{label}: {kind}, not a regular file")
        if info.st_size > most_bytes:
            raise AdvisorError(f"{label}: {info.st_size:,} bytes, more than the "
                               f"{most_bytes:,} allowed")
        with open(path, "rb") as f:
            data = f.read(most_bytes + 1)
    except AdvisorError:  # said above; a ValueError too, not to be wrapped below
        raise
    except FileNotFoundError:
        raise AdvisorError(f"{label}: no such file") from None
    except OSError as e:
        raise AdvisorError(f"{label}: cannot read it ({e.strerror or e})") from None
    except ValueError as e:  # an embedded NUL in the name
        raise AdvisorError(f"{label}: cannot read it ({e})") from None
    if len(data) > most_bytes:
        raise AdvisorError(f"{label}: more than the {most_bytes:,} bytes allowed")
    return data


def printable(text: object) -> str:
    """``text`` with every control character shown as an escape ('\\x1b'), so that
    nothing read from a file can drive the terminal it is printed on."""
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


class AdvisorError(ValueError):
    """Every error a user can cause: it names the key (or file, row and column),
    shows the value, states the rule and lists the valid choices or the closest
    match."""


class AdvisorWarning(UserWarning):
    """Something the user should know that does not stop the work (an ignored
    column)."""


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices closest to ``word``, compared case-insensitively."""
    choices = list(choices)
    folded = {c.casefold(): c for c in choices}
    hits = difflib.get_close_matches(str(word).casefold(), list(folded), n=n,
                                     cutoff=0.6)
    return [folded[h] for h in hits]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' or a list of the valid choices when nothing is close."""
    choices = list(choices)
    near = closest(word, choices)
    if near:
        return "did you mean " + " or ".join(repr(c) for c in near) + "?"
    return "valid choices: " + ", ".join(choices)
