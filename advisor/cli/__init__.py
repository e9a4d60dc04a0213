"""The `advisor` command: parse, make one call into the public API, render.

pandas, scikit-learn, rich and questionary are imported inside the commands that
need them, so that `advisor --help` and `advisor --version` start at once.
"""

from __future__ import annotations

import os
import sys
import warnings

import click

from .. import __version__, vocab
from ..errors import AdvisorError, AdvisorWarning, printable
from ..requirements import SPECS
from .flags import gather, requirement_options

FORMATS = click.Choice(["table", "json", "markdown"])
EXPORT_FORMATS = click.Choice(["table", "json", "markdown", "csv"])

catalog_option = click.option("--catalog", "catalog_path", default=None, metavar="PATH",
                              help="A catalog CSV (default: the bundled catalog).")
origin_option = click.option("--origin", default=None, metavar="ORIGIN",
                             help="Only rows of this origin, e.g. seed.")
evidence_option = click.option(
    "--evidence", default=None, metavar="PATH",
    help="Your own evidence CSV of published benchmark numbers (default: the "
         "bundled evidence.csv).")
facts_option = click.option(
    "--facts", default="sourced", metavar="sourced|seed|PATH", show_default=True,
    help="sourced: published values (facts.csv) correct and complete the cells; "
         "seed: every cell exactly as typed; or your own facts CSV.")
format_option = click.option("--format", "fmt", type=FORMATS, default="table",
                             show_default=True, help="Output format.")
export_option = click.option("--format", "fmt", type=EXPORT_FORMATS, default="table",
                             show_default=True,
                             help="Output format; csv cells that a spreadsheet would "
                                  "run as formulas are neutralised.")


def _catalog(path, origin=None, facts="sourced"):
    # the fitted index is cached, so that the next question needs numpy only
    from pathlib import Path

    from ..loader import bundled_catalog_path, index_steps, load_catalog
    from .progress import Indexing
    try:
        size = Path(path or bundled_catalog_path()).stat().st_size
    except OSError:  # the loader says what is wrong with the path
        size = 0
    with Indexing(size, index_steps(cache=True)) as step:
        return load_catalog(path, origin=origin, facts=facts, cache=True,
                            step=step)


def _out():
    from .render import console
    return console()


def _dashes(token: str) -> str:
    """Option and command names with underscores read as dashes: --min_token_limit
    is --min-token-limit, why_not is why-not (values are left as typed)."""
    return token.replace("_", "-")


@click.group(invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"],
                               "token_normalize_func": _dashes})
@click.version_option(__version__, "--version", prog_name="advisor")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Which vision-language model should I use?

    Ranked, explained suggestions from a catalog of vision-language and multimodal
    models. Run `advisor` on a terminal for a guided wizard, or ask directly:

    \b
      advisor recommend --open-license --min-image-resolution 336 --min-token-limit 2k
      advisor explain clip
      advisor why-not blip-2 --min-token-limit 2k
      advisor glossary "dual encoder"
    """
    if ctx.invoked_subcommand is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):  # a pipe, a script
            click.echo(ctx.get_help())
            ctx.exit(0)
        ctx.invoke(wizard_command)


def catalog_options(f):
    """Which catalog a command reads: --catalog, --origin and --facts."""
    for option in (facts_option, origin_option, catalog_option):
        f = option(f)
    return f


def query_options(f):
    """The options of a command that asks a question of the catalog: every
    requirement flag, the catalog, its origin and facts, and the evidence."""
    for option in (evidence_option, catalog_options, requirement_options):
        f = option(f)
    return f


def _advise(params: dict, catalog_path, origin, facts, evidence):
    from .. import advise
    return advise(gather(params), catalog=_catalog(catalog_path, origin, facts),
                  evidence=evidence)


@cli.command()
@query_options
@export_option
def recommend(catalog_path, origin, facts, evidence, fmt, **params) -> None:
    """Rank the models that meet your requirements.

    \b
    Examples:
      advisor recommend --open-license --min-image-resolution 336 --min-token-limit 2k
      advisor recommend --task vqa --max-params 7B --gpu-memory-gb 24 --precision int8
      advisor recommend --similar-to clip --top-k 3 --format json
      advisor recommend --requirements needs.json --commercial-use

    When nothing fits, the output says which requirements to relax (exit 0).
    """
    from . import render
    result = _advise(params, catalog_path, origin, facts, evidence)
    render.advice(result, fmt, _out(), hint=" with the same flags")


@cli.command()
@query_options
@export_option
def leaderboard(catalog_path, origin, facts, evidence, fmt, **params) -> None:
    """Published benchmark numbers of the models that meet your requirements.

    One column per benchmark of the requested tasks (of each model's own job when
    no task is given), ranked as `recommend` ranks them, each number with its
    checkpoint and kind; the sources follow.

    \b
    Examples:
      advisor leaderboard --task ocr --open-weights --gpu-memory-gb 24
      advisor leaderboard --task zero-shot-classification --format markdown
    """
    from . import render
    result = _advise(params, catalog_path, origin, facts, evidence)
    render.leaderboard(result.leaderboard(), fmt, _out())


@cli.command()
@click.argument("model")
@catalog_options
@format_option
def explain(model, catalog_path, origin, facts, fmt) -> None:
    """A model's card: facts, parsed ranges, glossary definitions, caveats, source.

    \b
    Example:
      advisor explain clip
    """
    from ..explain import model_glossary
    from . import render
    cat = _catalog(catalog_path, origin, facts)
    m = cat[model]
    numbers = _numbers(cat, [m])[0]
    render.card(m, model_glossary(m), fmt, _out(), numbers)


def _numbers(cat, chosen) -> list[list[dict[str, str]]]:
    """The bundled evidence's numbers of each chosen model, placed among the
    catalog's models without a size limit."""
    from ..engine import evidence_of, placed_of
    from ..evidence import model_numbers
    ev, placed = evidence_of(cat, None), placed_of(cat, None, float("inf"))
    return [model_numbers(ev, placed, cat.position(m.name)) for m in chosen]


@cli.command("why-not")
@click.argument("model")
@query_options
@format_option
def why_not(model, catalog_path, origin, facts, evidence, fmt, **params) -> None:
    """Which of your requirements rule MODEL out, with the numbers.

    \b
    Example:
      advisor why-not blip-2 --open-license --min-token-limit 2k
    """
    from . import render
    result = _advise(params, catalog_path, origin, facts, evidence)
    name = result.catalog.resolve(model)
    render.text(result.why_not(model), fmt, "why_not",
                {"model": name, "requirements": result.requirements.to_dict()})


@cli.command()
@click.argument("models", nargs=-1, required=True)
@catalog_options
@format_option
def compare(models, catalog_path, origin, facts, fmt) -> None:
    """Two or more models side by side; * marks the better value in each row
    (a number only against another model's number, never against an unknown).

    \b
    Example:
      advisor compare clip siglip blip
    """
    from . import render
    if len(models) < 2:
        raise AdvisorError(f"compare: {len(models)} model given; name two or more")
    cat = _catalog(catalog_path, origin, facts)
    chosen = [cat[m] for m in models]
    numbers = _numbers(cat, chosen)
    render.compare(chosen, fmt, _out(), numbers)


@cli.command()
@click.argument("model")
@click.option("--top-k", default="5", metavar="N", help="How many.", show_default=True)
@catalog_options
@format_option
def similar(model, top_k, catalog_path, origin, facts, fmt) -> None:
    """The models nearest to MODEL by cosine similarity of their feature vectors.

    \b
    Example:
      advisor similar clip --top-k 3
    """
    from .. import advise
    from . import render
    result = advise({"similar_to": model, "top_k": top_k, "rank_by": "similarity"},
                    catalog=_catalog(catalog_path, origin, facts))
    if fmt != "table":
        render.advice(result, fmt, _out())
        return
    rows = []
    for r in result:
        m = result.catalog[r.name]
        rows.append([r.rank, r.name, f"{r.similarity:.3f}", m.raw["model_type"],
                     m.raw["architecture"], m.raw["loss_function"]])
    _out().print(render.rich_table(
        f"Nearest to {render.escape(result.requirements.similar_to)}",
        ["#", "model", "similarity", "type", "architecture", "loss"], rows))


@cli.command()
@click.argument("model")
@click.option("--image-size", required=True, metavar="WxH",
              help="Image width x height in pixels, e.g. 2048x1536.")
@click.option("--images", default="1", metavar="N", show_default=True,
              help="Images per prompt.")
@catalog_options
@format_option
def tokens(model, image_size, images, catalog_path, origin, facts, fmt) -> None:
    """The language-model tokens MODEL's images cost, per checkpoint, and how.

    \b
    Example:
      advisor tokens qwen2.5-vl-7b --image-size 2048x1536 --images 4
    """
    from ..engine import checkpoints
    from ..memory import image_tokens, parse_size
    from ..requirements import validate
    from . import render
    size, n = parse_size(image_size), validate("images", images)
    name, archs = checkpoints(model, _catalog(catalog_path, origin, facts),
                              tokens=True)
    rows = []
    for arch in archs:
        each, how = image_tokens(arch.rule, *size) if arch.rule else (None, "")
        rows.append({"checkpoint": arch.checkpoint, "image_size":
                     f"{size[0]}x{size[1]}", "images": n, "tokens_per_image": each,
                     "tokens": None if each is None else n * each, "how": how,
                     "note": arch.rule.note if arch.rule else "",
                     "source": arch.rule.source if arch.rule else ""})
    render.tokens(name, rows, fmt, _out())


@cli.command()
@click.argument("model")
@click.option("--gpu-memory-gb", required=True, metavar="GB", help="GPU memory, GB.")
@click.option("--precision", default="fp16", show_default=True, metavar="P",
              help="Precision of the weights: fp32, fp16, bf16, int8, int4.")
@click.option("--image-size", default=None, metavar="WxH",
              help="Image width x height in pixels (default: images not counted).")
@click.option("--images", default="1", metavar="N", show_default=True,
              help="Images per prompt.")
@click.option("--context-tokens", default=str(SPECS["context_tokens"].default),
              metavar="N", show_default=True,
              help="Text tokens to serve (prompt and answer).")
@click.option("--batch", default="1", metavar="N", show_default=True,
              help="Sequences at once.")
@click.option("--attention", default="flash", metavar="HOW", show_default=True,
              help="How the vision encoder attends: flash (its attention matrix is "
                   "never stored) or eager (transformers without flash-attn: the "
                   "matrix is counted).")
@catalog_options
@format_option
def fit(model, gpu_memory_gb, precision, image_size, images, context_tokens, batch,
        attention, catalog_path, origin, facts, fmt) -> None:
    """What fits: each checkpoint of MODEL against your GPU, term by term, with
    the largest context and image that fit.

    \b
    Examples:
      advisor fit qwen2.5-vl-7b --gpu-memory-gb 24 --image-size 2048x2048
      advisor fit internvl2.5 --gpu-memory-gb 24 --precision int4
      advisor fit qwen2-vl --gpu-memory-gb 24 --image-size 1024x1024 --attention eager
    """
    from .. import fit as fit_model
    from . import render
    cat = _catalog(catalog_path, origin, facts)
    settings = {"precision": precision, "images": images,
                "context_tokens": context_tokens, "batch": batch,
                "attention": attention}
    if image_size:
        settings["image_size"] = image_size
    fits = fit_model(model, gpu_memory_gb, cat, **settings)
    render.fits(cat.resolve(model), fits, fmt, _out())


@cli.command()
@click.argument("term", required=False)
@format_option
def glossary(term, fmt) -> None:
    """All glossary entries, or the one for TERM (close matches accepted).

    \b
    Examples:
      advisor glossary
      advisor glossary infonce
    """
    from .. import glossary as g
    out = _out()
    if fmt != "table":
        from . import render
        chosen = [e for e in g.entries() if not term or e.category == g.category(
            term)] if not term or g.category(term) else [g.get(term)]
        render.glossary(chosen, fmt, out)
        return
    if term and _benchmark_words(term, out):
        return
    if term and g.category(term) is None:
        e = g.get(term)
        out.print(f"[bold]{e.term}[/bold] ({e.category}): {e.definition}")
        return
    for category in [g.category(term)] if term else g.CATEGORIES:
        out.print(f"\n[bold underline]{category}[/bold underline]")
        for e in g.entries():
            if e.category == category:
                out.print(f"  [bold]{e.term}[/bold]: {e.definition}")


def _benchmark_words(term: str, out) -> bool:
    """`advisor glossary Benchmark` (an explanation's label) or a benchmark's name:
    the definitions of the evidence registry. False when the term is neither."""
    from rich.markup import escape

    from ..evidence import BENCHMARKS
    folded = term.strip().casefold()
    hits = [b for b in BENCHMARKS if folded in ("benchmark", "benchmarks")
            or folded in {b.name.casefold(), b.id, *(x.casefold() for x in b.labels)}]
    for b in hits:
        out.print(f"[bold]{escape(b.name)}[/bold] (Benchmark; {escape(b.setting)}, "
                  f"{escape(b.metric)}): {escape(b.definition)}")
    return bool(hits)


@cli.group()
def catalog() -> None:
    """Show or check a catalog CSV."""


@catalog.command("show")
@click.argument("path", required=False)
@origin_option
@facts_option
@export_option
def catalog_show(path, origin, facts, fmt) -> None:
    """The parsed catalog: raw strings and the numbers read from them.

    \b
    Examples:
      advisor catalog show
      advisor catalog show my_models.csv --format markdown
    """
    from . import render
    render.catalog(_catalog(path, origin, facts), fmt, _out())


@catalog.command("status")
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]),
              default="table", show_default=True, help="Output format.")
def catalog_status(path, fmt) -> None:
    """How current the catalog is: its as-of date, its newest release, how many
    models of each origin and lifecycle status; a warning when its as-of date is
    more than three months before today.

    \b
    Example:
      advisor catalog status
    """
    from ..audit import STALE_MONTHS, freshness
    from .render import dump_json
    from .render import escape as escape_text
    f = freshness(_catalog(path))
    if fmt == "json":
        click.echo(dump_json(f.to_dict()))
        return
    out = _out()
    out.print(f"as of: {f.as_of}")
    out.print(f"newest release: {escape_text(f.newest[0])} ({f.newest[1]})")
    out.print("by origin: " + ", ".join(f"{escape_text(k)} {v:,}"
                                        for k, v in f.origins.items()))
    out.print("by status: " + ", ".join(f"{k} {v:,}" for k, v in f.statuses.items()))
    if f.stale:
        out.print(f"[bold yellow]warning:[/] the catalog is {f.months_old} months "
                  f"older than today (more than {STALE_MONTHS}); models released "
                  "since are missing: import a feed (`advisor catalog import`)")


@catalog.command("validate")
@click.argument("path", required=False)
def catalog_validate(path) -> None:
    """List every problem in a catalog CSV, with row and column; exit 1 if any.

    \b
    Example:
      advisor catalog validate my_models.csv
    """
    from ..loader import bundled_catalog_path, validate_catalog
    problems = validate_catalog(path or bundled_catalog_path())
    for p in problems:
        click.echo(printable(p))
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    # a path is text from the user's disk: its control characters are shown as
    # escapes, never sent to the terminal (click strips them only when piped)
    click.echo(f"{bounded(printable(path)) if path else 'the bundled catalog'}: no "
               "problems found.")


def _column_options(f):
    from ..columns import COLUMNS
    for column in reversed(COLUMNS):
        f = click.option("--" + column.replace("_", "-"), column, default=None,
                         metavar="TEXT", help=f"The {column} column.")(f)
    return f


@catalog.command("add")
@click.option("--catalog", "catalog_path", required=True, metavar="PATH",
              help="Your catalog CSV (created if missing; never the bundled one).")
@_column_options
def catalog_add(catalog_path, **values) -> None:
    """Append a validated model to your catalog CSV, safely.

    One flag per catalog column; on a terminal the wizard asks for what is missing.
    The file is replaced atomically, the previous version kept as PATH.bak, every
    other row kept byte for byte.

    \b
    Example:
      advisor catalog add --catalog my.csv --name TinyCLIP --model-type VLM \\
        --architecture "Dual Encoder" --parameter-count ~90M --token-limit 77 \\
        --image-resolution 224x224 --license "MIT (open)"
    """
    from ..edit import ADD_REQUIRED, add_model
    row = {k: v for k, v in values.items() if v is not None}
    if sys.stdin.isatty() and sys.stdout.isatty():
        from .wizard import ask_columns
        row = ask_columns(row)
    elif any(not row.get(k) for k in ADD_REQUIRED):
        missing = [f"--{k.replace('_', '-')}" for k in ADD_REQUIRED if not row.get(k)]
        raise AdvisorError(f"catalog add: missing {', '.join(missing)} (on a terminal "
                           "the wizard asks for them)")
    import os
    existed = os.path.exists(catalog_path)
    m = add_model(catalog_path, row)
    where = bounded(printable(catalog_path))
    # the copy is written beside the file a link points to, and named there
    kept = (f" (previous version: {bounded(printable(os.path.realpath(catalog_path)))}"
            ".bak)") if existed else ""
    click.echo(f"Added {bounded(printable(m.name))} to {where}{kept}.")


@catalog.command("import")
@click.option("--from", "source_kind", required=True,
              type=click.Choice(list(vocab.REGISTRIES)),
              help="The registry. SOURCE is, for " + "; for ".join(
                  f"{k}, {v}" for k, v in vocab.REGISTRIES.items()) + ".")
@click.argument("source", required=False)
@click.option("--into", required=True, metavar="PATH",
              help="Your catalog CSV (created if missing; never the bundled one).")
@click.option("--only", multiple=True, metavar="KEY",
              help="Import just this entry: gpt-4o (litellm), openai/gpt-5 "
                   "(models.dev), Qwen/Qwen2.5-VL-7B-Instruct (hf). Repeatable.")
@click.option("--id", "ids", multiple=True, metavar="REPO",
              help="With --from hf: a Hub repository to import (asks the Hub when "
                   "no SOURCE is given). Repeatable.")
@click.option("--commit", default=None, metavar="SHA",
              help="With --from models.dev-tree: the commit of the checkout, so that "
                   "each row cites its TOML on GitHub at that commit (else the local "
                   "file).")
@click.option("--evidence-into", default=None, metavar="PATH",
              help="With --from models.dev-tree: your evidence CSV (created if "
                   "missing), which takes the numbers of the registry's benchmarks "
                   "in each TOML's [[benchmarks]].")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def catalog_import(source_kind, source, into, only, ids, commit, evidence_into,
                   dry_run) -> None:
    """Import the vision models of a registry into your catalog CSV, merged: new
    rows added, and of matching rows only the columns the registry owns updated
    (litellm: context, inputs, prices; models.dev: those, open weights and release
    date; models.dev-tree: context, inputs, open weights, release date, Hub
    repository, parameter count; hf: parameter count, licence id, repository).

    SOURCE is a file or a URL (only then is the network used); without it, litellm
    reads the installed package's copy and hf asks the Hub for each --id (e.g.
    --from hf --id Qwen/Qwen2.5-VL-7B-Instruct --into my.csv).

    \b
    Examples:
      advisor catalog import --from litellm prices.json --into my.csv --dry-run
      advisor catalog import --from litellm prices.json --into my.csv --only gpt-4o
      advisor catalog import --from models.dev api.json --into my.csv
      advisor catalog import --from hf models.json --id Qwen/Qwen3.6-27B --into my.csv
      advisor catalog import --from models.dev-tree models.dev --into my.csv
      advisor catalog import --from models.dev-tree models.dev --commit f3fc692 \\
        --into my.csv --evidence-into my-evidence.csv
    """
    from ..imports import catalog_import as run_import
    from . import render
    if ids and source_kind != "hf":
        raise AdvisorError(f"catalog import: --id names Hub repositories; with --from "
                           f"{source_kind} use --only")
    if evidence_into and source_kind != "models.dev-tree":
        raise AdvisorError(f"catalog import: --evidence-into takes the benchmarks of "
                           f"a models.dev tree; --from {source_kind} has none")
    result = run_import(source_kind, source, into, dry_run=dry_run,
                        only=tuple(only) + tuple(ids), commit=commit,
                        evidence_into=evidence_into)
    render.import_plan(result, dry_run, _out())


@catalog.command("audit")
@click.argument("path", required=False)
@origin_option
@facts_option
@format_option
@click.option("--all", "show_all", is_flag=True, help="List every model with a gap.")
@click.option("--against", default=None, metavar="SOURCE",
              help="A registry's file or URL (see --registry): list where the "
                   "catalog's values of the columns it owns differ from it.")
@click.option("--registry", default="litellm", show_default=True,
              type=click.Choice(list(vocab.REGISTRIES)),
              help="What --against is.")
def catalog_audit(path, origin, facts, fmt, show_all, against, registry) -> None:
    """What to fix next: the models whose unknown values leave the most
    requirements unknown (an undisclosed size: max_params, min_params, GPU memory);
    with --against, the drift from a registry.

    \b
    Examples:
      advisor catalog audit --origin curated
      advisor catalog audit --against prices.json
      advisor catalog audit --against api.json --registry models.dev
    """
    from . import render
    cat = _catalog(path, origin, facts)
    if against is not None:
        from ..imports import drift
        render.drift(drift(cat, against, kind=registry), against, fmt, _out())
        return
    from ..audit import audit
    render.audit(audit(cat), len(cat), fmt, _out(), None if show_all else 15)


@cli.group()
def evidence() -> None:
    """Published benchmark numbers: import them from a leaderboard."""


@evidence.command("import")
@click.option("--from", "source_kind", required=True, type=click.Choice(["mmmu"]),
              help="The feed: mmmu, the MMMU leaderboard's leaderboard_data.json "
                   "(MMMU-Benchmark/mmmu-benchmark.github.io).")
@click.argument("source")
@click.option("--into", required=True, metavar="PATH",
              help="Your evidence CSV (created if missing; never the bundled one).")
@click.option("--commit", default=None, metavar="SHA",
              help="The leaderboard repository's commit the file is from: each number "
                   "cites the file on GitHub at it. Required: a number needs a "
                   "source.")
@click.option("--dry-run", is_flag=True,
              help="Show what would be added; write nothing.")
@catalog_options
def evidence_import(source_kind, source, into, commit, dry_run, catalog_path, origin,
                    facts) -> None:
    """Add a leaderboard's numbers for the catalog's models to your evidence CSV:
    each entry matched to a row by its name, aliases or Hub repository (never
    guessed; unmatched entries are listed), its setting kept apart (a 'thinking',
    'CoT' or 'w/ tools' entry is filed under that setting's own benchmark).

    \b
    Example:
      advisor evidence import --from mmmu leaderboard_data.json --commit 9092d1b \\
        --into my-evidence.csv --catalog my.csv
    """
    # numpy and pandas: only for this command
    from ..edit import write_evidence
    from ..feeds import LEADERBOARD_BASE, mmmu_evidence, read_leaderboard
    if commit is None or not vocab.GIT_COMMIT.fullmatch(commit):
        raise AdvisorError("evidence import: --commit SHA (7 to 40 hex digits) names "
                           "the leaderboard's commit, which each number cites; got "
                           f"{printable(commit)[:60]!r}")
    cat = _catalog(catalog_path, origin, facts)
    rows, unmatched, refused = mmmu_evidence(read_leaderboard(source), cat,
                                             LEADERBOARD_BASE.format(commit=commit))
    added = len(rows) if dry_run else write_evidence(into, rows)
    for r in rows:
        click.echo(bounded(printable(f"{r['model']} <- {r['variant']}: "
                                     f"{r['benchmark']} {r['value']} ({r['kind']})")))
    for name in unmatched:
        click.echo(f"unmatched (no catalog row answers to it): "
                   f"{bounded(printable(name))}")
    for name, why in refused:
        click.echo(f"refused {bounded(printable(name))}: {bounded(printable(why))}")
    click.echo(f"{'dry run: ' if dry_run else ''}matched {len(rows):,} numbers, "
               f"{'would add' if dry_run else 'added'} {added:,} to "
               f"{bounded(printable(into))}; unmatched {len(unmatched):,} entries; "
               f"refused {len(refused):,}")


@cli.command("wizard")
@catalog_options
def wizard_command(catalog_path, origin, facts) -> None:
    """Answer one question at a time, then explore the ranking.

    Needs a terminal; elsewhere use `advisor recommend` with flags.

    \b
    Examples:
      advisor
      advisor wizard --origin seed
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise AdvisorError("wizard: needs a terminal; without one, use `advisor "
                           "recommend` with flags (see `advisor recommend --help`)")
    import shlex

    from .wizard import run
    prog = "advisor recommend"
    if catalog_path:
        prog += f" --catalog {shlex.quote(catalog_path)}"
    if origin:
        prog += f" --origin {shlex.quote(origin)}"
    if facts != "sourced":
        prog += f" --facts {shlex.quote(str(facts))}"
    run(_catalog(catalog_path, origin, facts), prog)


@cli.command("serve")
@click.option("--catalog", "catalog_path", default=None, metavar="PATH",
              help="Your catalog CSV (default: the bundled one).")
@click.option("--port", default=8866, show_default=True, type=click.IntRange(1, 65535),
              help="The port on localhost.")
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help="Open the page in your browser.")
def serve(catalog_path, port, open_browser) -> None:
    """The explorer as a web page on localhost: every requirement as a control.

    The same app as advisor.explore() in a notebook, served by Voilà; Ctrl-C stops
    it. Needs the explore extra (pip install 'advisor[explore]').

    \b
    Example:
      advisor serve --port 8866
    """
    import os

    from ..explore import serve_command  # Voilà only when the page is served
    if catalog_path is not None:
        _catalog(catalog_path, None, "sourced")  # a bad file: one error line, now
    argv = serve_command(catalog_path, port, open_browser)
    sys.stdout.flush()
    # this process becomes the server: Ctrl-C and a stop signal reach Voilà itself,
    # which shuts its kernel down (a child would be left running)
    os.execv(argv[0], argv)


def _warn(message, category, filename, lineno, file=None, line=None) -> None:
    click.echo(f"warning: {bounded(printable(message))}", err=True)


MOST_ECHOED = 2000  # characters of one error or warning line


def bounded(text: str) -> str:
    """One message line, cut to MOST_ECHOED characters (a 1M-character value)."""
    if len(text) <= MOST_ECHOED:
        return text
    return f"{text[:MOST_ECHOED]}... ({len(text):,} characters in all)"


def main(argv: list[str] | None = None) -> None:
    """Entry point: library errors become one line on stderr and exit code 2;
    library warnings one line each."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", AdvisorWarning)
            warnings.simplefilter("ignore", RuntimeWarning)  # numpy's, not yours
            warnings.showwarning = _warn
            cli.main(args=argv, prog_name="advisor", standalone_mode=False)
    except AdvisorError as e:
        click.echo(f"error: {bounded(printable(e))}", err=True)
        sys.exit(2)
    except click.exceptions.NoArgsIsHelpError as e:  # pragma: no cover - click 8.2+
        click.echo(e.ctx.get_help() if e.ctx else str(e))
        sys.exit(2)
    except click.UsageError as e:
        hint = f" (see `{e.ctx.command_path} --help`)" if e.ctx else ""
        click.echo(f"error: {e.format_message()}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as e:
        click.echo(f"error: {e.format_message()}", err=True)
        sys.exit(e.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt, EOFError):
        click.echo("\nbye.", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `advisor ... | head`
        sys.exit(0)
    except Exception as e:  # a bug of ours: one line, never a traceback
        if os.environ.get("ADVISOR_DEBUG"):
            raise
        click.echo(f"error: internal error ({type(e).__name__}: "
                   f"{bounded(printable(e))}); please report it with the command; "
                   "ADVISOR_DEBUG=1 shows the traceback", err=True)
        sys.exit(70)
