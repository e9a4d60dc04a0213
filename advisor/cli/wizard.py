"""The prompt wizard: questions as data derived from the requirement schema, answers
validated by the same code as the API, then a menu to explore the ranking."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import questionary
from questionary import Choice

from .. import glossary, vocab
from ..columns import NUMERIC, TABLE
from ..errors import AdvisorError
from ..requirements import CRITIQUES, RANK_BY, SCHEMA, SPECS, Requirements
from . import render
from .flags import to_command

# prefer and weights have no question: they are left to flags and JSON files
_SKIP = "Enter to skip"


def questions(catalog) -> list[dict[str, Any]]:
    """One question spec per requirement key, derived from ``SCHEMA``."""
    out = []
    for spec in SCHEMA:
        if spec.question is None:
            continue
        q: dict[str, Any] = {"name": spec.key, "message": spec.question,
                             "kind": spec.kind, "help": spec.help}
        if spec.kind == "bool":
            q["type"] = "confirm"
        elif spec.kind == "precision":
            q |= {"type": "select", "choices": [Choice(p, p, description=
                  f"{b:g} bytes per parameter") for p, b in vocab.PRECISIONS.items()],
                  "when": lambda a: bool(a.get("gpu_memory_gb")),
                  "default": spec.default}
        elif spec.kind == "rank_by":
            q |= {"type": "select", "default": spec.default, "choices": [
                Choice(k, k, description=v) for k, v in RANK_BY.items()]}
        elif spec.kind in ("tasks", "modalities"):
            table = vocab.TASKS if spec.kind == "tasks" else vocab.MODALITIES
            q |= {"type": "checkbox", "choices": [
                Choice(w, w, description=", ".join(aliases) or w)
                for w, aliases in table.items()]}
        elif spec.kind in ("model_types", "architectures"):
            q |= {"type": "checkbox", "choices": [
                Choice(e.term, e.term, description=e.definition)
                for e in glossary.entries() if e.category == spec.rule.category]}
        else:
            q["type"] = "text"
        out.append(q)
    return out


def _convert(q: dict, text: Any) -> Any:
    """A text answer as the value the API takes; blank means no requirement."""
    if q["type"] != "text":
        return text
    text = str(text).strip()
    if not text:
        return None
    if q["kind"] == "names":
        return [w.strip() for w in text.split(",") if w.strip()]
    return text


def validator(q: dict, catalog):
    """Re-ask with the AdvisorError message, exactly as the API would say it."""
    def check(text):
        value = _convert(q, text)
        if value is None:
            return True
        try:
            Requirements.from_dict({q["name"]: value}, catalog)
        except AdvisorError as e:
            return str(e)
        return True
    return check


def ask(q: dict, catalog, current: Any) -> Any:
    if q["type"] == "confirm":
        return questionary.confirm(q["message"], default=bool(current)).unsafe_ask()
    if q["type"] == "select":
        return questionary.select(q["message"], choices=q["choices"],
                                  default=current or q["default"]).unsafe_ask()
    if q["type"] == "checkbox":
        chosen = set(current or ())
        choices = [Choice(c.title, c.value, checked=c.value in chosen,
                          description=c.description) for c in q["choices"]]
        return questionary.checkbox(
            q["message"], choices=choices,
            instruction="(space to select, Enter to accept; none = no requirement)"
        ).unsafe_ask()
    default = "" if current is None else (", ".join(current) if isinstance(
        current, list) else str(current))
    answer = questionary.text(q["message"], default=default,
                              validate=validator(q, catalog),
                              instruction=f"({_SKIP})").unsafe_ask()
    return _convert(q, answer)


def to_requirements(answers: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in answers.items():
        if v is None or v is False or v == [] or v == "" or v == SPECS[k].default:
            continue  # an answer that asks nothing, or the default
        if k == "precision" and not answers.get("gpu_memory_gb"):
            continue
        out[k] = v
    return out


def ask_all(qs: list[dict], catalog, answers: dict[str, Any]) -> dict[str, Any]:
    for q in qs:
        if "when" in q and not q["when"](answers):
            continue
        answers[q["name"]] = ask(q, catalog, answers.get(q["name"]))
    return answers


@dataclass
class _Session:
    """What the wizard knows between menu actions."""

    catalog: Any
    prog: str
    out: Any
    qs: list[dict]
    answers: dict[str, Any]
    requirements: dict[str, Any]
    advice: Any = None


def _explain_pick(s: _Session) -> None:
    name = questionary.select("Which one?", choices=s.advice.names).unsafe_ask()
    rec = next(r for r in s.advice if r.name == name)
    s.out.print(f"\n[bold]{render.escape(name)}[/bold] (score {rec.score:.3f}: "
                + ", ".join(f"{k} {v:.2f}" for k, v in rec.components.items()) + ")")
    s.out.print(render.escape(rec.explanation))


def _why_not(s: _Session) -> None:
    name = questionary.autocomplete(
        "Which model?", choices=s.catalog.names,
        validate=lambda t: _valid_name(s.catalog, t)).unsafe_ask()
    s.out.print(render.escape(s.advice.why_not(name)))


def _like(s: _Session) -> None:
    name = questionary.select(
        "Like which?", choices=[f"#{r.rank} {r.name}" for r in s.advice]
    ).unsafe_ask().split(" ", 1)[1]
    direction = questionary.select("But ...", choices=list(CRITIQUES)).unsafe_ask()
    try:
        changed = s.advice.critique(name, direction)
    except AdvisorError as e:
        s.out.print(f"[red]{render.escape(e)}[/red]")
        return
    s.requirements = changed.requirements.to_dict()


def _change(s: _Session) -> None:
    chosen = questionary.select("Which answer?", choices=[
        Choice(f"{q['message']} [{_shown(s.answers.get(q['name']))}]", q["name"])
        for q in s.qs]).unsafe_ask()
    q = next(q for q in s.qs if q["name"] == chosen)
    s.answers[chosen] = ask(q, s.catalog, s.answers.get(chosen))
    s.requirements = to_requirements(s.answers)


def _save(s: _Session) -> None:
    path = questionary.text("File?", default="requirements.json").unsafe_ask()
    Path(path).write_text(json.dumps(s.advice.requirements.to_dict(), indent=2)
                          + "\n", encoding="utf-8")
    shown = render.escape(path)
    s.out.print(f"Saved to {shown}; use it with `advisor recommend "
                f"--requirements {shown}`.")


def _command(s: _Session) -> None:
    s.out.print(render.escape(to_command(s.advice.requirements.to_dict(), s.prog)),
                soft_wrap=True)


# the menu, in order; the first and third need a ranking to act on
MENU = {"Explain a pick": _explain_pick, "Why not some model?": _why_not,
        "Like one of these, but ...": _like, "Change an answer": _change,
        "Save the requirements to JSON": _save,
        "Print the equivalent command": _command, "Quit": None}
_NEED_PICKS = ("Explain a pick", "Like one of these, but ...")


def run(catalog, prog: str = "advisor recommend") -> None:
    """Ask, rank, then explore until the person quits; ``prog`` starts the
    equivalent command (with the same --catalog and --origin)."""
    from .. import advise
    out = render.console()
    out.print("[bold]advisor[/bold]: a few questions, then a ranked list. "
              "Press Enter to accept a default, Ctrl-C to leave.\n")
    qs = questions(catalog)
    answers = ask_all(qs, catalog, {})
    s = _Session(catalog, prog, out, qs, answers, to_requirements(answers))
    while True:
        s.advice = advise(s.requirements, catalog=catalog)
        out.print()
        render.advice(s.advice, "table", out)
        out.print()
        menu = [m for m in MENU if s.advice.names or m not in _NEED_PICKS]
        action = questionary.select("What next?", choices=menu).unsafe_ask()
        if action is None or MENU[action] is None:
            return
        MENU[action](s)


def _shown(value: Any) -> str:
    if value in (None, "", [], False):
        return "-"
    return ", ".join(value) if isinstance(value, list) else str(value)


def _valid_name(catalog, text: str):
    try:
        catalog.resolve(text)
    except AdvisorError as e:
        return str(e)
    return True


def _cell_check(column: str):
    from ..edit import ADD_REQUIRED
    from ..parsing import ParseError, parse_cell, parse_license

    def check(text: str):
        text = text.strip()
        if not text:
            return True if column not in ADD_REQUIRED else f"{column} is required"
        try:
            if column in NUMERIC:
                parse_cell(column, text)
            elif column == "license":
                parse_license(text)
        except ParseError as e:
            return f"{column}: {e}"
        return True
    return check


def ask_columns(row: dict[str, str]) -> dict[str, str]:
    """Ask for each catalog column `catalog add` was not given."""
    row = dict(row)
    for c in TABLE:
        if c.ask is None or row.get(c.name):
            continue
        row[c.name] = questionary.text(c.ask, validate=_cell_check(c.name),
                                       instruction="(Enter to leave empty)"
                                       ).unsafe_ask().strip()
    return row
