"""The one user-facing exception type, and the closest-match helper its messages use."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["AdvisorError", "AdvisorWarning", "closest", "did_you_mean"]


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
