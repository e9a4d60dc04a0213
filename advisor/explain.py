"""Words: every sentence ``advisor`` says about a ranking, made in one place.

The check sentences fill the templates each requirement's rule declares
(``requirements.SCHEMA``); the rest are the explanation of a recommendation (quoting
the glossary and citing the source), the no-fit message, relaxation lines, rank and
rejection sentences, and the advice table's columns. The API, the CLI and the
notebook all call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import glossary, memory, vocab
from .parsing import format_count, format_date
from .requirements import SPECS, Rule
from .rules import OVERHEAD, context_asked, image_size, settings, weights_gb
from .vocab import Status

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import ModelInfo

__all__ = ["NO_FIT", "ALL_EXCLUDED", "NOTHING_ASKED", "NO_TASK", "ADVICE_COLUMNS",
           "model_glossary", "explanation", "check_sentence", "relaxation_line",
           "rank_sentence", "rejection_sentence", "advice_row", "export_row",
           "names_list", "checked_text", "sourced", "table_text", "or_unknown",
           "SOURCED_NOTE", "with_evidence", "capability_gap", "lifecycle_said",
           "tasks_by_evidence"]

NO_FIT = "No model meets every requirement."
ALL_EXCLUDED = ("Every model is excluded: exclude names all {n:,} models of the "
                "catalog, so none is left to rank; take names out of exclude.")
NOTHING_ASKED = ("No requirement was given, so every model passes; the ranking is the "
                 "default order: {order}.")
# the job ranked when no task is given (evidence.relevance's kinds: 0 encoder, 1
# assistant), as the note before the ranking says it
NO_TASK = {
    1: ("No task was given: most models that meet the requirements are assistants, "
        "so models that answer, caption or read images rank first (on general VQA "
        "benchmarks) and encoders and retrievers follow. Ask a task (--task "
        "retrieval, embedding, zero-shot-classification) to rank those."),
    0: ("No task was given: most models that meet the requirements are encoders, "
        "so encoders and retrievers rank first (on ImageNet zero-shot) and "
        "assistants follow. Ask a task (--task vqa, captioning, ocr) to rank those."),
}

# the columns whose words the glossary defines, and the category it files them in
# (the components name techniques: native resolution, mixture of experts)
_GLOSSARY_COLUMNS = (("model_type", "Model Type"), ("architecture", "Architecture"),
                     ("training_objective", "Training Objective"),
                     ("loss_function", "Loss Function"),
                     ("vision_component", "Technique"),
                     ("text_component", "Technique"))
_OPS = {("at least", Status.MET): ">=", ("at least", Status.UNMET): "<",
        ("at most", Status.MET): "<=", ("at most", Status.UNMET): ">"}


# -- check sentences -------------------------------------------------------------------
def _n(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.3g}"


def checked_text(m: ModelInfo, column: str) -> str:
    """The text a check reads: the sourced value, else the cell as typed."""
    fact = m.facts.get(column)
    return fact.value if fact else m.raw.get(column, "")


def _stated(m: ModelInfo, column: str) -> str:
    what = column.replace("_", " ")
    text = checked_text(m, column)
    return f"{what} {text!r} is unknown" if text else f"{what} is not in the catalog"


def sourced(m: ModelInfo, column: str) -> str:
    """' (sourced: note, URL, as of DATE; the seed table says '770M'; earlier:
    ...)' where a fact corrects or completes the cell; ' (the cell's source,
    newer than: ...)' where the cell outdates a fact; else ''."""
    fact, earlier = m.facts.get(column), m.earlier.get(column)
    older = f"; earlier: {earlier}" if earlier else ""
    if fact is None:
        return f" (its own source is newer than: {earlier})" if earlier else ""
    who = "the seed table" if m.raw.get("origin") == "seed" else "the catalog"
    raw = m.raw.get(column, "")
    said = f"{who} says {raw!r}" if raw else f"{who} leaves it empty"
    when = f", as of {fact.as_of}" if fact.as_of else ""
    return f" (sourced: {fact.note}, {fact.source}{when}; {said}{older})"


def _largest(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    r = getattr(m, rule.column)
    n = rule.format if rule.fmt == "count" else _n  # '7B', else '2,048'
    if st == Status.UNKNOWN and r.low is None:
        return "unknown", {"stated": _stated(m, rule.column), "need": n(need)}
    if st == Status.UNKNOWN:
        return "open", {"raw": checked_text(m, rule.column), "value": n(r.low),
                        "need": n(need)}
    return "known", {"value": n(r.best), "need": n(need)}


def _smallest(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    r = getattr(m, rule.column)
    if st == Status.UNKNOWN:
        return "unknown", {"stated": _stated(m, rule.column)}
    cell = checked_text(m, rule.column)
    value = (f"smallest variant ~{format_count(r.low)} (of {cell})"
             if r.high != r.low else f"~{format_count(r.low)} parameters")
    return "known", {"value": value, "need": rule.format(need)}


def memory_fit(m: ModelInfo, req: Any) -> dict[str, Any] | None:
    """For an export: the largest variant of ``m`` that fits ``gpu_memory_gb``
    (its label, GB and the term that binds), as the check words it; None when no
    variant with data fits or nothing is asked."""
    if req.gpu_memory_gb is None or m.open_weights == "no":
        return None
    found = memory.options(memory.bundled_archs(), m.name, m.parameter_count.low,
                           settings(req))
    fitting = [o for o in found if o.total <= req.gpu_memory_gb]
    low = m.parameter_count.low
    if not found and low is not None:  # no architecture data: the rule of thumb
        total = weights_gb(low, req.precision)
        return None if total > req.gpu_memory_gb else {
            "checkpoint": memory.catalog_variant(m.name, low).checkpoint,
            "total_gb": round(total, 2), "binding": "the weights (rule of thumb)",
            "rule_of_thumb": True}
    if not fitting:
        return None
    best = fitting[-1]
    return {"checkpoint": best.label, "total_gb": round(best.total, 2),
            "binding": best.estimate.binding() if best.estimate else
            "the weights (rule of thumb)", "rule_of_thumb": best.estimate is None}


def _weights_gb(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    if m.open_weights == "no":
        return "api", {}
    s = settings(req)
    found = memory.options(memory.bundled_archs(), m.name, m.parameter_count.low, s)
    r = m.parameter_count
    if found:
        template, said = _variants_said(found, need)
        top = memory.variants(memory.bundled_archs(), m.name)[-1].params
        if r.high and r.high > top * 1.1:  # a family larger than its data
            said["larger"] += (f"; larger variants (up to ~{format_count(r.high)}) "
                               "have no architecture data")
        return template, said
    limit = m.token_limit.best
    if context_asked(s) and limit is not None and \
            limit < req.context_tokens:
        return "context", {"limit": f"{limit:,.0f}", "tokens": table_text(
            m, "token_limit"), "context": f"{req.context_tokens:,}"}
    if r.low is None:
        return "unknown", {"stated": _stated(m, rule.column)}
    precision = req.precision
    largest = ""
    if r.high and r.high != r.low:  # a range: its other end, by the same rule
        top = weights_gb(r.high, precision)
        largest = (f"; the largest (~{format_count(r.high)}) "
                   + (f"fits too (~{top:.1f} GB)" if top <= need else
                      f"needs ~{top:.1f} GB"))
    return "known", {"value": f"{weights_gb(r.low, precision):.1f}",
                     "largest": largest,
                     "whose": "the smallest variant's weights" if r.high != r.low
                     else "weights", "precision": precision,
                     "params": format_count(r.low),
                     "bytes": vocab.PRECISIONS[precision].per_weight,
                     "overhead": OVERHEAD, "need": rule.format(need)}


def _variants_said(found: list, need: float) -> tuple[str, dict[str, Any]]:
    """The largest variant that fits and its terms, the larger ones that do not;
    or, when none fits, the smallest one and the term that breaks it."""
    short = lambda label: label.split("/")[-1]  # noqa: E731  the checkpoint's name
    fitting = [o for o in found if o.total <= need]
    larger = "".join(f"; {short(o.label)} " + (
        f"holds only {o.positions:,} positions" if o.positions else
        f"needs ~{o.total:.1f} GB") for o in found if o.total > need)
    if not fitting and found[0].positions:
        o = found[0]
        return "positions", {"larger": "", "smallest": short(o.label),
                             "tokens": f"{o.estimate.tokens:,}",
                             "positions": f"{o.positions:,}"}
    if not fitting:
        o = found[0]
        return "none", {"larger": "", "smallest": short(o.label),
                        "value": f"{o.total:.1f}", "need": f"{need:g}",
                        "binding": o.estimate.binding() if o.estimate
                        else "the weights (rule of thumb)"}
    best = fitting[-1]
    said = {"fits": short(best.label), "value": f"{best.total:.1f}",
            "need": f"{need:g}", "larger": larger}
    if best.estimate is None:
        return "fits_thumb", said
    missing = best.estimate.not_counted
    return "fits", said | {"terms": ", ".join(
        f"{k} {v:.1f} GB" for k, v in best.estimate.terms.items()) + (
        f"; not counted: {missing}" if missing else "")}


def _yes(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    return str(st), {"license": m.license, "commercial_use": m.commercial_use,
                     "terms": m.license_spdx or m.license or "no license given",
                     "where": f" ({m.hf_id})" if m.raw.get("hf_id") else ""}


def _bits(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    stated = getattr(m, rule.column)
    implied = [t for t in need if t in m.implied_tasks] if rule.column == "tasks" \
        else []
    have = [*stated, *(m.implied_tasks if rule.column == "tasks" else ())]
    why = "".join(f"; {t} implied by " + vocab.implied_by(t, stated, m.modalities)
                  for t in implied)
    missing = [w for w in need if w not in have]
    finer = st == Status.UNKNOWN and bool(stated) and rule.column == "tasks"
    return "finer" if finer else str(st), {
        "key": rule.column, "need": ", ".join(need), "have": ", ".join(stated) + why,
        "missing": ", ".join(missing),
        "broad": ", ".join(dict.fromkeys(vocab.FINER_TASKS.get(w, w) for w in missing))}


def _price(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    price = checked_text(m, rule.column).strip()
    if not price:
        return ("self" if m.open_weights == "yes" else "unknown"), {}
    return "known", {"value": price.removeprefix("$"), "need": rule.format(need)}


def _usd(m: ModelInfo, column: str) -> float | None:
    """A price the checks read (the sourced value, else the cell), or None."""
    try:
        return float(checked_text(m, column).strip().removeprefix("$"))
    except ValueError:
        return None


def _image_cost(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    """The arithmetic of one image's cost: its tokens under the model's rule at
    ``image_size`` x the input price, plus any price per image."""
    w, h = settings_size = image_size(req)
    price, each = _usd(m, "input_price_per_mtok"), _usd(m, "price_per_image")
    rule_ = memory.image_rules().get(m.name)
    if rule_ is None or price is None:
        if each is not None:
            return "known", {"how": f"${each:g} per image", "value": f"{each:g}",
                             "need": f"{need:g}"}
        if m.open_weights == "yes" and price is None:
            return "self", {}
        why = ("no sourced image-token rule for it" if rule_ is None else
               "no API input price in the catalog")
        return "unknown", {"why": why + f"; ${need:g} per image required"}
    tokens, _ = memory.image_tokens(rule_, *settings_size)
    value = tokens * price / 1e6 + (each or 0.0)
    plus = f" + ${each:g} per image" if each else ""
    return "known", {"how": f"{w}x{h}: {tokens:,} tokens x ${price:g}/M{plus}",
                     "value": f"{value:.4g}", "need": f"{need:g}"}


def cost_sentence(m: ModelInfo, req: Any) -> str:
    """One image's cost and its arithmetic, as ranking by cost reads it."""
    which, said = _image_cost(m, None, 0.0, None, req)
    if which == "known":
        return f"One image costs ${said['value']} ({said['how']})."
    if which == "self":
        return "Self-hosted (open weights, no API price): no cost per image."
    return f"Cost per image unknown: {said['why'].split(';')[0]}."


def _terms(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    return str(st), {"label": rule.column.replace("_", " "),
                     "raw": m.raw[rule.column], "need": ", ".join(need),
                     "one_of": "one of " if len(need) > 1 else ""}


def _outcome(m, rule, need, st, req) -> tuple[str, dict[str, Any]]:
    return str(st), {}


# reader -> function(model, rule, need, status, requirements) -> (template, fields)
_FIELDS = {"largest": _largest, "smallest": _smallest, "weights_gb": _weights_gb,
           "open_license": _yes, "commercial_use": _yes, "open_weights": _yes,
           "api_only": _yes, "bits": _bits, "price": _price, "terms": _terms,
           "image_cost": _image_cost,
           "name": _outcome}


def check_sentence(m: ModelInfo, key: str, need: Any, st: int, req: Any) -> str:
    """The sentence behind one check of one model, with the numbers."""
    rule: Rule = SPECS[key].rule
    st = Status(st)
    which, values = _FIELDS[rule.reads](m, rule, need, st, req)
    template = rule.words.get(which) or rule.words["known"]
    return template.format(what=rule.what, unit=rule.unit,
                           op=_OPS.get((rule.test, st), ""), **values
                           ) + sourced(m, rule.column)


# -- the explanation of one recommendation ---------------------------------------------
def _entries(m: ModelInfo, column: str, category: str) -> list[glossary.Entry]:
    text = m.raw.get(column, "")
    if not text:
        return []
    if column in ("vision_component", "text_component"):
        # only the entries added beyond the seed name a specific technique here
        return [e for e in glossary.lookup(text, category) if e.origin != "seed"]
    return glossary.lookup(text, category) or glossary.lookup(text)


def model_glossary(m: ModelInfo) -> dict[str, str]:
    """term -> definition for the model's type, architecture, objective and loss
    (and any technique its components name, such as dynamic resolution)."""
    out: dict[str, str] = {}
    for column, category in _GLOSSARY_COLUMNS:
        for e in _entries(m, column, category):
            out.setdefault(e.term, e.definition)
    return out


def _checks_said(m: ModelInfo, checks: list) -> str:
    met = [c for c in checks if c.status == "met"]
    unknown = [c for c in checks if c.status == "unknown"]
    if checks and not unknown:
        return (f"{m.name} meets "
                + (f"all {len(checks)} requirements" if len(checks) > 1 else
                   "the requirement") + ": "
                + "; ".join(c.detail for c in met) + ".")
    if checks:
        return (f"{m.name} meets {len(met)} of {len(checks)} requirements"
                + (": " + "; ".join(c.detail for c in met) if met else "")
                + ". Unknown: " + "; ".join(f"{c.requirement} ({c.detail})"
                                            for c in unknown) + ".")
    return f"{m.name} is in the catalog and no requirement was given."


def _glossary_said(m: ModelInfo) -> list[str]:
    defs = model_glossary(m)
    said: list[str] = []
    parts = []
    for column, category in _GLOSSARY_COLUMNS:
        # the category's entries as a label, then the term: both are glossary keys
        # (`advisor glossary "Training Objective"`, `advisor glossary VQA`)
        entries = [e for e in _entries(m, column, category) if e.term not in said]
        said += [e.term for e in entries]
        if entries:
            quoted = "; ".join(f"{e.term}: \u201c{defs[e.term]}\u201d"
                               for e in entries)
            parts.append(f"{entries[0].category} \u2014 {quoted}")
    return parts


def explanation(m: ModelInfo, checks: list, *, similarity: float | None,
                similar_to: str | None) -> str:
    """A short paragraph: why it is here (with the numbers), what it is (quoting the
    glossary), the caveats that touch a checked requirement, and the source."""
    parts = [_checks_said(m, checks)]
    status = lifecycle_said(m)
    if status:
        parts.append(f"Status: {status}.")
    if similarity is not None and similar_to:
        parts.append(f"Its feature vector has cosine similarity {similarity:.2f} "
                     f"to {similar_to}'s.")
    parts += _glossary_said(m)
    touched: list[str] = []
    for c in checks:
        for text in m.caveats_for(SPECS[c.requirement].rule.column):
            if text not in touched:
                touched.append(text)
    if touched:
        parts.append("Caveat on a checked requirement: " + "; ".join(touched) + ".")
    source = m.raw.get("source") or m.raw.get("url")
    if source:
        parts.append(f"Source: {source}.")
    return " ".join(parts)


def _tasks_said(req: Any) -> str:
    return ", ".join(req.tasks) if req.tasks else (
        f"{req.similar_to}'s benchmarks" if req.similar_to else "its kind of job")


def with_evidence(said: str, m: ModelInfo, req: Any, capability: float,
                  numbers: list[str], defined: dict[str, str], *,
                  on_claim: bool = False, aside: Sequence[str] = ()) -> str:
    """The explanation with the published numbers behind the rank, each placed
    among the catalog's models and its benchmark's definition quoted; where no
    number counts, the fallback (``on_claim``: ranked on its maker's claim); then
    the numbers left out as not in the model's default mode (``aside``)."""
    if req.rank_by == "cost":
        said = f"{said} {cost_sentence(m, req)}"
    text = _with_numbers(said, m, req, capability, numbers, defined, on_claim)
    return f"{text} {aside_sentence(m, aside)}" if aside else text


def aside_sentence(m: ModelInfo, aside: Sequence[str]) -> str:
    """Why numbers of ``m`` are not counted under reasoning 'default': 'Not
    counted, as GPT-5 thinks by default (default mode: thinking, per URL): ...'."""
    from .facts import cell_sources  # read only for this sentence
    mode = m.raw.get("default_mode", "")
    url, _ = cell_sources(m.raw.get("sources", "")).get("default_mode", ("", ""))
    per = f", per {url}" if url else ""
    why = (f", as {m.name} {vocab.DEFAULT_MODES[mode]} by default (default mode: "
           f"{mode}{per})" if mode else "")
    return (f"Not counted{why}: {'; '.join(aside)}; reasoning 'any' counts every "
            "setting.")


def _with_numbers(said: str, m: ModelInfo, req: Any, capability: float,
                  numbers: list[str], defined: dict[str, str],
                  on_claim: bool) -> str:
    if numbers:
        quoted = "; ".join(f"{name}: \u201c{d}\u201d" for name, d in defined.items())
        return (f"{said} Evidence for {_tasks_said(req)} (capability "
                f"{capability:.2f}): " + "; ".join(numbers) + f". Benchmark \u2014 "
                f"{quoted}")
    if req.rank_by != "capability":
        return said
    if on_claim:
        return (f"{said} No published number for {_tasks_said(req)} in the "
                "evidence; its tasks say it does them: ranked as the weakest model "
                "with a published number.")
    released = (format_date(m.release_date, checked_text(m, "release_date"))
                if m.release_date else "release date unknown")
    return (f"{said} No published number for {_tasks_said(req)} in the evidence; "
            f"{'released ' if m.release_date else ''}{released}: ranked after the "
            "models with published numbers, newest first.")


# -- sentences about a whole ranking ---------------------------------------------------
def names_list(names: Sequence[str], most: int = 6) -> str:
    """'a, b, c' or 'a, ..., f and 4 more'."""
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most} more"


def relaxation_line(x) -> str:
    """One way to admit a model: 'drop max_params: with tasks kept, admits ...' or,
    for a single numeric key, 'with tasks kept, max_params 8B admits ...'."""
    kept = f"with {', '.join(x.kept)} kept, " if x.kept else ""
    also = "".join(f"; or keep the GPU and use {change} (admits "
                   f"{names_list(names)})" for change, names in x.settings)
    if x.change is not None:
        value = SPECS[x.drop[0]].rule.format(x.change)
        return f"{kept}{x.drop[0]} {value} admits {', '.join(x.change_admits)}{also}"
    return f"drop {' + '.join(x.drop)}: {kept}admits {names_list(x.admits)}{also}"


def capability_gap(name: str, capability: float, top, benchmarks: Sequence[str]
                   ) -> str:
    """How far a model's capability is from #1's (``top``, whose capability rests
    on ``benchmarks``), or that it has none."""
    if top.capability is None:
        return "No model here has a published number on these benchmarks."
    benches = ", ".join(benchmarks)
    if capability != capability:  # NaN: no number
        return (f"It has no published number on these benchmarks; {top.name} (#1) "
                f"has capability {top.capability:.2f} on {benches}.")
    return (f"Capability {capability:.2f} against {top.capability:.2f} for "
            f"{top.name} (#1) on {benches}.")


def lifecycle_said(m: ModelInfo) -> str:
    """Where the model stands when it is not current: 'superseded by Gemini 2.5
    Flash: it ranks after current models that meet the same requirements';
    '' for a current one."""
    kind, what = vocab.lifecycle(m.raw.get("status", ""))
    after = "it ranks after current models that meet the same requirements"
    return {vocab.Lifecycle.CURRENT: "",
            vocab.Lifecycle.SUPERSEDED: f"superseded by {what}: {after}",
            vocab.Lifecycle.DEPRECATED: f"deprecated on {what}: {after}",
            vocab.Lifecycle.RETIRED: "retired" + (f" on {what}" if what else "")
            + ": left out unless include_retired is set"}[kind]


def tasks_by_evidence(m: ModelInfo, tasks, numbers: list[str]) -> str:
    """The tasks check met by published numbers: 'supports ocr: a published number
    on its benchmarks (DocVQA (test) 92.8); tasks: vqa'."""
    stated = ", ".join(m.tasks) or "not stated"
    return (f"supports {', '.join(tasks)}: a published number on its benchmarks "
            f"({'; '.join(numbers)}); tasks: {stated}")


def rejection_sentence(name: str, checks: list) -> str:
    reasons = "; ".join(f"{c.requirement} ({c.detail})" for c in checks)
    return f"{name} is ruled out by {reasons}."


def rank_sentence(name: str, place: int, top_k: int, score: float,
                  unknown: list[str]) -> str:
    """Why a model that passes is not in the top k."""
    why = (f"; its {', '.join(unknown)} check{'s are' if len(unknown) > 1 else ' is'}"
           " unknown, so it ranks below every fully met model") if unknown else ""
    return (f"{name} meets the requirements but ranks {place}, below the top "
            f"{top_k} (score {score:.2f}){why}.")


# -- the advice table ------------------------------------------------------------------
# column -> what it shows, for the terminal table, Markdown, CSV and to_frame
ADVICE_COLUMNS = ("rank", "model", "score", "capability", "params", "tokens",
                  "resolution", "license", "$/M in", "$/image", "unknown")


SOURCED_MARK = "\u2020"  # a dagger: compare's * marks the better value
SOURCED_NOTE = ("\u2020 a published value (facts.csv) that corrects or completes the "
                "catalog's cell; `advisor explain MODEL` shows both")


def or_unknown(text: object) -> str:
    """A cell as a table shows it: an empty one reads "unknown", not blank."""
    text = str(text)
    return text if text.strip() else "unknown"


def table_text(m: ModelInfo, column: str) -> str:
    """A cell as tables show it: the value the checks read, marked when a sourced
    fact replaced what the catalog says; an empty one is shown as unknown."""
    text = checked_text(m, column)
    if not text.strip():
        return or_unknown(text)
    return text + SOURCED_MARK if text != m.raw.get(column, "") else text


def export_row(rec, m: ModelInfo) -> dict[str, Any]:
    """One recommendation as a spreadsheet row: the table's cells (score to four
    places, numbers as written), then what the table leaves out."""
    row = advice_row(rec, m)
    row["score"] = f"{rec.score:.4f}"
    row.update({"hf_id": m.raw.get("hf_id", ""), "source": m.raw.get("source", ""),
                "variant": "; ".join(dict.fromkeys(n["variant"] for n in rec.numbers)),
                "caveats": "; ".join(rec.caveats)})
    row.update({f"c_{k}": f"{v:.4f}" for k, v in rec.components.items()})
    return row


def advice_row(rec, m: ModelInfo) -> dict[str, Any]:
    """One recommendation as the advice table shows it."""
    return {"rank": rec.rank, "model": rec.name, "score": rec.score,
            "capability": "-" if rec.capability is None else f"{rec.capability:.2f}",
            "params": table_text(m, "parameter_count"),
            "tokens": table_text(m, "token_limit"),
            "resolution": table_text(m, "image_resolution"),
            "license": m.raw["license"],
            "$/M in": "$" + table_text(m, "input_price_per_mtok").removeprefix("$")
            if checked_text(m, "input_price_per_mtok").strip() else "-",
            "$/image": "-" if rec.cost_per_image is None else "self" if
            rec.cost_per_image == 0 and m.open_weights == "yes" else
            f"${rec.cost_per_image:.2g}",
            "unknown": ", ".join(rec.unknown)}
