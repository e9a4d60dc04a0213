"""Synthetic catalogs in the seed's string formats (ranges, '+', '~', unknowns),
from a fixed random seed, written once to a cache folder."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from advisor.columns import COLUMNS

SEED = 20261126


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _pools(rng: np.random.Generator) -> dict[str, list[str]]:
    sizes = np.unique(np.round(rng.lognormal(np.log(2e9), 1.6, 3000), -6))
    params = []
    for s in sizes:
        m = s / 1e6
        text = f"~{_num(m / 1000)}B" if m >= 1000 else f"~{m:.0f}M"
        params.append(text)
        params.append(text.lstrip("~"))
    for a, b in rng.choice(sizes, size=(1500, 2)):
        lo, hi = sorted((a / 1e9, b / 1e9))
        if lo < hi:
            params.append(f"~{_num(lo)}B–{_num(hi)}B")
    params += [f"{s / 1e6:.0f}M+" for s in sizes[:300]]
    params += ["Not disclosed", "Experimental"] * 40
    tokens = ["77", "512", "1024", "2048", "4096", "8192", "16384", "32k", "~32k",
              "128k", "~128k", "200000", "1,048,576", "512–1024", "128–256",
              "8192–16384", "Not disclosed"]
    tokens += [f"{k}k" for k in rng.integers(1, 1000, 300)]
    res = ["224×224", "224×224+", "224–336px", "336×336", "384×384", "448×448+",
           "224–896px", "768×768", "896×896", "Variable", "224–384px", "512px"]
    res += [f"{a}–{a + b}px" for a, b in rng.integers(100, 900, (200, 2))]
    return {"parameter_count": params, "token_limit": tokens, "image_resolution": res}


CHOICES = {
    "model_type": ["VLM", "LMM", "Multimodal"],
    "architecture": ["Dual Encoder", "Unified Transformer", "Vision-Language Bridge",
                     "Cross-modal Embedding", "Dual Encoder + Decoder"],
    "training_objective": ["Contrastive Learning", "Captioning + VQA",
                           "Instruction Tuning + Captioning", "Semantic Alignment", ""],
    "loss_function": ["InfoNCE (Softmax)", "Sigmoid", "Cross-Entropy",
                      "Contrastive + CE", "Contrastive", ""],
    "license": ["Apache-2.0 (open)", "MIT (open)", "Academic (open)",
                "Acme terms (closed)", "Gemma Terms (open)"],
    "tasks": ["vqa; captioning", "retrieval; zero-shot-classification; embedding",
              "vqa; ocr; instruction-following", "captioning", "grounding; vqa", ""],
    "modalities": ["image; text", "image; video; text", "text; image; audio", ""],
    "commercial_use": ["yes", "no", "restricted", "unknown"],
    "open_weights": ["yes", "no", "unknown"],
    "default_mode": ["", "", "direct", "thinking"],
    "origin": ["synthetic"],
    "as_of": ["2026-11"],
    "input_price_per_mtok": ["", "", "0.15", "1.25", "3"],
    "output_price_per_mtok": ["", "", "0.6", "10", "15"],
    "price_per_image": ["", "", "", "0.001"],
    "release_date": ["2021-01", "2023-10-05", "2024-09-25", "2025-04", ""],
    # no 'retired': every generated row stays in the ranking, as the bench needs
    "status": ["", "", "", "current", "superseded by model-0000001",
               "deprecated on 2026-01-05"],
}


# the free-text columns a hub export fills with a distinct string per model
DIVERSE = ("architecture", "vision_component", "text_component",
           "training_objective", "loss_function", "training_data_size")


def make(n: int, diverse: bool = False) -> pd.DataFrame:
    """n rows in the seed's formats; ``diverse``: every free-text cell unique."""
    rng = np.random.default_rng(SEED + n)
    pools = _pools(rng)
    data = {"name": [f"model-{i:07d}" for i in range(n)]}
    for column in COLUMNS[1:]:
        pool = pools.get(column) or CHOICES.get(column) or [f"{column} text"]
        data[column] = np.asarray(pool, dtype=object)[rng.integers(0, len(pool), n)]
    data["source"] = [f"https://example.org/models/{i}" for i in range(n)]
    if diverse:
        for column in DIVERSE:
            data[column] = [f"{v} r{i}" for i, v in enumerate(data[column])]
    return pd.DataFrame(data, columns=list(COLUMNS))


def stamp() -> str:
    """Which generator made a file: its source and the catalog's columns. A file
    is named with it, so a change to either (a new column, a new pool) makes new
    files: a file made before a column was added once stood in for a catalog
    with it, and the diverse and repetitive files had different columns."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update("\0".join(COLUMNS).encode())
    return h.hexdigest()[:8]


def _generated(folder: Path, kind: str) -> Path:
    """Where this generator's file of ``kind`` ("catalog-1000", "evidence-13",
    ...) goes; the files of other generators of that kind are deleted."""
    path = folder / f"{kind}-{stamp()}.csv"
    for old in [folder / f"{kind}.csv", *folder.glob(f"{kind}-" + "?" * 8 + ".csv")]:
        if old != path:
            old.unlink(missing_ok=True)
    return path


def ensure(n: int, folder: Path, diverse: bool = False) -> Path:
    """The CSV of n rows, generated once by this generator."""
    path = _generated(folder, f"catalog-{n}{'-diverse' if diverse else ''}")
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        make(n, diverse).to_csv(tmp, index=False)
        tmp.replace(path)
    return path


def ensure_evidence(n: int, folder: Path) -> Path:
    """Synthetic evidence for the catalog of n rows, generated once (named as the
    catalog is, so ``catalog-`` -> ``evidence-`` finds it): one model in
    twenty has an MMMU (val) and a DocVQA (test) number, the rest none."""
    path = _generated(folder, f"evidence-{n}")
    if not path.exists():
        rng = np.random.default_rng(SEED + n + 1)
        models = np.arange(0, n, 20)
        rows = []
        for label in ("MMMU (val)", "DocVQA (test)"):
            values = rng.uniform(20, 95, len(models)).round(1)
            rows.append(pd.DataFrame({
                "model": [f"model-{i:07d}" for i in models], "variant": "synthetic",
                "params": "", "benchmark": label, "value": values, "scale": 100,
                "metric": "accuracy %", "kind": "self-reported",
                "source": "https://example.org/synthetic", "note": ""}))
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        pd.concat(rows).to_csv(tmp, index=False)
        tmp.replace(path)
    return path


if __name__ == "__main__":  # pragma: no cover
    for size in map(int, sys.argv[2:]):
        print(ensure(size, Path(sys.argv[1])))
