"""Words: a recommendation's explanation, quoting the glossary and citing sources."""

from __future__ import annotations

from . import glossary
from .catalog import ModelInfo

__all__ = ["model_glossary", "explanation", "CHECK_COLUMNS"]

# the catalog column behind each requirement, for caveats that touch a check
CHECK_COLUMNS = {
    "open_license": "license", "commercial_use": "license",
    "open_weights": "open_weights",
    "min_image_resolution": "image_resolution", "min_token_limit": "token_limit",
    "max_params": "parameter_count", "gpu_memory_gb": "parameter_count",
    "tasks": "tasks", "modalities": "modalities", "model_types": "model_type",
    "architectures": "architecture",
}
_GLOSSARY_COLUMNS = (("model_type", "Model Type"), ("architecture", "Architecture"),
                     ("training_objective", "Training Objective"),
                     ("loss_function", "Loss Function"),
                     ("vision_component", "Vision Component"),
                     ("text_component", "Vision Component"))
_LABELS = {"model_type": "Model type", "architecture": "Architecture",
           "training_objective": "Objective", "loss_function": "Loss",
           "vision_component": "Vision", "text_component": "Language model"}


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


def _quote(term: str, definitions: dict[str, str]) -> str:
    return f"{term}: \u201c{definitions[term]}\u201d"


def explanation(m: ModelInfo, checks: list, *, similarity: float | None,
                similar_to: str | None) -> str:
    """A short paragraph: why it is here (with the numbers), what it is (quoting the
    glossary), the caveats that touch a checked requirement, and the source."""
    parts = []
    met = [c for c in checks if c.status == "met"]
    unknown = [c for c in checks if c.status == "unknown"]
    if checks and not unknown:
        parts.append(f"{m.name} meets all {len(checks)} requirement"
                     f"{'s' if len(checks) > 1 else ''}: "
                     + "; ".join(c.detail for c in met) + ".")
    elif checks:
        parts.append(f"{m.name} meets {len(met)} of {len(checks)} requirements"
                     + (": " + "; ".join(c.detail for c in met) if met else "")
                     + ". Unknown: " + "; ".join(f"{c.requirement} ({c.detail})"
                                                 for c in unknown) + ".")
    else:
        parts.append(f"{m.name} is in the catalog and no requirement was given.")
    if similarity is not None and similar_to:
        parts.append(f"Its feature vector has cosine similarity {similarity:.2f} "
                     f"to {similar_to}'s.")
    defs = model_glossary(m)
    said: list[str] = []
    for column, category in _GLOSSARY_COLUMNS:
        terms = [e.term for e in _entries(m, column, category) if e.term not in said]
        said += terms
        if terms:
            quoted = "; ".join(_quote(t, defs) for t in terms)
            parts.append(f"{_LABELS[column]} {quoted}")
    touched = []
    for c in checks:
        column = CHECK_COLUMNS.get(c.requirement)
        for text in m.caveats_for(column) if column else []:
            if text not in touched:
                touched.append(text)
    if touched:
        parts.append("Caveat on a checked requirement: "
                     + "; ".join(touched) + ".")
    source = m.raw.get("source") or m.raw.get("url")
    if source:
        parts.append(f"Source: {source}.")
    return " ".join(parts)
