"""The prompt wizard: questions as data derived from the requirement schema, answers
validated by the same code as the API, then a menu to explore the ranking."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import questionary
from questionary import Choice

from .. import glossary, memory, vocab
from ..columns import NUMERIC, TABLE
from ..errors import AdvisorError
from ..requirements import (
    CRITIQUES,
    GPU_SETTINGS,
    RANK_BY,
    REASONING,
    SCHEMA,
    SPECS,
    Requirements,
)
from . import render
from .flags import to_command

# prefer and weights have no question: they are left to flags and JSON files


# asked first, for an answer within five questions (with GPU memory and precision
# under "where will it run"); the rest are offered by "Refine"
CORE = ("tasks", "licence", "where", "precision", "rank_by")
# the licence question's choices and the requirement keys each sets
LICENCE = {"Any licence": {},
           "Commercial use allowed": {"commercial_use": True},
           "Open weights (downloadable)": {"open_weights": True},
           "Open weights and commercial use": {"open_weights": True,
                                               "commercial_use": True}}
WHERE = ("Where will it run? GPU memory in GB (e.g. 24), or 'api' for API models "
         "only")
# the GPU check's settings asked only once a GPU is given (image_size also prices
# an image, so it is always offered)
GPU_ONLY = tuple(k for k in GPU_SETTINGS if k != "image_size")


def questions(catalog) -> list[dict[str, Any]]:
    """One question spec per requirement key with a question (``SCHEMA``), plus the
    two core questions that set several keys: licence and where it runs."""
    out = [{"name": "licence", "message": "Licence?", "kind": "licence",
            "type": "select", "keys": ("open_weights", "commercial_use"),
            "choices": list(LICENCE), "default": "Any licence"},
           {"name": "where", "message": WHERE, "kind": "where", "type": "text",
            "keys": ("gpu_memory_gb", "api_only")}]
    covered = {k for q in out for k in q["keys"]}  # asked by those two
    for spec in SCHEMA:
        if spec.question is None or spec.key in covered:
            continue
        q: dict[str, Any] = {"name": spec.key, "message": spec.question,
                             "kind": spec.kind, "help": spec.help,
                             "keys": (spec.key,)}
        if spec.kind == "bool":
            q["type"] = "confirm"
        elif spec.kind == "precision":
            q |= {"type": "select", "choices": [Choice(p, p, description=
                  f"{f.bits:.3g} bits per weight" + (f" (as {f.same_as})"
                                                     if f.same_as else ""))
                  for p, f in vocab.PRECISIONS.items()],
                  "when": lambda a: bool(a.get("gpu_memory_gb")),
                  "default": spec.default}
        elif spec.kind in ("rank_by", "attention", "reasoning"):
            table = {"rank_by": RANK_BY, "attention": memory.ATTENTION,
                     "reasoning": REASONING}[spec.kind]
            q |= {"type": "select", "default": spec.default, "choices": [
                Choice(k, k, description=v) for k, v in table.items()]}
            if spec.kind == "attention":  # a setting of the GPU check
                q["when"] = lambda a: bool(a.get("gpu_memory_gb"))
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
            if spec.key in GPU_ONLY:  # a setting of the GPU check alone
                q["when"] = lambda a: bool(a.get("gpu_memory_gb"))
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


def _where(text: str) -> dict[str, Any]:
    """The where-it-runs answer as requirement keys: 'api', a GPU memory, or none."""
    text = str(text or "").strip()
    if text.casefold() in ("api", "an api", "api only"):
        return {"api_only": True, "gpu_memory_gb": None}
    return {"api_only": False, "gpu_memory_gb": text or None}


def validator(q: dict, catalog, answers: dict[str, Any] | None = None):
    """Re-ask with the AdvisorError message, exactly as the API would say it, the
    answer checked together with the others (an image size after a GPU memory)."""
    def check(text):
        value = _where(text) if q["kind"] == "where" else {q["name"]: _convert(
            q, text)}
        together = {**to_requirements(answers or {}), **value}
        try:
            Requirements.from_dict({k: v for k, v in together.items()
                                    if v is not None}, catalog)
        except AdvisorError as e:
            return str(e)
        return True
    return check


def current(q: dict, answers: dict[str, Any]) -> Any:
    """The answer a question stands at, from the requirement keys it sets."""
    if q["kind"] == "licence":
        now = {k: True for k in q["keys"] if answers.get(k)}
        return next((c for c, keys in LICENCE.items() if keys == now), "Any licence")
    if q["kind"] == "where":
        return "api" if answers.get("api_only") else answers.get("gpu_memory_gb")
    return answers.get(q["name"])


def ask(q: dict, catalog, answers: dict[str, Any]) -> dict[str, Any] | None:
    """Ask ``q``, Enter accepting the value it stands at; the requirement keys it
    sets, or None when the person backs out (Esc)."""
    now = current(q, answers)
    if q["type"] == "confirm":
        answer = _escapable(questionary.confirm(q["message"], default=bool(now)))
    elif q["type"] == "select":
        answer = _escapable(questionary.select(
            q["message"], choices=q["choices"], default=now or q["default"]))
    elif q["type"] == "checkbox":
        chosen = set(now or ())
        answer = _escapable(questionary.checkbox(
            q["message"], choices=[Choice(c.title, c.value, checked=c.value in chosen,
                                          description=c.description)
                                   for c in q["choices"]],
            instruction="(space to select, Enter to accept; none = no requirement)"))
    else:
        default = "" if now is None else (", ".join(now) if isinstance(now, list)
                                          else str(now))
        answer = _escapable(questionary.text(
            q["message"], default=default, validate=validator(q, catalog, answers),
            instruction="(Enter to accept; empty = no requirement)"))
    if answer is _BACK:
        return None
    if q["kind"] == "licence":
        return {k: bool(LICENCE[answer].get(k)) for k in q["keys"]}
    if q["kind"] == "where":
        return _where(answer)
    return {q["name"]: _convert(q, answer)}


_BACK = object()  # what Esc answers


def _escapable(question) -> Any:
    """Ask; Esc gives _BACK (Ctrl-C still raises KeyboardInterrupt)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    keys = KeyBindings()

    @keys.add("escape", eager=True)
    def _(event):
        event.app.exit(result=_BACK)
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys])
    return question.unsafe_ask()


def to_requirements(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers that ask for something, as typed ('2k', not 2000)."""
    out = {}
    for k, v in answers.items():
        if v is None or v is False or v == [] or v == "" or v == SPECS[k].default:
            continue  # an answer that asks nothing, or the default
        if k == "precision" and not answers.get("gpu_memory_gb"):
            continue
        out[k] = v
    return out


def ask_each(qs: list[dict], catalog, answers: dict[str, Any]) -> None:
    """Ask each question in turn (skipping those whose ``when`` is false)."""
    for q in qs:
        if "when" in q and not q["when"](answers):
            continue
        got = ask(q, catalog, answers)
        if got is not None:
            answers.update(got)


@dataclass
class _Session:
    """What the wizard knows between menu actions: the answers (as typed, every
    refinement kept) from which the requirements are made each time."""

    catalog: Any
    prog: str
    out: Any
    qs: list[dict]
    answers: dict[str, Any]
    advice: Any = None

    @property
    def requirements(self) -> dict[str, Any]:
        return to_requirements(self.answers)

    def question(self, name: str) -> dict:
        return next(q for q in self.qs if q["name"] == name)


def _pick(s: _Session, message: str) -> str | None:
    """One of the ranked models, or None (Esc)."""
    name = _escapable(questionary.select(message, choices=s.advice.names))
    return None if name is _BACK else name


def _explain_pick(s: _Session) -> bool:
    name = _pick(s, "Which one? (Esc: back)")
    if name is None:
        return False
    rec = next(r for r in s.advice if r.name == name)
    s.out.print(f"\n[bold]{render.escape(name)}[/bold] (score {rec.score:.3f}: "
                + ", ".join(f"{k} {v:.2f}" for k, v in rec.components.items()) + ")")
    s.out.print(render.escape(rec.explanation))
    return False


def _why_not(s: _Session) -> bool:
    name = _escapable(questionary.autocomplete(
        "Which model? (Enter with none, or Esc: back)", choices=s.catalog.names,
        validate=lambda t: not t.strip() or _valid_name(s.catalog, t)))
    if name is not _BACK and name.strip():
        s.out.print(render.escape(s.advice.why_not(name)))
    return False


def _like(s: _Session) -> bool:
    name = _pick(s, "Like which? (Esc: back)")
    if name is None:
        return False
    direction = _escapable(questionary.select("But ...", choices=list(CRITIQUES)))
    if direction is _BACK:
        return False
    try:
        changed = s.advice.critique(name, direction)
    except AdvisorError as e:
        s.out.print(f"[red]{render.escape(e)}[/red]")
        return False
    new = changed.requirements.to_dict()
    s.answers.update({k: new[k] for k in ("similar_to", CRITIQUES[direction])})
    return True


def _refine(s: _Session) -> bool:
    rest = [q for q in s.qs if q["name"] not in CORE]
    chosen = _escapable(questionary.checkbox(
        "Refine which? (space to select, Enter to ask them; Esc: back)",
        choices=[Choice(f"{q['message']} [{_shown(current(q, s.answers))}]",
                        q["name"]) for q in rest]))
    if chosen is _BACK or not chosen:
        return False
    ask_each([s.question(n) for n in chosen], s.catalog, s.answers)
    return True


def _change(s: _Session) -> bool:
    # the questions answered first, then the others
    asked = [q for q in s.qs if _answered(q, s.answers)]
    order = asked + [q for q in s.qs if q not in asked]
    chosen = _escapable(questionary.select("Which answer? (Esc: back)", choices=[
        Choice(f"{q['message']} [{_shown(current(q, s.answers))}]", q["name"])
        for q in order]))
    if chosen is _BACK:
        return False
    got = ask(s.question(chosen), s.catalog, s.answers)
    if got is None:
        return False
    s.answers.update(got)
    return True


def _answered(q: dict, answers: dict[str, Any]) -> bool:
    """Whether a question's keys ask for something (not blank, not the default)."""
    return any(k in to_requirements(answers) for k in q["keys"]) or (
        q["kind"] == "where" and bool(answers.get("api_only")))


def _again(s: _Session) -> bool:
    return True


def _save_path(text: str) -> bool | str:
    """True for a file the requirements can be written to; else why not (the
    question is asked again, the answers kept)."""
    target = Path(text.strip()) if text.strip() else None
    if target is None:
        return True  # Enter with none: back to the menu
    if target.is_dir():
        return f"{target} is a folder; give a file name in it"
    if not target.parent.is_dir():
        return f"no folder {target.parent}; create it first or choose another"
    return True


def _save(s: _Session) -> bool:
    from ..edit import write_atomically  # pandas behind it: only when saving
    path = _escapable(questionary.text("Save to which file? (Esc: back)",
                                       default="requirements.json",
                                       validate=_save_path))
    if path is _BACK or not path.strip():
        return False
    target = Path(path.strip())
    if target.exists() and not questionary.confirm(
            f"{target} exists; replace it?", default=False).unsafe_ask():
        return False
    try:  # a temporary file beside it, renamed over it: never half a file
        write_atomically(target, (json.dumps(s.requirements, indent=2) + "\n"
                                  ).encode("utf-8"))
    except OSError as e:  # the answers stay; the menu comes back
        s.out.print(f"[red]cannot write {render.escape(str(target))}: "
                    f"{render.escape(e.strerror or e)}[/red]")
        return False
    shown = render.escape(str(target))
    s.out.print(f"Saved to {shown}; use it with `advisor recommend "
                f"--requirements {shown}`.")
    return False


def _command(s: _Session) -> bool:
    s.out.print(render.escape(to_command(s.requirements, s.prog)), soft_wrap=True)
    return False


# the menu, in order; an action returns whether the requirements changed (then
# the ranking is computed and shown again)
MENU = {"Explain a pick": _explain_pick, "Why not some model?": _why_not,
        "Like one of these, but ...": _like,
        "Refine (resolution, tokens, inputs, similar to, exclude, ...)": _refine,
        "Change an answer": _change, "Show the ranking again": _again,
        "Save the requirements to JSON": _save,
        "Print the equivalent command": _command, "Quit": None}
_NEED_PICKS = ("Explain a pick", "Like one of these, but ...")


def run(catalog, prog: str = "advisor recommend") -> None:
    """Ask the core questions, rank, then explore until the person quits; ``prog``
    starts the equivalent command (with the same --catalog and --origin). Esc or
    Ctrl-C in a menu action goes back to the menu; Ctrl-C at the menu quits."""
    from .. import advise
    out = render.console()
    out.print("[bold]advisor[/bold]: five questions at most, then a ranked list. "
              "Enter accepts the value shown; Ctrl-C leaves.\n")
    qs = questions(catalog)
    s = _Session(catalog, prog, out, qs, {})
    ask_each([s.question(n) for n in CORE], catalog, s.answers)
    changed = True
    while True:
        if changed:
            s.advice = advise(s.requirements, catalog=catalog)
            out.print()
            render.advice(s.advice, "table", out)
            out.print()
        menu = [m for m in MENU if s.advice.names or m not in _NEED_PICKS]
        action = _escapable(questionary.select("What next?", choices=menu))
        if action is _BACK:
            changed = False
            continue
        if action is None or MENU[action] is None:
            return
        try:
            changed = MENU[action](s)
        except KeyboardInterrupt:  # in an action: back to the menu
            out.print("(back)")
            changed = False


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
