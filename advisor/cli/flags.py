"""Requirement flags derived from the schema, both ways: flags -> dict -> command."""

from __future__ import annotations

import json
import shlex
from typing import Any

import click

from ..errors import AdvisorError, printable, read_file
from ..requirements import SCHEMA, SPECS

LIST_KINDS = ("tasks", "modalities", "model_types", "architectures", "names")


def flag(key: str) -> str:
    """The option of a requirement key: its spec's flag word (a list key's is
    singular and repeatable), else the key with dashes."""
    return "--" + (SPECS[key].flag or key).replace("_", "-")


def requirement_options(f):
    """Add one option per requirement key, in schema order."""
    for spec in reversed(SCHEMA):
        name = flag(spec.key)
        help_text = spec.help + (f" Example: {_example(spec)}." if spec.example
                                 and spec.kind != "bool" else "")
        if spec.kind == "bool":
            opt = click.option(f"{name}/--no-{name[2:]}", spec.key, default=None,
                               help=spec.help + f" --no-{name[2:]} turns it off (as "
                               "set in a --requirements file); it does not ask for "
                               "the opposite.")
        elif spec.kind in LIST_KINDS:
            opt = click.option(name, spec.key, multiple=True, metavar="TEXT",
                               help=help_text + " Repeatable.")
        elif spec.kind in ("prefer", "weights"):
            opt = click.option(name, spec.key, multiple=True, metavar="KEY=VALUE",
                               help=help_text + " Repeatable.")
        else:
            opt = click.option(name, spec.key, default=None, metavar="VALUE",
                               help=help_text)
        f = opt(f)
    f = click.option("--requirements", "requirements_file", default=None,
                     metavar="FILE.json",
                     help="Read requirements from a JSON file; flags override it.")(f)
    return f


def _example(spec) -> str:
    """The spec's example as the flag takes it: a JSON object of prefer / weights
    becomes KEY=VALUE words ('--prefer commercial_use=true')."""
    if spec.kind not in ("prefer", "weights"):
        return spec.example
    pairs = json.loads(spec.example).items()
    return " ".join(f"{flag(spec.key)} {k}="
                    f"{str(v).lower() if isinstance(v, bool) else v}" for k, v in pairs)


def _pairs(key: str, items: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise AdvisorError(f"{flag(key)}: {item!r} is not KEY=VALUE")
        k, v = item.split("=", 1)
        out[k.strip().replace("-", "_")] = v.strip()  # commercial-use: a flag's word
    return out


def gather(params: dict[str, Any]) -> dict[str, Any]:
    """The requirement dict from a JSON file (if any) and the flags given."""
    out: dict[str, Any] = {}
    path = params.get("requirements_file")
    if path:
        label = f"--requirements: {printable(path)[:200]}"
        raw = read_file(path, label, 1 << 20)  # a requirements file is small
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError, RecursionError) as e:
            # ValueError: bad JSON, or an int of thousands of digits
            raise AdvisorError(f"{label}: not valid JSON ({printable(e)[:200]})"
                               ) from None
        if not isinstance(data, dict):
            raise AdvisorError(f"--requirements: {path}: expected a JSON object of "
                               "requirement keys")
        out.update(data)
    for spec in SCHEMA:
        value = params.get(spec.key)
        if value is None or value == ():
            continue
        if spec.kind == "prefer":
            prefs = _pairs(spec.key, value)
            out["prefer"] = {k: (v.split(",") if SPECS.get(k) and SPECS[k].kind in
                                 LIST_KINDS else v) for k, v in prefs.items()}
        elif spec.kind == "weights":
            weights = {}
            for k, v in _pairs(spec.key, value).items():
                try:
                    weights[k] = float(v)
                except ValueError:
                    raise AdvisorError(f"--weight: {k}={v!r} is not a number") from None
            out["weights"] = weights
        elif spec.kind in LIST_KINDS:
            out[spec.key] = [w.strip() for v in value for w in v.split(",")
                             if w.strip()]
        else:
            out[spec.key] = value
    return out


def to_command(requirements: dict[str, Any], prog: str = "advisor recommend") -> str:
    """The `advisor recommend ...` command line that asks for ``requirements``."""
    words = shlex.split(prog)
    for spec in SCHEMA:
        if spec.key not in requirements:
            continue
        value = requirements[spec.key]
        name = flag(spec.key)
        if spec.kind == "bool":
            if value:
                words.append(name)
        elif spec.kind in LIST_KINDS:
            for v in value:
                words += [name, str(v)]
        elif spec.kind in ("prefer", "weights"):
            for k, v in value.items():
                v = ",".join(v) if isinstance(v, list | tuple) else v
                v = str(v).lower() if isinstance(v, bool) else v
                words += [name, f"{k}={v}"]
        elif spec.kind == "size" and value is not None:
            words += [name, "x".join(str(v) for v in value)]
        elif value is not None and not (spec.key == "precision" and value == "fp16"
                                        and "gpu_memory_gb" not in requirements):
            words += [name, f"{value:g}" if isinstance(value, float) else str(value)]
    return shlex.join(words)
