"""Rendering for the terminal (rich), JSON and Markdown. No scoring happens here."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.markup import escape as markup_escape
from rich.table import Table

from ..columns import BY_NAME, CARD
from ..errors import printable
from ..explain import (
    ADVICE_COLUMNS,
    SOURCED_MARK,
    SOURCED_NOTE,
    checked_text,
    export_row,
    or_unknown,
    sourced,
    table_text,
)
from ..parsing import format_count, format_date

MOST_SHOWN = 500  # rows of a terminal table; the exports give every row


MOST_SHOWN_CHARS = 4_000  # of one cell or line on a terminal; the exports give all


def escape(text: object) -> str:
    """Text from a catalog made safe for a terminal: control characters shown as
    escapes, rich markup shown as typed, and a value longer than MOST_SHOWN_CHARS
    cut there with a marker saying how much more there is (Rich wraps in time
    that grows faster than the text: an 8 MB cell took minutes)."""
    text = str(text)
    if len(text) > MOST_SHOWN_CHARS:
        text = (text[:MOST_SHOWN_CHARS] + f" … [{len(text) - MOST_SHOWN_CHARS:,} more "
                "characters; --format json shows all]")
    return markup_escape(printable(text))


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    is_tty = stream.isatty()
    return Console(file=stream, highlight=False, width=None if is_tty else 110,
                   soft_wrap=False)


def rich_table(title: str, header: list[str], rows: list[list[str]],
               right: tuple[str, ...] = ()) -> Table:
    """A rich table whose cells are shown as text, never as markup. A word too long
    for its column is folded onto the next line, never cut short with an ellipsis
    (a name cut to "Qwen2.5-VL-7…" reads as another model)."""
    table = Table(title=title, title_justify="left")
    for h in header:  # a header may hold a name from the data: text, not markup
        table.add_column(escape(h), justify="right" if h in right else "left",
                         overflow="fold")
    for row in rows:
        table.add_row(*(escape(str(c)) for c in row))
    return table


def md_cell(value: Any) -> str:
    """A Markdown table cell: pipes escaped, newlines folded, and HTML's own
    characters escaped so that a name cannot carry a tag (``<script>``) into a
    page that renders the Markdown."""
    return printable(str(value).replace("\\", "\\\\").replace("|", "\\|")
                     .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                     .replace("\n", " "))


def md_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run: text starting with = + - @, a tab
    or a carriage return gets a leading apostrophe (CSV formula injection)."""
    text = "" if value is None else printable(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def print_csv(header: list[str], rows: list[list[Any]]) -> None:
    import csv
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def _range(r, unit="") -> str:
    if r.low is None and r.high is None:
        return "unknown"
    if r.high is None:
        return f"{format_count(r.low)}+{unit}"
    if r.low == r.high:
        return f"{format_count(r.low)}{unit}"
    return f"{format_count(r.low)}–{format_count(r.high)}{unit}"


def _advice_rows(advice, most: int | None = None) -> list[list[str]]:
    """The advice table's cells (``explain.ADVICE_COLUMNS``) as text, for the first
    ``most`` recommendations (all without it)."""
    return [[f"{v:.3f}" if k == "score" else "-" if k == "unknown" and not v
             else str(v) for k, v in row.items()] for row in advice.rows(most)]


_ADVICE_HEADER = ["#", *ADVICE_COLUMNS[1:]]
TIERS_NOTE = ("A higher score below a lower one is not a mistake: models that meet "
              "every requirement rank first, then superseded ones, then those "
              "without a published number, then those with an unknown check, each "
              "group by its score.")


def heading(advice) -> str:
    """The table's title: what the rows are, said honestly."""
    if advice.fully_met:
        return "Recommendations"
    return "Closest models (none meets every requirement; see the unknown column)"
_PRICES = ("$/M in", "$/image")


def advice(advice, fmt: str, out: Console, hint: str = "") -> None:
    if fmt == "json":
        out.print_json(dump_json(advice.to_dict())) if out.is_terminal else \
            print(dump_json(advice.to_dict()))
        return
    if fmt == "csv":  # every recommendation, with what the table leaves out
        rows = [export_row(r, advice.catalog[r.name]) for r in advice]
        header = list(rows[0]) if rows else list(ADVICE_COLUMNS)
        print_csv(header, [["" if c == "-" else c for c in r.values()] for r in rows])
        return
    # a terminal table shows the first MOST_SHOWN; the other exports every one
    rows = _advice_rows(advice, MOST_SHOWN if fmt == "table" else None)
    if fmt == "markdown":
        if advice.note:
            print(f"_{md_cell(advice.note)}_\n")
        print(md_table(_ADVICE_HEADER, rows) if len(advice) else advice.no_fit)
        if advice.relaxations:
            print("\nTo admit a model:\n")
            for x in advice.relaxations:
                print(f"- {md_cell(x)}")
        return
    if advice.note:
        out.print(f"[dim]{escape(advice.note)}[/dim]")
    if len(advice):
        # a terminal is narrow: a price column no row fills is left out
        keep = [j for j, h in enumerate(_ADVICE_HEADER)
                if h not in _PRICES or any(r[j] != "-" for r in rows)]
        out.print(rich_table(heading(advice), [_ADVICE_HEADER[j] for j in keep],
                             [[r[j] for j in keep] for r in rows],
                             right=("#", "score", "capability")))
        scores = [r.score for r in list(advice)[:len(rows)]]
        if any(b > a for a, b in zip(scores[:-1], scores[1:], strict=True)):
            out.print(escape(TIERS_NOTE))
        if len(advice) > len(rows):
            out.print(f"... the first {len(rows):,} of {len(advice):,}; `--format csv` "
                      "or `--format json` gives every one.")
        if any(SOURCED_MARK in c for row in rows for c in row):
            out.print(escape(SOURCED_NOTE))
        top = advice[0]
        out.print(f"\n[bold]Why {escape(top.name)}:[/bold] {escape(top.explanation)}")
    else:
        out.print(f"[bold]{escape(advice.no_fit)}[/bold]")
    if advice.relaxations:
        out.print("\n[bold]To admit a model, relax one of these:[/bold]")
        for x in advice.relaxations:
            out.print(f"  - {escape(str(x))}")
    if advice.rejected:
        out.print(f"\n{len(advice.rejected)} model(s) ruled out by a hard requirement; "
                  f"ask why with [bold]advisor why-not MODEL[/bold]{hint}.")


def _card_value(m, column: str) -> str:
    """A card row's value: numbers as typed -> as read, the licence with its SPDX
    id, the parsed words of the yes / no and list columns."""
    c = BY_NAME[column]
    if c.number == "date":
        return (f"{m.raw[column]}  ->  "
                f"{format_date(m.release_date, checked_text(m, column))}"
                f"{sourced(m, column)}")
    if c.number:
        unit = " px" if c.number == "resolution" else ""
        return (f"{m.raw[column]}  ->  {_range(getattr(m, column), unit)}"
                f"{sourced(m, column)}")
    if column == "license":
        return f"{m.raw['license']} ({m.raw.get('license_spdx') or 'no SPDX id'})"
    if column in ("tasks", "modalities"):
        return ", ".join(getattr(m, column))
    if column in ("commercial_use", "open_weights"):
        return getattr(m, column)
    return m.raw.get(column, "")


def _card_facts(m) -> list[tuple[str, str]]:
    facts = [(BY_NAME[c].label, _card_value(m, c)) for c in CARD]
    at = CARD.index("license") + 1  # the parsed open / closed reading follows it
    facts.insert(at, ("open license", {True: "yes", False: "no",
                                       None: "unknown"}[m.open_license]))
    return facts


def card(m, glossary_terms: dict[str, str], fmt: str, out: Console,
         numbers: list[dict[str, str]] = ()) -> None:
    facts = _card_facts(m)
    if fmt == "json":
        print(dump_json({"facts": dict(facts), "glossary": glossary_terms,
                         "caveats": list(m.caveats), "evidence": list(numbers)}))
        return
    header = ["benchmark", "value", "checkpoint", "kind", "place", "source"]
    rows = [[n[h] for h in header] for n in numbers]
    if fmt == "markdown":
        print(md_table(["fact", "value"], [[k, v] for k, v in facts if v]))
        print("\n**Glossary**\n")
        for term, definition in glossary_terms.items():
            print(f"- **{md_cell(term)}**: {md_cell(definition)}")
        if m.caveats:
            print("\n**Caveats**\n")
            for c in m.caveats:
                print(f"- {md_cell(c)}")
        if rows:
            print("\n**Published numbers**\n")
            print(md_table(header, rows))
        return
    table = Table(title=escape(m.name), show_header=False, title_justify="left")
    table.add_column("fact", style="bold")
    table.add_column("value", overflow="fold")  # a long URL stays whole
    for k, v in facts:
        if v:
            table.add_row(k, escape(str(v)))
    out.print(table)
    out.print("\n[bold]Glossary[/bold]")
    for term, definition in glossary_terms.items():
        out.print(f"  [bold]{escape(term)}[/bold]: {escape(definition)}")
    if m.caveats:
        out.print("\n[bold]Caveats[/bold] (where a public source disagrees)")
        for c in m.caveats:
            out.print(f"  - {escape(c)}")
    if rows:
        out.print(rich_table("\nPublished numbers (place among the catalog's models "
                             "with that benchmark)", header, rows))


# row label -> (value for display, sort key or None, which is better: "high" /
# "low" for a number, "rank" for the higher of a few words)
def _best(values, better):
    """The places of the best known value. A number (parameters, tokens,
    resolution, a benchmark) is better only than another number: beside an
    unknown, a known 77-token limit is not marked. A rank of words (yes /
    restricted / no, open / closed) is marked beside an unknown."""
    known = [v for v in values if v is not None]
    if not known or (better != "rank" and len(known) < 2):
        return set()
    target = min(known) if better == "low" else max(known)
    return {i for i, v in enumerate(values) if v == target}


def _benchmark_rows(numbers: list[list[dict]]) -> list[tuple]:
    """One row per benchmark any of the models has a number on: the best-placed
    checkpoint's value, higher is better (on the benchmark's own scale)."""
    first = [{n["benchmark"]: n for n in reversed(ns)} for ns in numbers]
    names = list(dict.fromkeys(n["benchmark"] for ns in numbers for n in ns))
    return [(name, [f.get(name, {}).get("value", "-") for f in first],
             [f[name]["normalized"] if name in f else None for f in first], "high")
            for name in names]


def compare(models: list, fmt: str, out: Console,
            numbers: list[list[dict]] | None = None) -> None:
    rank_yes = {"yes": 2, "restricted": 1, "unknown": None, "no": 0}
    rows = [
        ("parameters", [table_text(m, "parameter_count") for m in models],
         [m.parameter_count.low for m in models], "low"),
        ("token limit", [table_text(m, "token_limit") for m in models],
         [m.token_limit.best for m in models], "high"),
        ("image resolution", [table_text(m, "image_resolution") for m in models],
         [m.image_resolution.best for m in models], "high"),
        ("license", [m.raw["license"] for m in models],
         [None if m.open_license is None else int(m.open_license) for m in models],
         "rank"),
        ("commercial use", [m.commercial_use for m in models],
         [rank_yes[m.commercial_use] for m in models], "rank"),
        ("open weights", [m.open_weights for m in models],
         [rank_yes.get(m.open_weights) for m in models], "rank"),
        ("model type", [m.raw["model_type"] for m in models], None, None),
        ("architecture", [m.raw["architecture"] for m in models], None, None),
        ("loss function", [m.raw["loss_function"] for m in models], None, None),
        ("tasks", [", ".join(m.tasks) for m in models], None, None),
        ("modalities", [", ".join(m.modalities) for m in models], None, None),
        *_benchmark_rows(numbers or [[] for _ in models]),
    ]
    marked = []
    for label, shown, keys, better in rows:
        winners = _best(keys, better) if keys is not None and len(models) > 1 else set()
        if keys is not None and len(winners) == len(models):
            winners = set()  # a tie everywhere marks nothing
        shown = [or_unknown(v) for v in shown]
        marked.append((label, [f"{v} *" if i in winners else v
                               for i, v in enumerate(shown)]))
    if fmt == "json":
        print(dump_json({label: dict(zip([m.name for m in models], values,
                                         strict=True))
                         for label, values in marked}))
        return
    if fmt == "markdown":
        print(md_table(["", *(m.name for m in models)],
                       [[label, *values] for label, values in marked]))
        print("\n`*` marks the better value in a row.")
        return
    table = Table(title="Side by side (* marks the better value)",
                  title_justify="left")
    table.add_column("", style="bold")
    for m in models:
        table.add_column(escape(m.name), overflow="fold")
    for label, values in marked:
        table.add_row(label, *(f"[green]{escape(v)}[/green]" if v.endswith(" *")
                               else escape(v) for v in values))
    out.print(table)




def catalog(cat, fmt: str, out: Console) -> None:
    header = ["name", "type", "architecture", "params", "parsed", "tokens", "parsed",
              "resolution", "parsed", "license", "origin"]
    rows = []
    # a terminal shows the first MOST_SHOWN (a 100k-row table helps nobody)
    shown = cat if fmt != "table" or len(cat) <= MOST_SHOWN else cat.take(
        range(MOST_SHOWN))
    for m in shown:
        rows.append([m.name, m.raw["model_type"], m.raw["architecture"],
                     m.raw["parameter_count"], _range(m.parameter_count),
                     m.raw["token_limit"], _range(m.token_limit),
                     m.raw["image_resolution"], _range(m.image_resolution, " px"),
                     m.raw["license"], m.raw.get("origin", "")])
    if fmt == "json":
        print(dump_json([dict(zip(["name", "model_type", "architecture",
                                   "parameter_count", "parameters", "token_limit",
                                   "tokens", "image_resolution", "resolution",
                                   "license", "origin"], r, strict=True))
                         for r in rows]))
        return
    if fmt == "markdown":
        print(md_table(header, rows))
        return
    if fmt == "csv":  # the catalog's own columns, as a spreadsheet will open them
        from ..columns import COLUMNS
        columns = [c for c in COLUMNS if c in cat.index.strings]
        print_csv(columns, [[m.raw.get(c, "") for c in columns] for m in cat])
        return
    # on a terminal: each number as typed, with what it was read as beneath it
    table = Table(title=f"{len(cat)} models from {escape(cat.source)} (raw / parsed)",
                  title_justify="left")
    table.add_column("name", no_wrap=True)
    for h in ("params", "tokens", "resolution", "license", "origin"):
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(escape(r[0]), *(f"{escape(raw)}\n[dim]{escape(parsed)}[/dim]"
                                      for raw, parsed in (r[3:5], r[5:7], r[7:9])),
                      escape(r[9]), escape(r[10]))
    out.print(table)
    if len(cat) > len(rows):
        out.print(f"... the first {len(rows):,} of {len(cat):,}; `--format csv` or "
                  "`--format json` gives every row.")


def audit(rows, total: int, fmt: str, out: Console, most: int | None = 15) -> None:
    """The models whose gaps leave the most requirements unknown, first."""
    header = ["name", "origin", "impact", "unknown for", "missing", "source"]
    shown = rows if most is None else rows[:most]
    data = [[r.name, r.origin, str(r.impact), ", ".join(r.blocks) or "-",
             ", ".join(r.unknown) or "-", "ok" if r.source else "MISSING"]
            for r in shown]
    if fmt == "json":
        print(dump_json([{"name": r.name, "origin": r.origin, "impact": r.impact,
                          "unknown_for": list(r.blocks), "missing": list(r.unknown),
                          "source": r.source, "caveats": list(r.caveats),
                          "commercial_use": r.commercial_use} for r in shown]))
        return
    if fmt == "markdown":
        print(md_table(header, data))
        return
    out.print(rich_table(f"{len(rows)} of {total} models have a gap that leaves a "
                         "requirement unknown; the biggest first", header, data,
                         right=("impact",)))
    if len(shown) < len(rows):
        out.print(f"... and {len(rows) - len(shown)} more (--all lists them).")
    out.print("impact: how many requirements come out unknown for the model (+1 "
              "without a release date); fill a value in facts.csv with its source.")


def _number_cell(n: dict[str, Any]) -> str:
    """A leaderboard cell: the value on the benchmark's scale (and as written where
    the source wrote it on another), the checkpoint and the kind."""
    value = f"{n['value']:g}"
    written = "" if _same(n["as_written"], n["value"]) else \
        f"; {n['as_written']} as written"
    return f"{value} ({n['checkpoint']}, {n['kind']}{written})"


def _same(text: str, value: float) -> bool:
    try:
        return float(text) == value
    except ValueError:
        return False


def leaderboard(rows: list[dict[str, Any]], fmt: str, out: Console) -> None:
    """The evidence of the models that pass: a column per benchmark, sources last;
    JSON keeps each number as a number with its scale and metric."""
    if fmt == "json":
        print(dump_json(rows))
        return
    benches = list(dict.fromkeys(n["benchmark"] for r in rows for n in r["numbers"]))
    header = ["#", "model", "capability", *benches]
    data = []
    for r in rows:
        cells = {n["benchmark"]: _number_cell(n) for n in r["numbers"]}
        data.append([r["rank"], r["model"], "-" if r["capability"] is None
                     else f"{r['capability']:.2f}", *(cells.get(b, "-")
                                                       for b in benches)])
    if fmt == "csv":
        print_csv([*header, "sources"], [[*d, " ".join(r["sources"])]
                                         for d, r in zip(data, rows, strict=True)])
        return
    if fmt == "markdown":
        print(md_table(header, data))
    else:
        out.print(rich_table("Published numbers of the models that meet your "
                             "requirements", header, data, right=("#", "capability")))
    sources = list(dict.fromkeys(s for r in rows for s in r["sources"]))
    if sources:
        print("\nSources:") if fmt == "markdown" else out.print("\nSources:")
        for s in sources:
            print(f"- {s}") if fmt == "markdown" else out.print(f"  {escape(s)}")


BAR = 40  # characters of the GPU budget in a fit bar
# a fit bar's shade per kind of memory term (memory.TERM_KINDS, in its order)
_SHADES = "█▓░▒"


def _bar(terms: dict[str, float], budget: float) -> str:
    """The terms as one stacked bar, BAR characters to the budget, each in its
    kind's shade; '|' marks the budget, and a bar past it does not fit."""
    from ..memory import TERM_KINDS, term_kind  # the estimate's own module
    scale = BAR / budget
    # no term is drawn past twice the bar (what is shown): a GPU of a millionth of
    # a GB never builds a bar of gigabytes
    cells = "".join(_SHADES[list(TERM_KINDS).index(term_kind(name))]
                    * min(round(gb * scale), 2 * BAR + 1) for name, gb in terms.items())
    over = cells[BAR:]
    return cells[:BAR].ljust(BAR, "·") + "|" + (over[:BAR] + "…" if len(over) > BAR
                                               else over)


def _side(f) -> str:
    from ..memory import SIDES
    if f.max_side is None:
        return "?"
    if not f.max_side:
        return "none"
    return f"{f.max_side} px" + ("+" if f.max_side == SIDES[-1] else "")


def fits(name: str, fits: list, fmt: str, out: Console) -> None:
    """`advisor fit`: per checkpoint, the total against the budget, each term, the
    largest context and square image that fit, and a stacked bar."""
    if fmt == "json":
        print(dump_json({"model": name, "gpu_memory_gb": fits[0].budget,
                         "checkpoints": [_fit_dict(f) for f in fits]}))
        return
    if fmt == "markdown":
        print(f"**{md_cell(name)} on a {fits[0].budget:g} GB GPU**\n")
        print(md_table(["checkpoint", "needs", "fits", "largest context",
                        "largest image", "terms"],
                       [[f.estimate.checkpoint, f"{f.estimate.total:.1f} GB",
                         "yes" if f.fits else "no",
                         "?" if f.max_context is None else f"{f.max_context:,} tokens",
                         _side(f), "; ".join(f"{k} {v:.1f} GB" for k, v in
                                             f.estimate.terms.items())]
                        for f in fits]))
        for how in sorted({f.estimate.how for f in fits}):
            print(f"\nimages: {md_cell(how)}")
        for f in fits:
            if f.estimate.high is not None:
                print(f"\n{md_cell(f.estimate.checkpoint)} {HIGH_SAID}: "
                      f"{f.estimate.high:.1f} GB")
        return
    table = Table(title=f"{escape(name)} on a {fits[0].budget:g} GB GPU",
                  title_justify="left")
    for h in ("checkpoint", "needs", "fits", "largest context", "largest image"):
        table.add_column(h, justify="right" if h == "needs" else "left",
                         no_wrap=h == "checkpoint", overflow="fold")
    for f in fits:
        table.add_row(escape(f.estimate.checkpoint), f"{f.estimate.total:.1f} GB",
                      "yes" if f.fits else "[red]no[/red]",
                      "?" if f.max_context is None else f"{f.max_context:,} tokens",
                      _side(f))
    out.print(table)
    from ..memory import TERM_KINDS, term_kind  # the estimate's own module
    shown = {term_kind(k) for f in fits for k in f.estimate.terms}
    out.print("  ".join(f"{shade} {label}" for shade, (kind, label) in zip(
        _SHADES, TERM_KINDS.items(), strict=True)
        if kind != "vision attention" or kind in shown)
        + f"  | the GPU's {fits[0].budget:g} GB")
    for f in fits:
        terms = "; ".join(f"{escape(k)} {v:.1f} GB" for k, v in
                          f.estimate.terms.items())
        out.print(f"{escape(f.estimate.checkpoint)}\n  "
                  f"{_bar(f.estimate.terms, f.budget)}\n  {terms}")
        if f.estimate.high is not None:
            out.print(f"  {escape(HIGH_SAID)}: {f.estimate.high:.1f} GB")
    for how in sorted({f.estimate.how for f in fits}):
        out.print(f"images: {escape(how)}")
    missing = sorted({f"{f.estimate.checkpoint}: {f.estimate.not_counted}"
                      for f in fits if f.estimate.not_counted})
    if missing:
        said = "; ".join(map(escape, missing))
    elif "vision attention" in shown:
        said = "nothing the settings ask for"
    else:
        said = ("the vision encoder's attention matrix, which flash attention never "
                "stores (--attention eager counts it)")
    out.print(f"Not counted: {said}. Sources: arch.csv.")


def _fit_dict(f) -> dict[str, Any]:
    e = f.estimate
    from ..memory import term_kind  # the estimate's own module
    return {"checkpoint": e.checkpoint, "total_gb": round(e.total, 2),
            "fits": f.fits, "binding": e.binding(),
            "terms": [{"kind": term_kind(k), "label": k, "gb": round(v, 2)}
                      for k, v in e.terms.items()],
            "image_tokens": e.image_tokens, "image_tokens_how": e.how,
            "max_context_tokens": f.max_context, "max_square_image_px": f.max_side,
            "rule_of_thumb": e.fallback, "not_counted": e.not_counted or None,
            "high_gb": None if e.high is None else round(e.high, 2)}


# the estimate's high end, in words (memory.Estimate.logits)
HIGH_SAID = ("with the logits of every prompt position kept (transformers' generate "
             "in the measured Qwen2-VL table)")


def _new_row(row: dict[str, str]) -> str:
    """What an imported row says, in brief: '272000 tokens, text; image'."""
    said = [f"{row['parameter_count']} parameters" if row.get("parameter_count")
            else "", f"{row['token_limit']} tokens" if row.get("token_limit") else "",
            row.get("modalities", "")]
    return ", ".join(w for w in said if w)


def import_plan(plan, dry_run: bool, out: Console) -> None:
    """`catalog import`: the changes as a table (old -> new), then the summary."""
    rows = [[escape(n), escape(c), escape(old) or "-", escape(new)]
            for n, diff in plan.changes.items() for c, (old, new) in diff.items()]
    rows += [[escape(r["name"]), "(new row)", "-", escape(_new_row(r))]
             for r in plan.new[:MOST_SHOWN]]
    if dry_run:  # a dry run shows every refusal too, each with its reason
        rows += [[escape(k), "(refused)", "-", escape(why)]
                 for k, why in plan.refused[:MOST_SHOWN]]
    if rows:
        out.print(rich_table("Would change" if dry_run else "Changed",
                             ["model", "column", "was", "now"], rows))
    out.print(("dry run: " if dry_run else "") + escape(plan.summary()))
    for why, n in plan.reasons().items():
        out.print(f"  refused {n:,}: {escape(why)}")


def drift(rows: list[tuple[str, str, str, str]], source: str, fmt: str,
          out: Console) -> None:
    """`catalog audit --against`: where the catalog and a registry differ."""
    header = ["model", "column", "catalog", "source"]
    if fmt == "json":
        print(dump_json([dict(zip(header, r, strict=True)) for r in rows]))
        return
    if fmt == "markdown":
        print(md_table(header, [list(r) for r in rows]))
        return
    if not rows:
        out.print(f"No drift from {escape(source)} for the models both name.")
        return
    out.print(rich_table(f"Drift from {escape(source)} ({len(rows)} values)", header,
                         [[escape(v) or "-" for v in r] for r in rows]))


def text(said: str, fmt: str, key: str, data: dict[str, Any]) -> None:
    """A sentence answer (why-not): as it reads, as JSON (``data`` with the
    sentence under ``key``) or as a Markdown paragraph."""
    if fmt == "json":
        print(dump_json(data | {key: said}))
    elif fmt == "markdown":
        print(md_cell(said))
    else:
        click.echo(printable(said))


def tokens(name: str, rows: list[dict[str, Any]], fmt: str, out: Console) -> None:
    """`advisor tokens`: per checkpoint, the tokens its images cost and how."""
    if fmt == "json":
        print(dump_json({"model": name, "checkpoints": rows}))
        return
    if fmt == "markdown":
        print(md_table(["checkpoint", "images", "tokens per image", "tokens", "how",
                        "source"],
                       [[r["checkpoint"], r["images"], r["tokens_per_image"],
                         r["tokens"], r["how"], r["source"]] for r in rows]))
        return
    for r in rows:
        if r["tokens"] is None:
            out.print(f"{escape(r['checkpoint'])}: no sourced image-token rule")
            continue
        n = r["images"]
        out.print(f"[bold]{escape(r['checkpoint'])}[/bold]: {n} image"
                  f"{'' if n == 1 else 's'} of {r['image_size']} = "
                  f"{n:,} x {r['tokens_per_image']:,} = [bold]{r['tokens']:,} "
                  f"tokens[/bold]\n  {escape(r['how'])}; {escape(r['note'])}\n  "
                  f"source: {escape(r['source'])}")


def glossary(entries: list, fmt: str, out: Console) -> None:
    """`advisor glossary` entries (term, category, definition) as a table of
    JSON or Markdown; the terminal form is printed by the command."""
    if fmt == "json":
        print(dump_json([{"term": e.term, "category": e.category,
                          "definition": e.definition} for e in entries]))
    else:
        print(md_table(["term", "category", "definition"],
                       [[e.term, e.category, e.definition] for e in entries]))
