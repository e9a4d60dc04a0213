"""The explorer: every requirement as a control, and the ranking, the evidence and
the memory of each model updating as the controls move.

``explore()`` returns an ipywidgets app for Jupyter, JupyterLab and VS Code; ``advisor
serve`` shows the same app as a web page (Voilà on ``notebooks/explore.ipynb``).
The controls are the wizard's questions (``cli.wizard.questions``, one per
requirement key of the registry, so a new key gets a control), grouped as the
wizard asks them: the essentials first, the rest under "Refine". Every answer
goes through the wizard's own conversion and the API's validation; a refused
value shows the ``AdvisorError`` and keeps the last ranking.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from . import memory
from .catalog import Catalog
from .engine import advise, fit
from .errors import AdvisorError, printable
from .loader import load_catalog

__all__ = ["Explorer", "explore", "TERM_COLOURS", "serve_command", "PAGE",
           "CHROMIUM", "browse", "served", "move_two_controls"]

# a memory term's colour in the detail pane's bar, by kind (memory.TERM_KINDS)
TERM_COLOURS = {"weights": "#4c72b0", "KV cache": "#dd8452",
                "runtime overhead": "#b0b0b0", "vision attention": "#8172b3"}


def _unasked(questions: list[dict]) -> list[dict]:
    """Controls for the requirement keys the wizard leaves to flags and files
    (``include_retired``; ``prefer`` and ``weights`` as the flags' KEY=VALUE
    words), so that every key of the registry has one."""
    from .requirements import SCHEMA  # the registry, for its unasked keys
    covered = {k for q in questions for k in q["keys"]}
    out = []
    for spec in SCHEMA:
        if spec.key in covered:
            continue
        q = {"name": spec.key, "message": spec.help, "kind": spec.kind,
             "help": spec.help, "keys": (spec.key,)}
        q["type"] = "confirm" if spec.kind == "bool" else "text"
        out.append(q)
    return out


def _text(value: Any) -> str:
    """Data shown as HTML text: control characters as escapes, markup escaped."""
    return html.escape(printable(value))


def _link(url: str) -> str:
    """A source as a link when it is a web address, else as text."""
    if url.startswith(("https://", "http://")):
        return f'<a href="{html.escape(url, quote=True)}" target="_blank">source</a>'
    return _text(url)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table of cells already made safe."""
    head = "".join(f"<th style='text-align:left'>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class Explorer:
    """The app: ``controls`` (question name -> widget), the ranking ``table``, the
    ``detail`` pane of the ``pick``ed model, ``why_not`` for any model, and the
    current requirements as a command and as Python."""

    def __init__(self, catalog: Catalog | str | None = None,
                 requirements: dict[str, Any] | None = None) -> None:
        import ipywidgets as w  # the explore extra, only when the app is built

        from .cli import wizard  # the questions and their conversion, shared
        self._w, self._wizard = w, wizard
        self.catalog = catalog if isinstance(catalog, Catalog) else \
            load_catalog(catalog)
        asked = wizard.questions(self.catalog)
        self.questions = asked + _unasked(asked)
        self.answers = self._start(requirements or {})
        self.advice = None
        self.controls = {q["name"]: self._control(q) for q in self.questions}
        self.status = w.HTML()
        self.table = w.HTML()
        self.pick = w.Dropdown(description="Details of", options=[])
        self.detail = w.HTML()
        self.why_name = w.Combobox(description="Why not", placeholder="any model",
                                   options=tuple(self.catalog.names),
                                   ensure_option=False)
        self.why_not = w.HTML()
        self.command = w.Textarea(description="Command", disabled=True,
                                  layout=w.Layout(width="100%"))
        self.python = w.Textarea(description="Python", disabled=True,
                                 layout=w.Layout(width="100%"))
        self._redrawing = False  # the pick's options are being reset by update
        self.pick.observe(lambda _: self._redrawing or self._show_detail(),
                          names="value")
        self.why_name.observe(lambda _: self._show_why_not(), names="value")
        core = [self.controls[n] for n in wizard.CORE if n in self.controls]
        rest = [c for n, c in self.controls.items() if n not in wizard.CORE]
        groups = w.Accordion(children=[w.VBox(core), w.VBox(rest)],
                             titles=("Essentials", "Refine"), selected_index=0)
        self.app = w.HBox([
            w.VBox([groups], layout=w.Layout(width="38%")),
            w.VBox([self.status, self.table, self.pick, self.detail,
                    self.why_name, self.why_not, self.command, self.python],
                   layout=w.Layout(width="62%"))])
        self.update()

    def _start(self, given: dict[str, Any]) -> dict[str, Any]:
        """The starting answers, validated as the API validates them (an
        AdvisorError names a bad one); a choice is held in its canonical spelling,
        the one its control lists ('FP16' -> 'fp16', 'OCR' -> 'ocr')."""
        from .requirements import Requirements  # as advise validates, up front
        if not isinstance(given, dict):
            raise AdvisorError(f"explore: {printable(repr(given))[:60]} is not a "
                               "dict of requirement keys")
        req = Requirements.from_dict(given, self.catalog)
        answers = dict(given)
        for q in self.questions:
            if q["name"] in given and q["type"] in ("select", "checkbox"):
                value = getattr(req, q["name"])
                answers[q["name"]] = list(value) if q["type"] == "checkbox" else value
        return answers

    # -- controls -------------------------------------------------------------------
    def _control(self, q: dict):
        """The widget for one question, standing at its current answer."""
        w, now = self._w, self._wizard.current(q, self.answers)
        common = {"description": q["name"].replace("_", " "),
                  "tooltip": q.get("help") or q["message"],
                  "style": {"description_width": "10em"}}
        if q["type"] == "confirm":
            control = w.Checkbox(value=bool(now), indent=False, **common)
        elif q["type"] == "select":
            options = [c if isinstance(c, str) else (c.title, c.value)
                       for c in q["choices"]]
            control = w.Dropdown(options=options, value=now or q.get("default"),
                                 **common)
        elif q["type"] == "checkbox":
            control = w.SelectMultiple(options=[c.value for c in q["choices"]],
                                       value=tuple(now or ()), rows=6, **common)
        else:
            shown = "" if now is None else (
                ", ".join(map(str, now)) if isinstance(now, list | tuple) else
                " ".join(f"{k}={v}" for k, v in now.items()) if isinstance(now, dict)
                else str(now))
            control = w.Text(value=shown, continuous_update=False,
                             placeholder=q["message"][:60], **common)
        control.observe(lambda change, q=q: self.set(q["name"], change["new"]),
                        names="value")
        return control

    def set(self, name: str, value: Any) -> None:
        """Answer the question ``name`` (as its control would) and update."""
        wizard = self._wizard
        q = next(q for q in self.questions if q["name"] == name)
        if q["kind"] in ("prefer", "weights"):  # KEY=VALUE words, as the flags
            from .cli.flags import gather  # the flags' own reading of them
            try:
                words = tuple(shlex.split(value or ""))
                self.answers[name] = gather({name: words}).get(name) if words else None
            except (AdvisorError, ValueError) as e:
                self.status.value = f"<b style='color:#b00'>{_text(e)}</b>"
                return
        elif q["kind"] == "licence":
            self.answers.update({k: bool(wizard.LICENCE[value].get(k))
                                 for k in q["keys"]})
        elif q["kind"] == "where":
            self.answers.update(wizard._where(value))
        else:
            if q["type"] == "checkbox":
                value = list(value)
            self.answers[name] = wizard._convert(q, value)
        self.update()

    @property
    def requirements(self) -> dict[str, Any]:
        """The answers that ask for something, as typed."""
        return self._wizard.to_requirements(self.answers)

    # -- what is shown -------------------------------------------------------------
    def update(self) -> None:
        """Rank again; a refused value is shown and the last ranking kept."""
        req = self.requirements
        try:
            self.advice = advise(req, catalog=self.catalog)
        except AdvisorError as e:
            self.status.value = f"<b style='color:#b00'>{_text(e)}</b>"
            return
        advice = self.advice
        note = advice.note or ""
        heading = ("Recommendations" if advice.fully_met else
                   "Nothing meets every requirement; closest")
        self.status.value = f"<b>{heading}</b>" + (
            f"<br><small>{_text(note)}</small>" if note else "")
        self.table.value = self.ranking_html()
        names = [r.name for r in advice]
        keep = self.pick.value if self.pick.value in names else None
        self._redrawing = True  # new options reset the value: one detail, drawn below
        try:
            self.pick.options = names
            self.pick.value = keep or (names[0] if names else None)
        finally:
            self._redrawing = False
        self._show_detail()
        self._show_why_not()
        from .cli.flags import to_command  # the CLI's own spelling of a command
        self.command.value = to_command(req)
        from .requirements import SCHEMA  # the keys in the registry's order
        ordered = {s.key: req[s.key] for s in SCHEMA if s.key in req}
        self.python.value = f"import advisor\nadvisor.advise({ordered!r})"

    def ranking_html(self) -> str:
        """The ranked table, in the CLI table's columns (``explain.advice_row``),
        with the score to three places."""
        from .explain import advice_row  # the table's own columns
        rows = []
        header: list[str] = []
        for r in self.advice:
            row = advice_row(r, self.catalog[r.name])
            row["score"] = f"{r.score:.3f}"
            header = list(row)
            rows.append([_text(v) for v in row.values()])
        return _table(header, rows)

    def _show_detail(self) -> None:
        self.detail.value = self.detail_html(self.pick.value) if self.pick.value \
            else ""

    def detail_html(self, name: str) -> str:
        """One model: its explanation, its published numbers with links, and, with
        a GPU given, its memory terms as a bar and the image tokens."""
        r = next(r for r in self.advice if r.name == name)
        parts = [f"<h4>{_text(r.name)}</h4><p>{_text(r.explanation)}</p>"]
        if r.numbers:
            parts.append(_table(["benchmark", "value", "checkpoint", "kind", ""], [
                [_text(n["benchmark"]), _text(n["value"]), _text(n["variant"]),
                 _text(n["kind"]), _link(n["source"])] for n in r.numbers]))
        parts.append(self.memory_html(name))
        return "".join(parts)

    def memory_html(self, name: str) -> str:
        """The memory terms of each checkpoint at the chosen GPU, as stacked bars."""
        from .requirements import GPU_SETTINGS  # the keys fit takes
        asked = self.requirements
        if not asked.get("gpu_memory_gb"):
            return ""
        try:
            fits = fit(name, asked["gpu_memory_gb"], self.catalog,
                       **{k: v for k, v in asked.items() if k in GPU_SETTINGS})
        except AdvisorError as e:
            return f"<p><small>{_text(e)}</small></p>"
        out = []
        for f in fits:
            e, budget = f.estimate, f.budget
            scale = 100 / max(budget, e.total)
            bar = "".join(
                f"<div title='{_text(k)}: {v:.1f} GB' style='display:inline-block;"
                f"height:12px;width:{v * scale:.2f}%;background:"
                f"{TERM_COLOURS[memory.term_kind(k)]}'></div>"
                for k, v in e.terms.items())
            tokens = ("" if e.image_tokens is None else
                      f"; {e.image_tokens:,} tokens per image")
            out.append(f"<p><b>{_text(e.checkpoint)}</b>: {e.total:.1f} of "
                       f"{budget:g} GB, {'fits' if f.fits else 'does not fit'}"
                       f"{tokens}<br><span style='display:inline-block;width:100%;"
                       f"border:1px solid #888'>{bar}</span><br><small>"
                       + "; ".join(f"{_text(k)} {v:.1f} GB"
                                   for k, v in e.terms.items()) + "</small></p>")
        return "".join(out)

    def _show_why_not(self) -> None:
        name = (self.why_name.value or "").strip()
        if not name or self.advice is None:
            self.why_not.value = ""
            return
        try:
            said = self.advice.why_not(name)
        except AdvisorError as e:
            said = str(e)
        self.why_not.value = f"<p>{_text(said)}</p>"

    def _ipython_display_(self) -> None:  # pragma: no cover - a notebook's display
        from IPython.display import display  # in a notebook only
        display(self.app)


def explore(catalog: Catalog | str | None = None, **requirements: Any) -> Explorer:
    """The explorer for ``catalog`` (the bundled one by default), starting at
    ``requirements``; display it in a notebook (its last expression)."""
    return Explorer(catalog, requirements)


# the page `advisor serve` shows: one cell, the explorer on the catalog named by
# ADVISOR_EXPLORE_CATALOG (the bundled one when unset)
PAGE = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                   "outputs": [], "source": [
                       "import os\n", "from advisor import explore\n",
                       "explore(os.environ.get('ADVISOR_EXPLORE_CATALOG') or None)"]}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}


def serve_command(catalog: str | None, port: int, open_browser: bool = False
                  ) -> list[str]:
    """The command that serves the explorer with Voilà on localhost:``port``: the
    page (``PAGE``) written to the user's cache folder, the catalog passed by its
    environment variable (set here for the child)."""
    if importlib.util.find_spec("voila") is None or \
            importlib.util.find_spec("ipywidgets") is None:
        raise AdvisorError("serve: needs Voilà and ipywidgets: pip install "
                           "'advisor[explore]'")
    from .edit import write_atomically  # whole or not at all, as every write
    from .index import cache_dir  # the user's cache: one page, rewritten each time
    folder = cache_dir() / "serve"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise AdvisorError(f"serve: cannot make {printable(folder)[:200]} "
                           f"({e.strerror})") from None
    page = folder / "explore.ipynb"
    write_atomically(page, json.dumps(PAGE).encode())
    if catalog is not None:
        os.environ["ADVISOR_EXPLORE_CATALOG"] = str(Path(catalog).resolve())
    return [sys.executable, "-m", "voila", str(page), f"--port={port}",
            "--Voila.ip=127.0.0.1", "--no-browser" if not open_browser else
            "--Voila.open_browser=True", "--show_tracebacks=False",
            "--VoilaConfiguration.file_allowlist=[]"]


# how the browser check starts Debian's Chromium: headless, no sandbox (as root in
# CI), and none of its background connections (refused on a closed network)
CHROMIUM = ("/usr/bin/chromium", ["--no-sandbox", "--disable-gpu",
                                  "--disable-background-networking",
                                  "--disable-component-update", "--disable-sync",
                                  "--no-first-run"])


def browse(url: str, steps, screenshot=None, timeout: float = 90):
    """Open ``url`` in headless Chromium (Playwright), wait for the explorer's
    table, run ``steps(page)`` and return what it returns; save a ``screenshot``
    (a path) after the steps when asked."""
    from playwright.sync_api import sync_playwright  # the dev extra, only here
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM[0], args=CHROMIUM[1])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url, timeout=timeout * 1000)
            page.wait_for_selector("table tbody tr", timeout=timeout * 1000)
            got = steps(page)
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            return got
        finally:
            browser.close()


def served(steps, screenshot=None, catalog: str | None = None):
    """Start ``advisor serve`` on a free port, open it in headless Chromium, run
    ``steps(page)`` (``browse``) and stop the server; what the steps return."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = [sys.executable, "-m", "advisor", "serve", "--port", str(port), "--no-open"]
    if catalog is not None:
        argv += ["--catalog", catalog]
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    raise AdvisorError("serve: the server stopped before it "
                                       "answered") from None
                time.sleep(0.25)
        return browse(url, steps, screenshot)
    finally:
        server.terminate()  # Voilà itself (serve execs it): it stops its kernel
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            server.kill()
            server.wait(timeout=30)


def move_two_controls(page, where: str = "24", task: str = "ocr") -> tuple[str, str]:
    """In the page: the first model's name, then "where" set to ``where`` and the
    tasks to ``task``, the first model's name once it changed (the screenshot's
    and the browser test's steps)."""
    def first() -> str:
        return page.locator("table tbody tr").first.inner_text().split("\t")[1]
    before = first()
    box = page.get_by_placeholder("Where will it run?")
    box.fill(where)
    box.press("Enter")
    page.locator("select[multiple]").first.select_option([task])
    page.wait_for_function(
        "before => document.querySelector('table tbody tr') && !document"
        ".querySelector('table tbody tr').innerText.includes(before)",
        arg=before, timeout=60_000)
    page.wait_for_timeout(500)  # the detail pane follows the table
    return before, first()
