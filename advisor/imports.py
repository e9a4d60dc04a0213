"""`advisor catalog import`: rows from a model registry, merged into a catalog CSV.

Three registries (``SOURCES``), each read from a file, a URL, or its own default:

- ``litellm``: LiteLLM's model map (``model_prices_and_context_window.json``; by
  default the installed ``litellm`` package's copy): contexts, inputs, prices.
- ``models.dev``: its ``api.json`` (providers, each with models): contexts, inputs,
  prices, open weights, release dates.
- ``models.dev-tree``: its repository's ``models/`` tree (one TOML per model, the
  maker's own entry: no provider copies): contexts, inputs, open weights, release
  dates, the Hub repository of the weights, the parameter count where it gives
  one, and its ``[[benchmarks]]`` as evidence rows (``feeds.tree_evidence``).
- ``hf``: Hugging Face Hub model infos (``GET /api/models/{repo}``; by default the
  Hub itself for the given ``--id``s, through ``huggingface_hub``): parameter count,
  licence, repository id.

Only vision-capable models are taken. Each row records where it came from (the
file or URL and the entry's key), when it was read (``as_of``) and ``origin =
imported``; what the source does not say stays blank, never guessed. The network
is used only for a URL the person gives, or the Hub when asked for it.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from . import vocab
from .catalog import fold_name, name_key, without_variant
from .columns import PRICES
from .errors import AdvisorError, printable, read_file, utf8, within_limits
from .facts import with_sources
from .index import split_list
from .parsing import ParseError, format_count, parse_count, parse_price

__all__ = ["Source", "SOURCES", "Plan", "ENTRY_FIELDS", "entry_problem",
           "litellm_rows", "models_dev_rows", "hf_rows",
           "fold_key", "model_ident",
           "read_source", "plan", "catalog_import", "drift", "hub_infos",
           "tree_rows", "read_tree", "TREE_BASE"]

MOST_SOURCE_BYTES = 64 << 20  # a registry file is a few MB
# LiteLLM's input flags -> our modality words (text and image: every vision chat)
_INPUTS = {"supports_video_input": "video", "supports_audio_input": "audio",
           "supports_pdf_input": "pdf"}
# the Hub's pipeline tags of models that take images (and the inputs each says)
VISION_TASKS = {"image-text-to-text": "text; image", "image-to-text": "image",
                "visual-question-answering": "text; image",
                "document-question-answering": "text; image",
                "video-text-to-text": "text; image; video",
                "zero-shot-image-classification": "text; image",
                "image-feature-extraction": "image"}
# what an import asks the Hub for (HfApi.model_info(expand=...))
HUB_FIELDS = ("safetensors", "cardData", "pipeline_tag", "tags", "config", "gated")
HUB_API = "https://huggingface.co/api/models"
TEN_TIMES = 10  # a parameter count further than this from the name's is refused
MOST_TREE_FILES = 20_000      # models.dev has a few hundred
MOST_TOML_BYTES = 1 << 20     # one model's TOML is a few kB
# where a models.dev TOML is read on the web, at a commit (--commit)
TREE_BASE = "https://github.com/anomalyco/models.dev/blob/{commit}/models"


def _json(data: bytes, label: str) -> Any:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        raise AdvisorError(f"catalog import: {printable(label)[:200]}: not JSON "
                           f"({printable(e)[:120]})") from None
    return within_limits(parsed, f"catalog import: {printable(label)[:200]}")


def read_tree(source: str, commit: str | None = None) -> tuple[dict, str]:
    """models.dev's ``models/`` tree (the repository's folder or ``models/``
    itself): 'lab/id' -> the TOML as a dict; and the base its files are cited at
    (the GitHub blob folder at ``commit``, else the local folder)."""
    folder = Path(source)
    models = folder / "models" if (folder / "models").is_dir() else folder
    label = f"catalog import: {printable(source)[:200]}"
    if not models.is_dir():
        raise AdvisorError(f"{label}: not a folder; --from models.dev-tree reads a "
                           "checkout of models.dev (its models/ folder)")
    files = sorted(models.glob("*/*.toml"))
    if not files:
        raise AdvisorError(f"{label}: no models/LAB/MODEL.toml files in it")
    if len(files) > MOST_TREE_FILES:
        raise AdvisorError(f"{label}: {len(files):,} TOML files, more than the "
                           f"{MOST_TREE_FILES:,} a models.dev tree has")
    data = {}
    for f in files:
        name = f"{printable(str(f))[:200]}"
        try:
            data[f"{f.parent.name}/{f.stem}"] = within_limits(tomllib.loads(utf8(
                read_file(f, name, MOST_TOML_BYTES), name)), name)
        except (tomllib.TOMLDecodeError, RecursionError) as e:
            raise AdvisorError(f"{name}: not TOML ({printable(e)[:120]})") from None
    if commit is not None and not vocab.GIT_COMMIT.fullmatch(commit):
        raise AdvisorError(f"--commit: {printable(commit)[:60]!r} is not a git commit "
                           "(7 to 40 hex digits)")
    return data, TREE_BASE.format(commit=commit) if commit else str(models)


def read_source(source: str | None, kind: str = "litellm",
                ids: tuple[str, ...] = (), commit: str | None = None
                ) -> tuple[Any, str]:
    """A registry's JSON from a local file or a URL (asked for, so fetched), or
    without one the source's default (``Source.default``); and its label. The
    models.dev tree is a folder, cited at ``commit`` when given."""
    spec = _source(kind)
    if kind == "models.dev-tree":
        if source is None:
            raise AdvisorError("catalog import: --from models.dev-tree needs a "
                               f"SOURCE: {vocab.REGISTRIES[kind]}")
        return read_tree(source, commit)
    if commit is not None:
        raise AdvisorError(f"catalog import: --commit cites the files of a "
                           f"models.dev tree; --from {kind} reads one file")
    if source is None:
        if spec.default is None:
            raise AdvisorError(f"catalog import: --from {kind} needs a SOURCE: "
                               f"{vocab.REGISTRIES[kind]}")
        return spec.default(ids)
    if source.startswith(("http://", "https://")):
        data, label = _fetch(source), source
    else:
        data, label = read_file(source, f"catalog import: {printable(source)[:200]}",
                                MOST_SOURCE_BYTES), source
    parsed = _json(data, label)
    if kind == "hf" and isinstance(parsed, dict):
        parsed = [parsed]                     # one model info, as the Hub returns
    if not isinstance(parsed, spec.shape):
        raise AdvisorError(f"catalog import: {printable(label)[:200]}: expected "
                           f"{vocab.REGISTRIES[kind]}")
    return parsed, label


def _installed_litellm(ids: tuple[str, ...]) -> tuple[Any, str]:
    """The model map inside the installed ``litellm`` package."""
    try:
        from importlib import resources  # only for the installed package
        path = resources.files("litellm").joinpath(
            "model_prices_and_context_window_backup.json")
    except ModuleNotFoundError:
        raise AdvisorError("catalog import: --from litellm without a SOURCE reads "
                           "the installed litellm package, which is not "
                           "installed; pip install litellm, or give the JSON "
                           "file or its URL") from None
    return read_source(str(path), "litellm")


def hub_infos(ids: tuple[str, ...]) -> tuple[list[dict], str]:
    """Model infos for ``ids`` from the Hugging Face Hub (``HfApi.model_info`` with
    ``expand=HUB_FIELDS``), as the Hub's JSON; an unreachable Hub or a missing
    repository is one error line."""
    if not ids:
        raise AdvisorError("catalog import: --from hf without a SOURCE queries the "
                           "Hub for the repositories given with --id (e.g. --id "
                           "Qwen/Qwen2.5-VL-7B-Instruct)")
    try:
        from huggingface_hub import HfApi  # optional (advisor[hub]), only here
    except ModuleNotFoundError:
        raise AdvisorError("catalog import: --from hf without a SOURCE queries the "
                           "Hub through huggingface_hub, which is not installed; "
                           "pip install 'advisor[hub]', or give a JSON file of "
                           "model infos") from None
    api, out = HfApi(), []
    for repo in ids:
        try:
            info = api.model_info(repo, expand=list(HUB_FIELDS))
        except Exception as e:  # noqa: BLE001  any failure of the Hub: one line
            raise AdvisorError(f"catalog import: cannot read {printable(repo)[:100]} "
                               f"from the Hugging Face Hub ({type(e).__name__}: "
                               f"{printable(e)[:120]})") from None
        out.append(_info_json(info))
    return out, HUB_API


def _info_json(info: Any) -> dict[str, Any]:
    """A ``huggingface_hub.ModelInfo`` back in the Hub's JSON form."""
    tensors = getattr(info, "safetensors", None)
    card = getattr(info, "card_data", None)
    return {"id": info.id, "pipeline_tag": getattr(info, "pipeline_tag", None),
            "tags": getattr(info, "tags", None), "gated": getattr(info, "gated", None),
            "config": getattr(info, "config", None),
            "cardData": card.to_dict() if card is not None else None,
            "safetensors": None if tensors is None else {
                "parameters": dict(tensors.parameters), "total": tensors.total}}


def _fetch(url: str) -> bytes:
    """A URL the person gave, read once; unreachable is one error line."""
    import urllib.request  # only when a URL is asked for
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read(MOST_SOURCE_BYTES + 1)[:MOST_SOURCE_BYTES]
    except OSError as e:
        raise AdvisorError(f"catalog import: cannot read {printable(url)[:200]} "
                           f"({printable(getattr(e, 'reason', e))[:120]})") from None


def _number(x: Any) -> bool:
    """A JSON number (not a boolean, which Python counts as one)."""
    return isinstance(x, int | float) and not isinstance(x, bool)


def _positive(x: Any) -> bool:
    return _number(x) and x > 0


# each source's entry: the fields read and what each must be, where present (a
# missing field is read as missing; a field of another type refuses the entry)
_STR, _NUM, _BOOL, _OBJ, _LIST = "a string", "a number", "true or false", \
    "an object", "a list"
ENTRY_FIELDS: dict[str, dict[str, str]] = {
    "litellm": {"mode": _STR, "supports_vision": _BOOL, "max_input_tokens": _NUM,
                "litellm_provider": _STR, "input_cost_per_token": _NUM,
                "output_cost_per_token": _NUM, "input_cost_per_image": _NUM},
    "models.dev": {"name": _STR, "modalities": _OBJ, "modalities.input": _LIST,
                   "modalities.output": _LIST, "limit": _OBJ, "limit.context": _NUM,
                   "cost": _OBJ, "cost.input": _NUM, "cost.output": _NUM,
                   "open_weights": _BOOL, "release_date": _STR},
    "hf": {"id": _STR, "pipeline_tag": _STR, "safetensors": _OBJ,
           "safetensors.total": _NUM},
}
_IS = {_STR: lambda x: isinstance(x, str), _BOOL: lambda x: isinstance(x, bool),
       _OBJ: lambda x: isinstance(x, dict), _LIST: lambda x: isinstance(x, list),
       _NUM: lambda x: _number(x) and _finite(x)}


def _finite(x: float) -> bool:
    """A number a float holds (an integer past 1e308 is not one)."""
    try:
        return math.isfinite(x)
    except OverflowError:
        return False


def entry_problem(entry: Any, source: str) -> str | None:
    """Why an entry of ``source`` cannot be read (a field of the wrong type, a
    number that is not finite), naming the field and the value (bounded), or
    None."""
    if not isinstance(entry, dict):
        return f"the entry is {type(entry).__name__}, not an object"
    for path, kind in ENTRY_FIELDS[source].items():
        value, parent = entry, None
        for part in path.split("."):
            parent = value
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or not isinstance(parent, dict):
            continue
        if not _IS[kind](value):
            return (f"{path} is {printable(repr(value))[:60]}, not {kind}"
                    if kind != _NUM or not _number(value) else
                    f"{path} is {printable(repr(value))[:60]}, not a finite number")
    return None


def _price(entry: dict, key: str, scale: float) -> str:
    """A price in USD (per token x ``scale``); '' where it is missing, zero or
    negative (a free tier or a placeholder is no price)."""
    value = entry.get(key)
    return f"{value * scale:.6g}" if _number(value) and value > 0 else ""


# the first-party provider of a family, whose entry's values win (LiteLLM's
# litellm_provider): a host's or a region's price is not the model's
FIRST_PARTY = (("claude", "anthropic"), ("gpt-", "openai"), ("chatgpt", "openai"),
               ("o1", "openai"), ("o3", "openai"), ("o4", "openai"),
               ("gemini", "gemini"))
# what a key adds to the model's own id: a provider path, a region or route
# ('us.', 'global.'), a host's prefix ('databricks-'), a deployment ('@default'),
# a version ('-v1:0'), a dated snapshot ('-20260416', '-2024-08-06')
_ROUTE = re.compile(r"^(?:(?:us|eu|apac|au|jp|in|global|ca|us-gov)\.)?(?:(?:anthropic|"
                    r"amazon|meta|mistral|google|cohere|ai21|deepseek|qwen|writer|"
                    r"openai|moonshotai|nvidia|minimax|zai|twelvelabs)\.)?")
_DATED_ID = re.compile(r"-(?:20\d{6}|20\d{2}-\d{2}-\d{2}|\d{4}-\d{2}-\d{2})$")
_STEM = re.compile(r"(claude-|gpt-|chatgpt-|gemini-|o[134]\b|o[134]-)")
# LiteLLM entries that are a service around a model, not a vision model of its own
NOT_A_MODEL = re.compile(r"search-preview|search-api|abliterated|realtime|"
                         r"audio-preview|-tts\b|transcribe|computer-use|^ft:")


def fold_key(key: str) -> str:
    """A LiteLLM key as the model it serves: 'us.anthropic.claude-opus-4-7' and
    'vertex_ai/claude-opus-4-7@default' are 'claude-opus-4-7', 'azure/eu/gpt-4o-
    2024-08-06' is 'gpt-4o'."""
    model = key.rsplit("/", 1)[-1].split("@", 1)[0].split(":variant", 1)[0].casefold()
    model = re.sub(r"-v\d+(?::\d+)?$", "", model)
    stem = _STEM.search(model)
    model = model[stem.start():] if stem else _ROUTE.sub("", model, count=1) or model
    return _DATED_ID.sub("", model)


_HOST_PREFIX = re.compile(r"^(?:fw|databricks|morph|coding|zai|xai)[-.]")
_HOST_SUFFIX = re.compile(r"-(?:fp8|fp4|nvfp4|maas|us|hf|fast)$")
_CLAUDE_OLD = re.compile(r"^claude-(\d+(?:[.-]\d+)?)-(opus|sonnet|haiku)")


def model_ident(model: str) -> str:
    """The identity of a folded id across spellings: 'gpt-5.4', 'gpt-5-4' and
    'gpt-5p4' are one model, 'claude-4-opus' is 'claude-opus-4', a host's prefix
    ('fw-', 'databricks-') or a serving suffix ('-fp8', '-maas') is dropped."""
    m = _HOST_SUFFIX.sub("", _HOST_PREFIX.sub("", model.replace("_", "-")))
    m = _CLAUDE_OLD.sub(lambda x: f"claude-{x[2]}-{x[1]}", m)
    m = re.sub(r"(?<=\d)p(?=\d)", ".", m)
    return re.sub(r"[^a-z0-9]", "", m)


def _first_party(model: str) -> str | None:
    return next((p for stem, p in FIRST_PARTY if model.startswith(stem)), None)


def _litellm_refusal(key: str, entry: dict) -> str | None:
    """Why a LiteLLM entry is no vision chat model, or None."""
    if entry.get("supports_vision") is not True:
        return "does not take images (supports_vision is not true)"
    if entry.get("mode") != "chat":
        return f"mode {entry.get('mode')!r} is not vision chat"
    if NOT_A_MODEL.search(key):
        return ("a service around a model (search, audio, realtime, fine-tune), not "
                "a vision model of its own")
    if not _positive(entry.get("max_input_tokens")):
        return (f"max_input_tokens {entry.get('max_input_tokens')!r} is not a "
                "positive number of tokens")
    return None


def litellm_rows(data: dict, label: str, as_of: str
                 ) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """One catalog row per vision chat model of a LiteLLM map: its provider
    prefixes, regions, routes and dated snapshots fold into one model (``fold_key``),
    named in ``aliases``. The first-party provider's entry gives the values
    (OpenAI for GPT, Anthropic for Claude, Google for Gemini); a family without
    one takes its largest context across routes and no price (each host sets its
    own) unless one provider alone sells it. Refused, with the reason: a mode
    that is not chat, no image input, a service around a model (search, realtime,
    TTS), no positive context."""
    groups: dict[str, list[str]] = {}
    refused = []
    for key, entry in data.items():
        if key == "sample_spec":
            continue
        why = entry_problem(entry, "litellm") or _litellm_refusal(key, entry)
        if why is None:
            groups.setdefault(model_ident(fold_key(key)), []).append(key)
        else:
            refused.append((key, why))
    rows = []
    for keys in groups.values():
        row, pick = _litellm_row(data, keys, label, as_of)
        rows.append(row)
        refused += [(k, f"another route or snapshot of {row['name']!r}: folded into "
                        "it") for k in keys if k != pick]
    return rows, refused


def _litellm_row(data: dict, keys: list[str], label: str, as_of: str
                 ) -> tuple[dict[str, str], str]:
    """The row of one model's entries, and the entry it takes its values from."""
    owner = _first_party(fold_key(keys[0]))
    own = [k for k in keys if data[k].get("litellm_provider") == owner]
    # the first party's spelling, else the plainest (no host's prefix, shortest)
    model = fold_key(own[0]) if own else min(
        (fold_key(k) for k in keys),
        key=lambda m: (bool(_HOST_PREFIX.match(m)), len(m), m))
    # the first party's undated entry, else its shortest; else the first in the file
    pick = min(own, key=lambda k: (k.casefold() != model, len(k))) if own else keys[0]
    entry = data[pick]
    context = entry["max_input_tokens"] if own else max(
        data[k]["max_input_tokens"] for k in keys)
    inputs = ["text", "image"] + [w for flag, w in _INPUTS.items()
                                  if entry.get(flag) is True]
    # prices: the first party's, or the one provider's that sells it alone
    priced = bool(own) or len({data[k].get("litellm_provider") for k in keys}) == 1
    price = {c: _price(entry, key, scale) if priced else "" for c, key, scale in (
        ("input_price_per_mtok", "input_cost_per_token", 1e6),
        ("output_price_per_mtok", "output_cost_per_token", 1e6),
        ("price_per_image", "input_cost_per_image", 1))}
    return {"name": model, "token_limit": str(int(context)),
            "modalities": "; ".join(inputs), **price,
            "aliases": "; ".join([k for k in keys if k != pick][:20]),
            "caveats": "" if priced else (
                f"input_price_per_mtok: no first-party entry; {len(keys)} host(s) "
                "list it, each at its own price"),
            "source": f"{label}#{pick}", "as_of": as_of, "origin": "imported"}, pick


def models_dev_rows(data: dict, label: str, as_of: str
                    ) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Catalog rows for the models of a models.dev ``api.json`` that take images
    (``modalities.input``), keyed provider/model; refused: a context that is not a
    positive number, a second provider's copy of a model (the first in the file
    is kept; ``--only`` picks another)."""
    rows, refused, seen = [], [], {}
    for provider, entry in data.items():
        models = entry.get("models") if isinstance(entry, dict) else None
        for mid, m in (models if isinstance(models, dict) else {}).items():
            key = f"{printable(str(provider))[:60]}/{printable(str(mid))[:80]}"
            why = entry_problem(m, "models.dev")
            if why is not None:
                refused.append((key, why))
                continue
            inputs = (m.get("modalities") or {}).get("input") or []
            if "image" not in inputs:
                continue
            context = (m.get("limit") or {}).get("context")
            if not _positive(context):
                refused.append((key, f"limit.context {context!r} is not a positive "
                                     "number of tokens"))
                continue
            name = str(m.get("name") or mid)
            first = seen.setdefault(name_key(without_variant(name)), key)
            if first != key:
                refused.append((key, f"another provider's copy of {first!r}"))
                continue
            cost, weights = m.get("cost") or {}, m.get("open_weights")
            rows.append({
                "name": name, "token_limit": str(int(context)),
                "modalities": "; ".join(w for w in ("text", "image", "audio", "video",
                                                    "pdf") if w in inputs),
                "input_price_per_mtok": _price(cost, "input", 1),
                "output_price_per_mtok": _price(cost, "output", 1),
                "open_weights": {True: "yes", False: "no"}.get(weights, ""),
                "release_date": str(m.get("release_date") or ""),
                "source": f"{label}#{key}", "as_of": as_of, "origin": "imported"})
    return rows, refused


# a dated snapshot's id: claude-opus-4-5-20251101, gpt-4o-2024-11-20, ...-2603
_DATED = re.compile(r"-(?:20\d{6}|20\d{2}-\d{2}-\d{2}|\d{4})$")
_HUB = re.compile(r"https://huggingface\.co/([\w.-]+/[\w.-]+)/?$")
_TREE_INPUTS = ("text", "image", "audio", "video", "pdf")


def _tree_refusal(m: Any) -> str | None:
    """Why a models.dev TOML is not a vision model the catalog takes, or None."""
    if not isinstance(m, dict):
        return "not a TOML table"
    problem = entry_problem(m, "models.dev")
    if problem:
        return problem
    modes = m.get("modalities") if isinstance(m.get("modalities"), dict) else {}
    inputs, outputs = modes.get("input") or [], modes.get("output") or []
    if not isinstance(inputs, list) or not isinstance(outputs, list):
        return "modalities.input / output are not lists"
    if "image" in outputs or "video" in outputs:
        return "generates images or video"
    if "text" not in outputs:
        return "no text output (speech or another output only)"
    if "image" not in inputs and "video" not in inputs:
        return "no image or video input"
    limit = m.get("limit") if isinstance(m.get("limit"), dict) else {}
    if not _positive(limit.get("context")):
        return "limit.context is not a positive number of tokens"
    return None


def tree_rows(data: dict, label: str, as_of: str
              ) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Catalog rows for the vision models of models.dev's ``models/`` tree
    ('lab/id' -> TOML), each citing its own file (``label``/lab/id.toml). Dated
    snapshots of a model fold into its undated entry ('claude-opus-4-5-20251101'
    into 'claude-opus-4-5'; the snapshot is named in the caveats). Refused, with
    the reason: image or video generators, speech-only output, text-only input,
    a context that is not a positive number."""
    rows: dict[str, dict[str, str]] = {}    # 'lab/id' -> its row
    snapshots: dict[str, list[str]] = {}     # 'lab/id' -> the snapshots folded in
    first: dict[str, str] = {}               # the model's name key -> its 'lab/id'
    refused = []
    for key in sorted(data, key=lambda k: (bool(_DATED.search(k)), k)):
        m = data[key]
        why = _tree_refusal(m)
        if why is not None:
            refused.append((key, why))
            continue
        name = str(m.get("name") or key.split("/")[1])[:200]
        own = first.setdefault(name_key(without_variant(name)), key)
        if own != key:
            refused.append((key, f"a dated snapshot of {own!r}: folded into it"))
            snapshots.setdefault(own, []).append(key)
            continue
        inputs = m["modalities"]["input"]
        weights = [w.get("url", "") for w in m.get("weights") or []
                   if isinstance(w, dict)]
        hub = next((h[1] for w in weights if (h := _HUB.match(str(w)))), "")
        params = m.get("parameters") if isinstance(m.get("parameters"), dict) else {}
        total = params.get("total")
        rows[key] = {
            "name": without_variant(name) or name,
            "token_limit": str(int(m["limit"]["context"])),
            "modalities": "; ".join(w for w in _TREE_INPUTS if w in inputs),
            "open_weights": {True: "yes", False: "no"}.get(m.get("open_weights"), ""),
            "release_date": str(m.get("release_date") or "")[:10],
            "hf_id": hub,
            "parameter_count": format_count(total) if _positive(total) else "",
            "organisation": key.split("/")[0],
            "source": f"{label}/{key}.toml", "as_of": as_of, "origin": "imported"}
    for key, row in rows.items():
        row["caveats"] = ("name: models.dev files it as " + ", ".join(
            [key, *snapshots[key]]) if key in snapshots else "")
    return list(rows.values()), refused


_NAMED_SIZE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*([BM])\b")


def _size_in_name(repo: str) -> float | None:
    """'Qwen2.5-VL-7B-Instruct' -> 7e9; None when the name gives no size."""
    found = _NAMED_SIZE.findall(repo.rsplit("/", 1)[-1])
    if len(found) != 1:
        return None
    number, unit = found[0]
    return float(number) * (1e9 if unit == "B" else 1e6)


def hf_rows(data: list, label: str, as_of: str
            ) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Catalog rows for Hub model infos whose pipeline tag takes images
    (``VISION_TASKS``): the repository id, the safetensors parameter count, the
    card's licence id as written, in ``license_spdx`` (whether it is open or
    allows commercial use stays unknown), open weights. Refused: no id, a repeated
    id, another task, a parameter count more than ten times from the size in the
    name."""
    rows, refused, seen = [], [], set()
    for info in data:
        problem = entry_problem(info, "hf")
        if problem is not None:
            refused.append((printable(str(info.get("id") if isinstance(info, dict)
                                          else info))[:60], problem))
            continue
        repo = info.get("id")
        if not isinstance(repo, str) or "/" not in repo:
            refused.append((printable(str(repo))[:60], "no repository id"))
            continue
        if repo in seen:
            refused.append((repo, "repeated id"))
            continue
        seen.add(repo)
        card = info.get("cardData") if isinstance(info.get("cardData"), dict) else {}
        task = info.get("pipeline_tag") or card.get("pipeline_tag")
        if task not in VISION_TASKS:
            refused.append((repo, f"pipeline_tag {task!r} does not take images"))
            continue
        total = (info.get("safetensors") or {}).get("total")
        total = total if _positive(total) else None
        named = _size_in_name(repo)
        if total and named and max(total / named, named / total) > TEN_TIMES:
            refused.append((repo, f"safetensors total {format_count(total)} is more "
                                  f"than {TEN_TIMES}x from the {format_count(named)} "
                                  "in its name"))
            continue
        licence = str(card.get("license") or "")
        source = f"{HUB_API}/{repo}" if label == HUB_API else f"{label}#{repo}"
        rows.append({"name": repo.rsplit("/", 1)[-1], "hf_id": repo,
                     "parameter_count": format_count(total) if total else "",
                     "license_spdx": licence,
                     "modalities": VISION_TASKS[task], "open_weights": "yes",
                     "caveats": "gated on the Hub: accept its terms to download"
                     if info.get("gated") else "",
                     "source": source, "as_of": as_of, "origin": "imported"})
    return _fold_copies(rows, refused)


# a repository that is another format of a model's weights: 'Qwen2.5-VL-7B-
# Instruct-AWQ', '...-GPTQ-Int4', '...-FP8', '...-GGUF', '...-bnb-4bit', '...-MLX'
QUANTIZED = re.compile(r"(?:[-_.](?:awq|gptq(?:-int[48])?|fp8(?:-dynamic)?|gguf|"
                       r"bnb-[48]bit|nf4|mlx(?:-\d+bit)?|int[48]|[48]bit|nvfp4|"
                       r"exl2(?:-[\d.]+bpw)?|[\d.]+bpw))+$", re.IGNORECASE)


def _fold_copies(rows: list[dict[str, str]], refused: list[tuple[str, str]]
                 ) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """One row per model: a quantized or converted copy folds into the model it
    is a copy of (an alias of its row), whose own repository's values win (a
    copy's safetensors total counts packed weights, not the model's size); a
    copy without its original among the rows stands for it, named as the
    original."""
    by: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by.setdefault(name_key(QUANTIZED.sub("", row["name"])), []).append(row)
    out = []
    for copies in by.values():
        base = next((r for r in copies if not QUANTIZED.search(r["name"])), None)
        first = base or copies[0]
        keep = dict(first)
        others = [r for r in copies if r is not first]
        named = [r["hf_id"] for r in others]
        if base is None:  # only copies: the model's name, not the copy's size
            keep["name"] = QUANTIZED.sub("", keep["name"])
            keep["parameter_count"] = ""
            named.insert(0, first["hf_id"])
        keep["aliases"] = "; ".join(named)
        refused += [(r["hf_id"], f"a quantized or converted copy of {keep['name']!r}: "
                                 "folded into it") for r in others]
        out.append(keep)
    return out, refused


class Source(NamedTuple):
    """How an import reads one registry of ``vocab.REGISTRIES``."""

    shape: type                # the JSON's top level
    owned: tuple[str, ...]     # the columns an update may change
    rows: Callable[[Any, str, str], tuple[list[dict[str, str]],
                                          list[tuple[str, str]]]]
    keys: Callable[[Any], list[str]]           # its entries' keys, for --only
    pick: Callable[[Any, tuple[str, ...]], Any]  # just those entries
    default: Callable[[tuple[str, ...]], tuple[Any, str]] | None = None


def _md_keys(data: dict) -> list[str]:
    return [f"{p}/{m}" for p, e in data.items() if isinstance(e, dict)
            for m in (e.get("models") or {})]


def _md_pick(data: dict, keys: tuple[str, ...]) -> dict:
    out: dict[str, Any] = {}
    for key in keys:
        provider, _, mid = key.partition("/")
        entry = out.setdefault(provider, {**data[provider], "models": {}})
        entry["models"][mid] = data[provider]["models"][mid]
    return out


PRICE_COLUMNS = ("input_price_per_mtok", "output_price_per_mtok")
SOURCES: dict[str, Source] = {
    "litellm": Source(
        dict, ("token_limit", "modalities", *PRICE_COLUMNS, "price_per_image",
               "aliases", "as_of"),
        litellm_rows, lambda d: list(d), lambda d, ks: {k: d[k] for k in ks},
        _installed_litellm),
    "models.dev": Source(
        dict, ("token_limit", "modalities", *PRICE_COLUMNS, "open_weights",
               "release_date", "as_of"),
        models_dev_rows, _md_keys, _md_pick),
    "models.dev-tree": Source(
        dict, ("token_limit", "modalities", "open_weights", "release_date", "hf_id",
               "parameter_count", "as_of"),
        tree_rows, lambda d: list(d), lambda d, ks: {k: d[k] for k in ks}),
    "hf": Source(
        list, ("parameter_count", "license_spdx", "hf_id", "open_weights", "aliases",
               "as_of"),
        hf_rows, lambda d: [i.get("id") for i in d if isinstance(i, dict)],
        lambda d, ks: [i for i in d if isinstance(i, dict) and i.get("id") in ks],
        hub_infos),
}


def _source(kind: str) -> Source:
    if kind not in SOURCES:
        raise AdvisorError(f"catalog import: --from {printable(kind)[:40]!r} is not "
                           f"a registry; one of {', '.join(SOURCES)}")
    return SOURCES[kind]


class Plan(NamedTuple):
    """What an import would do to a catalog: rows to add, changes to existing rows
    (name -> column -> (old, new)), the entries refused; and for a feed with
    benchmarks, the evidence rows and how many numbers of other benchmarks were
    left out (name -> count)."""

    read: int
    new: list[dict[str, str]]
    changes: dict[str, dict[str, tuple[str, str]]]
    refused: list[tuple[str, str]]
    evidence: list[dict[str, str]] = []
    skipped: dict[str, int] = {}

    def summary(self) -> str:
        reasons = "; ".join(f"{k}: {why}" for k, why in self.refused[:5])
        more = f"; and {len(self.refused) - 5} more" if len(self.refused) > 5 else ""
        return (f"read {self.read}, imported {len(self.new)}, updated "
                f"{len(self.changes)}, refused {len(self.refused)}"
                + (f" ({reasons}{more})" if self.refused else ""))

    def reasons(self) -> dict[str, int]:
        """How many entries each kind of reason refused, most first: the reason
        with its names and numbers read as '…' ('a dated snapshot of …: folded
        into it')."""
        counts: dict[str, int] = {}
        for _, why in self.refused:
            kind = _SPECIFIC.sub("…", why)
            counts[kind] = counts.get(kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# what makes one refusal reason differ from another of its kind: a quoted name,
# a number, a Python constant
_SPECIFIC = re.compile(r"'[^']*'|\"[^\"]*\"|(?<![\w.])-?\d[\d.,e+]*(?![\w])|"
                       r"\b(?:None|True|False)\b")


def _match(row: dict[str, str], by_name: dict[str, str], by_hub: dict[str, str]
           ) -> str | None:
    """The existing row an imported one is: the same Hub repository, the same
    name, or the same letters without a provider prefix ('gemini/gemini-2.5-flash'
    is 'Gemini 2.5 Flash') or a trailing parenthesis ('Claude Sonnet 4 (latest)')."""
    hit = by_hub.get(row.get("hf_id", "").casefold())
    if hit is not None:
        return hit
    name = row["name"]
    keys = (fold_name(c) for c in (name, name.rsplit("/", 1)[-1],
                                   without_variant(name)))
    return next((by_name[k] for k in keys if k in by_name), None)


def _merged(column: str, was: str, said: str) -> str | None:
    """The value an update writes, or None when the source says nothing new: the
    same number however written ('200k' is 200000), inputs the catalog already
    lists (the source's are added to the catalog's, never removed)."""
    if not said:
        return None
    if column in ("modalities", "aliases"):  # the source's are added, never removed
        have = split_list(was)
        folded = {name_key(w) for w in have}
        added = [w for w in split_list(said) if name_key(w) not in folded]
        return "; ".join(have + added) if added else None
    if column == "token_limit" and was:
        try:
            same = parse_count(was, "a token count").best == float(said)
        except ParseError:
            same = False
        return None if same else said
    if column in PRICES and was:
        try:
            return None if parse_price(was) == float(said) else said
        except ParseError:
            return said
    if column == "parameter_count" and was:
        try:   # '~8.3B' is the Hub's 8.29B: within 1 % is the same count
            same = abs(parse_count(was, "a count").best / parse_count(
                said, "a count").best - 1) <= 0.01
        except (ParseError, TypeError, ZeroDivisionError):
            same = False
        return None if same else said
    if column == "license_spdx":  # licence ids ignore case ('Apache-2.0')
        return None if was.casefold() == said.casefold() else said
    return None if was == said else said


def _combined(rows: list[dict[str, str]]) -> dict[str, str]:
    """Several imported rows for one catalog row, as one: the first priced row's
    values (a first party's), the longest context of any (a host caps its own),
    every input and every name as an alias."""
    base = dict(next((r for r in rows if r.get("input_price_per_mtok")), rows[0]))
    if len(rows) == 1:
        return base
    contexts = [int(r["token_limit"]) for r in rows if r.get("token_limit")]
    if contexts:
        base["token_limit"] = str(max(contexts))
    for column in ("modalities", "aliases"):
        words = [w for r in rows for w in split_list(r.get(column, ""))]
        if column == "aliases":
            words += [r["name"] for r in rows if r is not base]
        base[column] = "; ".join(dict.fromkeys(words))
    return base


def _lookups(current: list[dict[str, Any]]
             ) -> tuple[dict[str, str], dict[str, str]]:
    """The names an imported row is matched by (``_match``): folded name -> the
    catalog's name, through each row's name, aliases (an API id, a snapshot) and
    Hub repository name ('Llama-4-Scout-17B-16E-Instruct'); and Hub id -> name."""
    by_name = {fold_name(str(r["name"])): str(r["name"]) for r in current}
    for r in current:
        for alias in [*split_list(str(r.get("aliases") or "")),
                      str(r.get("hf_id") or "").rsplit("/", 1)[-1]]:
            if alias:
                by_name.setdefault(fold_name(alias), str(r["name"]))
    by_hub = {str(r["hf_id"]).casefold(): str(r["name"]) for r in current
              if r.get("hf_id")}
    return by_name, by_hub


def plan(rows: list[dict[str, str]], refused: list[tuple[str, str]], read: int,
         current: list[dict[str, Any]], owned: tuple[str, ...]) -> Plan:
    """Which rows are new and which update a row of ``current`` (only the
    ``owned`` columns, only where the source says something and the value
    differs)."""
    existing = {fold_name(str(r["name"])): r for r in current}
    by_name, by_hub = _lookups(current)
    new, changes, refused = [], {}, list(refused)
    matched: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        name = _match(row, by_name, by_hub)
        if name is None:
            values = [c for c in owned if row.get(c) and c not in _UNSOURCED]
            new.append({**row, "sources": with_sources("", values, row["source"],
                                                       row["as_of"])})
        else:
            matched.setdefault(name, []).append(row)
    for name, found in matched.items():
        row = _combined(found)
        refused += [(r["name"], f"also matches {name!r}: folded into its update")
                    for r in found[1:]]
        old = existing[fold_name(name)]
        diff = {}
        for c in owned:
            was = str(old.get(c) or "").strip()
            now = _merged(c, was, row.get(c, ""))
            if now is not None:
                diff[c] = (was, now)
        values = [c for c in diff if c not in _UNSOURCED]
        if values:  # each changed value cites this import, the others keep theirs
            was = str(old.get("sources") or "").strip()
            diff["sources"] = (was, with_sources(was, values, row["source"],
                                                 row["as_of"]))
        if diff:
            changes[name] = diff
    return Plan(read, new, changes, refused)


# the owned columns that are no value of the model (the date of the import, the
# names it goes by): they get no entry in the row's sources
_UNSOURCED = ("as_of", "aliases")


def _read(kind: str, source: str | None, only: tuple[str, ...], as_of: str,
          commit: str | None = None):
    """A registry read (just the ``only`` entries, when given): its ``Source``, the
    rows made, the entries refused, how many were read, the data and its label."""
    spec = _source(kind)
    data, label = read_source(source, kind, only, commit)
    if only:
        have = set(spec.keys(data))
        missing = [k for k in only if k not in have]
        if missing:
            raise AdvisorError(f"catalog import: {printable(label)[:200]} has no "
                               f"entry {printable(missing[0])[:100]!r}")
        data = spec.pick(data, only)
    rows, refused = spec.rows(data, label, as_of)
    return spec, rows, refused, len(spec.keys(data)), data, label


def catalog_import(source_kind: str, source: str | None, into: str | Path, *,
                   dry_run: bool = False, only: tuple[str, ...] = (),
                   as_of: str | None = None, allow_bundled: bool = False,
                   commit: str | None = None,
                   evidence_into: str | Path | None = None) -> Plan:
    """Import ``source`` (a registry of ``SOURCES``: 'litellm', 'models.dev',
    'models.dev-tree', 'hf') into the catalog CSV ``into``: new rows appended, the
    source's own columns of matching rows updated, the file written safely unless
    ``dry_run``. ``only``: just these entry keys (for 'hf' without a source: the
    repositories to ask the Hub for). For 'models.dev-tree': ``commit`` cites
    each TOML at that commit, and ``evidence_into`` (an evidence CSV) takes the
    numbers of its registry benchmarks."""
    from .edit import merge_rows  # pandas, only when a file is written
    spec, rows, refused, read, data, label = _read(
        source_kind, source, only, as_of or date.today().isoformat(), commit)

    def planned() -> Plan:
        """The plan against the catalog as it is now."""
        current = _current_rows(Path(into))
        result = plan(rows, refused, read, current, spec.owned)
        if source_kind == "models.dev-tree":
            from .feeds import tree_evidence  # the evidence registry: numpy
            # each row cites its file, .../LAB/ID.toml: its entry key
            keys = {"/".join(r["source"].removesuffix(".toml").rsplit("/", 2)[-2:]):
                    r for r in rows}
            evidence, skipped = tree_evidence(data, label, _landed(keys, current))
            result = result._replace(evidence=evidence, skipped=skipped)
        return result

    if dry_run:
        result = planned()
    else:
        def changes():  # planned under the catalog's lock: what is written
            nonlocal result
            result = planned()
            return ({n: {c: new for c, (_, new) in d.items()}
                     for n, d in result.changes.items()}, result.new)
        result = None
        merge_rows(into, changes, allow_bundled=allow_bundled)
    if not dry_run and evidence_into is not None and result.evidence:
        from .edit import write_evidence  # pandas, only when a file is written
        write_evidence(evidence_into, result.evidence, allow_bundled=allow_bundled)
    return result


def _landed(rows: dict[str, dict[str, str]], current: list[dict[str, Any]]
            ) -> dict[str, str]:
    """Entry key -> the catalog name its row is or becomes (matched as ``plan``
    matches it)."""
    by_name, by_hub = _lookups(current)
    return {k: _match(r, by_name, by_hub) or r["name"] for k, r in rows.items()}


def _current_rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    from .loader import load_catalog  # the CLI's start-up does not need it
    cat = load_catalog(path)
    return [dict(m.raw) for m in cat]


def drift(catalog, source: str | None, *, kind: str = "litellm",
          as_of: str | None = None) -> list[tuple[str, str, str, str]]:
    """Where a catalog and a registry disagree, for the models they share:
    (model, column, the catalog's value as the checks read it, the source's).
    Only the columns the registry owns, ``as_of`` aside; what the source does not
    say is no drift."""
    from .explain import checked_text  # the sourced value where a fact gives one
    spec, rows, refused, read, _, _ = _read(kind, source, (), as_of or "")
    current = [{"name": m.name, "hf_id": m.raw.get("hf_id") or "",
                **{c: checked_text(m, c) for c in spec.owned}} for m in catalog]
    result = plan(rows, refused, read, current, spec.owned)
    return [(name, column, old, new) for name, diff in result.changes.items()
            for column, (old, new) in diff.items() if column != "as_of"]
