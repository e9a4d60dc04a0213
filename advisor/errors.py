"""The one user-facing exception type, and the closest-match helper its messages use."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["AdvisorError", "AdvisorWarning", "closest", "did_you_mean", "printable",
           "CONTROL"]

# C0 and C1 control characters, DEL: what a file must never send to a terminal
# (ESC starts colour, cursor and hyperlink sequences); tab and newline are layout
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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
