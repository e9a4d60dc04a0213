"""Plotting helpers for the notebook (matplotlib, the optional extra `notebook`).

Each function takes public objects (a Catalog, an Advice) and returns a matplotlib
Figure with labelled axes; unknown values are always shown, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .catalog import Catalog
from .columns import NUMERIC
from .engine import advise
from .evidence import used
from .requirements import COMPONENTS
from .result import Advice

__all__ = ["overview", "tradeoffs", "resolutions", "feature_map",
           "similarity_heatmap", "score_components", "what_if", "pareto_front",
           "pareto_names", "capability_vs_size", "capability_front", "rank_by_tops",
           "memory_terms"]

UNKNOWN_COLOR = "#999999"


def overview(catalog: Catalog) -> pd.DataFrame:
    """The raw strings next to the parsed ranges, and which values are unknown."""
    rows = []
    for m in catalog:
        row: dict[str, Any] = {"name": m.name, "origin": m.raw.get("origin", "")}
        for column in NUMERIC:
            r = getattr(m, column)
            row[column] = m.raw[column]
            row[f"{column} low"] = r.low
            row[f"{column} high"] = r.high if r.high is not None else (
                "open" if r.low is not None else None)
        row["open license"] = m.open_license
        row["unknown"] = ", ".join(c for c in NUMERIC if not getattr(m, c).known)
        row["caveats"] = len(m.caveats)
        rows.append(row)
    return pd.DataFrame(rows)


def _ends(r) -> tuple[float | None, float | None, bool]:
    """(low, high, open) for drawing."""
    if r.low is None:
        return None, None, False
    return r.low, r.best, r.high is None


def tradeoffs(catalog: Catalog, *, label: bool = True) -> Figure:
    """Parameters against token limit, log scales. A range is drawn as a bar, an
    open-ended value as an arrow, and a model with an unknown value sits in a
    marked strip at the edge of the plot."""
    fig, ax = plt.subplots(figsize=(15, 11))
    labels, points = [], []
    known_p = [m.parameter_count.low for m in catalog if m.parameter_count.low]
    known_t = [m.token_limit.low for m in catalog if m.token_limit.low]
    strip_x = min(known_p) / 16  # a wide strip: the API models' names need room
    strip_y = min(known_t) / 4
    spread = _strip_places(catalog, strip_x, strip_y)
    for m in catalog:
        p_lo, p_hi, p_open = _ends(m.parameter_count)
        t_lo, t_hi, t_open = _ends(m.token_limit)
        unknown = p_lo is None or t_lo is None
        x = float(np.sqrt(float(p_lo) * p_hi)) if p_lo is not None else strip_x
        y = float(np.sqrt(float(t_lo) * t_hi)) if t_lo is not None else strip_y
        sx, sy = spread.get(m.name, (None, None))
        x, y = sx or x, sy or y
        color = UNKNOWN_COLOR if unknown else "C0"
        if p_lo is not None and p_hi != p_lo:
            ax.plot([p_lo, p_hi], [y, y], color=color, lw=3, alpha=0.6)
        if t_lo is not None and t_hi != t_lo:
            ax.plot([x, x], [t_lo, t_hi], color=color, lw=3, alpha=0.6)
        if p_open:
            ax.annotate("", xy=(p_lo * 3, y), xytext=(p_lo, y),
                        arrowprops={"arrowstyle": "->", "color": color})
        if t_open:
            ax.annotate("", xy=(x, t_lo * 3), xytext=(x, t_lo),
                        arrowprops={"arrowstyle": "->", "color": color})
        ax.scatter([x], [y], color=color, zorder=3,
                   marker="x" if unknown else "o")
        if label:
            labels.append(ax.text(x, y, m.name, fontsize=6.5))
            points.append((x, y))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.axvspan(strip_x / 6, strip_x * 6, color=UNKNOWN_COLOR, alpha=0.15)
    ax.axhspan(strip_y / 2, strip_y * 2, color=UNKNOWN_COLOR, alpha=0.15)
    # the caption above the highest model of the strip (GPT-5.4's 1.05M sat
    # under it at twice the largest token limit)
    ax.text(strip_x, max(known_t) * 3.5, "unknown\nparameters", ha="center",
            va="top", fontsize=8, color="#555555")
    ax.text(strip_x * 7, strip_y, "unknown token limit", ha="left",
            va="center", fontsize=8, color="#555555")
    ax.set_xlabel("parameters (log scale; bar = range of variants, arrow = open-ended)")
    ax.set_ylabel("token limit (log scale)")
    ax.set_title("Size against context")
    fig.tight_layout()
    if labels:
        _apart(ax, labels, points)
    return fig


def _strip_places(catalog: Catalog, strip_x: float, strip_y: float
                  ) -> dict[str, tuple[float | None, float | None]]:
    """Where the models with an unknown value sit in their strip: (x, y), None
    where the axis is known. Those unknown on both axes spread up the corner's
    height; those unknown on one spread across their strip's width in four
    columns (the API models of one context otherwise stack at one point)."""
    out: dict[str, tuple[float | None, float | None]] = {}
    corner = [m.name for m in catalog
              if m.parameter_count.low is None and m.token_limit.low is None]
    for k, name in enumerate(corner):
        if len(corner) > 1:
            out[name] = (None, strip_y * 2 ** (0.8 * k / (len(corner) - 1) - 0.4))
    for unknown_p in (True, False):
        names = [m.name for m in catalog
                 if (m.parameter_count.low is None) == unknown_p
                 and (m.token_limit.low is None) != unknown_p]
        for k, name in enumerate(names if len(names) > 1 else ()):
            step = 2 ** ((k % 4) - 1.5) if unknown_p else 2 ** (0.8 * (k % 3) / 2 - 0.4)
            out[name] = (strip_x * step, None) if unknown_p else (None, strip_y * step)
    return out


def _apart(ax, labels, points, steps: int = 160) -> None:
    """Move the labels off each other and off the points (adjustText), each tied
    to its point by a thin line where it moved away; the clusters at 32k and 128k
    and the unknown strip otherwise print names over names."""
    from adjustText import adjust_text  # the notebook extra
    xs, ys = zip(*points, strict=True)
    # expand: the room kept around each label (x, y), and force_text: how hard
    # labels push each other, both above the defaults so that names in the dense
    # clusters clear each other; iter_lim: a fixed number of steps, as adjustText
    # otherwise stops after one second, so that the layout depended on the
    # machine's speed (3-6 overlapping pairs of 70 labels from run to run; none
    # in any run with these settings and the corner spread, against 118 unmoved;
    # at 111 labels 60 steps on a 12 x 8.5 in figure left 6 pairs, 160 steps on
    # 15 x 11 in none)
    adjust_text(labels, x=list(xs), y=list(ys), ax=ax, expand=(1.4, 2.2),
                force_text=(0.3, 0.6), iter_lim=steps,
                arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5})


def resolutions(catalog: Catalog) -> Figure:
    """Supported image resolution per model: a bar from low to high, an arrow where
    the upper end is open; the models whose resolution is unknown are named below
    the chart, not drawn (a bar would claim a range nobody stated)."""
    models = sorted((m for m in catalog if m.image_resolution.known),
                    key=lambda m: (m.image_resolution.low or 0, m.name))
    unknown = sorted((m.name for m in catalog if not m.image_resolution.known),
                     key=str.casefold)
    fig, ax = plt.subplots(figsize=(9, max(3, 0.28 * len(models) + 1.2)))
    top = max((m.image_resolution.best or 0) for m in models) * 1.3 if models \
        else 1.0
    for y, m in enumerate(models):
        lo, hi, is_open = _ends(m.image_resolution)
        ax.barh(y, max(hi - lo, top * 0.006), left=lo, color="C1")
        if is_open:
            ax.annotate("", xy=(lo + top * 0.15, y), xytext=(lo, y),
                        arrowprops={"arrowstyle": "->", "color": "C1"})
    ax.set_yticks(range(len(models)), [m.name for m in models], fontsize=7)
    ax.set_xlim(0, top)
    ax.set_xlabel("image resolution (px on a side)")
    ax.set_title(f"Supported input resolution ({len(models)} of {len(catalog)} "
                 "models state it)")
    if unknown:
        fig.text(0.01, 0.005, "unknown: " + _wrapped(", ".join(unknown), 150),
                 fontsize=6, color="#555555", va="bottom")
    fig.tight_layout(rect=(0, 0.02 + 0.012 * (len(unknown) // 12 + 1), 1, 1))
    return fig


def _wrapped(text: str, width: int) -> str:
    import textwrap  # only for this caption
    return "\n".join(textwrap.wrap(text, width))


def feature_map(catalog: Catalog) -> Figure:
    """A 2-D PCA projection of the models' feature vectors, coloured by architecture."""
    from sklearn.decomposition import PCA  # only for this plot
    X = catalog.features_.matrix_
    xy = PCA(n_components=2, random_state=0).fit_transform(X)
    fig, ax = plt.subplots(figsize=(15, 11))
    archs = catalog.frame["architecture"].tolist()
    for k, arch in enumerate(sorted(set(archs))):
        idx = [i for i, a in enumerate(archs) if a == arch]
        ax.scatter(xy[idx, 0], xy[idx, 1], label=arch or "not stated",
                   color=f"C{k % 10}", marker="o" if k < 10 else "s")
    # the labels moved off each other (the families sit in tight clusters)
    labels = [ax.text(xy[i, 0], xy[i, 1], name, fontsize=7)
              for i, name in enumerate(catalog.names)]
    # a few steps: enough to pull the names out of the clusters, the strict
    # no-overlap layout (160 steps, tested) is the trade-off chart's
    _apart(ax, labels, [tuple(p) for p in xy], steps=40)
    ax.set_xlabel("first principal component")
    ax.set_ylabel("second principal component")
    ax.set_title("Feature space (PCA of the feature vectors)")
    ax.legend(title="architecture", fontsize=8)
    fig.tight_layout()
    return fig


def similarity_order(catalog: Catalog) -> list[int]:
    """Row order that puts families together (average-linkage clustering)."""
    # scipy only for this plot
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import pdist
    X = catalog.features_.matrix_.astype(np.float64)
    return leaves_list(linkage(pdist(X, "cosine"), "average")).tolist()


HEATMAP_MOST = 30  # models a heatmap labels legibly


def similarity_heatmap(catalog: Catalog, names: Sequence[str] | None = None
                       ) -> Figure:
    """Cosine similarity of every pair of ``names`` (default: the HEATMAP_MOST
    models with the most known facts, newest first on ties), ordered so that
    families sit together."""
    if names is None:
        ix = catalog.index
        days = np.nan_to_num(ix.num["release_date"], nan=0.0)
        pick = np.lexsort((-days, -ix.documented))[:HEATMAP_MOST]
    else:
        pick = np.asarray([catalog.position(n) for n in names])
    sub = catalog.take(np.sort(pick))
    X = sub.features_.matrix_
    order = similarity_order(sub)
    S = (X @ X.T)[np.ix_(order, order)]
    labels = [sub.names[i] for i in order]
    fig, ax = plt.subplots(figsize=(11, 9.5))
    # the data's own range (the rows are unit vectors of mostly non-negative
    # codes, so cosines lie in about 0..1, not -1..1): a sequential scale that
    # uses every shade
    im = ax.imshow(S, vmin=float(S.min()), vmax=float(S.max()), cmap="viridis")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.set_xlabel("model")
    ax.set_ylabel("model")
    ax.set_title(f"Cosine similarity of feature vectors ({len(labels)} of "
                 f"{len(catalog)} models)")
    fig.colorbar(im, ax=ax, label="cosine similarity")
    fig.tight_layout()
    return fig


def score_components(advice: Advice) -> Figure:
    """Each pick's score as stacked parts that add up to it: each component at its
    weight's share (the rank_by value, capability by default, as ``rank``)."""
    weights = {k: w for k, (w, _) in COMPONENTS.items()} | dict(
        advice.requirements.weights)
    fig, ax = plt.subplots(figsize=(8, 0.5 * max(len(advice), 2) + 1.5))
    recs = list(advice)[::-1]
    rank_by = advice.requirements.rank_by
    stack = {}
    for part in dict.fromkeys(k for r in recs for k in r.components):
        label = f"{rank_by} (rank)" if part == "rank" else part
        stack[label] = [weights[part] * r.components.get(part, 0)
                        / (sum(weights[c] for c in r.components) or 1) for r in recs]
    left = np.zeros(len(recs))
    for k, (label, values) in enumerate(stack.items()):
        ax.barh(range(len(recs)), values, left=left, label=label, color=f"C{k}")
        left += np.asarray(values)
    ax.set_yticks(range(len(recs)), [r.name for r in recs], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("score (stacked: each component at its weight's share)")
    ax.set_title("Why each pick scores what it does")
    if recs:
        ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def what_if(requirements: Mapping[str, Any], key: str, values: Sequence[Any], *,
            catalog: Catalog | None = None, top: int = 3) -> Figure:
    """How the top ``top`` picks change as one threshold or one weight moves.

    ``key`` is a requirement key (``min_token_limit``) or ``weights.NAME``.
    """
    ranks: dict[str, list[float]] = {}
    for j, v in enumerate(values):
        reqs = dict(requirements)
        if key.startswith("weights."):
            reqs["weights"] = {**reqs.get("weights", {}), key.split(".", 1)[1]: v}
        else:
            reqs[key] = v
        names = advise({**reqs, "top_k": top}, catalog=catalog).names
        for name in set(ranks) | set(names):
            ranks.setdefault(name, [np.nan] * len(values))
            ranks[name][j] = names.index(name) + 1 if name in names else np.nan
    fig, ax = plt.subplots(figsize=(9, 5))
    x = np.arange(len(values))
    for k, (name, r) in enumerate(sorted(ranks.items())):
        ax.plot(x, r, marker="o", label=name, color=f"C{k % 10}")
    ax.set_xticks(x, [str(v) for v in values])
    ax.set_yticks(range(1, top + 1))
    ax.set_ylim(top + 0.5, 0.5)
    ax.set_xlabel(key)
    ax.set_ylabel("rank")
    ax.set_title(f"Top {top} as {key} moves")
    ax.legend(fontsize=7, bbox_to_anchor=(1.02, 1), loc="upper left")
    fig.tight_layout()
    return fig


def pareto_names(catalog: Catalog) -> list[str]:
    """Models no other model beats on both fewer parameters (smallest variant) and a
    longer token limit (largest); models with either value unknown are left out."""
    return _front(_sized_tokens(catalog))


def _sized_tokens(catalog: Catalog) -> list[tuple[str, float, float]]:
    """(name, smallest variant's parameters, largest token limit) of each model
    that has both."""
    pts = [(m.name, m.parameter_count.low, m.token_limit.best) for m in catalog]
    return [p for p in pts if p[1] is not None and p[2] is not None]


def pareto_front(catalog: Catalog) -> Figure:
    """Parameters against token limit with the Pareto front drawn and labelled."""
    fig, ax = plt.subplots(figsize=(9, 6))
    _draw_front(ax, _sized_tokens(catalog), "Pareto front")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("parameters, smallest variant (log scale)")
    ax.set_ylabel("token limit, largest (log scale)")
    ax.set_title("Fewer parameters, longer context: the Pareto front")
    ax.legend()
    fig.tight_layout()
    return fig


def _size_behind(advice: Advice, name: str) -> float | None:
    """The size of the checkpoint a model's capability rests on: the largest of
    its numbers' checkpoints, else the family's largest size."""
    ev = advice.evaluation
    i = advice.catalog.position(name)
    rows = [int(ev.placed.row[j]) for j in used(ev.evidence, ev.placed, i,
                                                 ev.relevant)]
    sizes = [s for s in ev.evidence.params[rows].tolist() if s == s]
    return max(sizes) if sizes else advice.catalog[name].parameter_count.best


def capability_front(advice: Advice) -> list[str]:
    """The models that pass with a capability that no smaller model matches or
    beats (size: the checkpoint the number is for); models without a size or a
    number are left out."""
    return _front(_sized(_all(advice)))


def _sized(every: Advice) -> list[tuple[str, float, float]]:
    """(name, size behind its number, capability) of each model that has both, in
    ranking order."""
    pts = [(r.name, _size_behind(every, r.name), r.capability) for r in every]
    return [p for p in pts if p[1] is not None and p[2] is not None]


def _front(pts: list[tuple[str, float, float]]) -> list[str]:
    """The names no smaller point matches or beats, smallest first."""
    front = [(p, name) for name, p, c in pts
             if not any(p2 <= p and c2 >= c and (p2 < p or c2 > c)
                        for _, p2, c2 in pts)]
    return [n for _, n in sorted(front)]


def _draw_front(ax, pts: list[tuple[str, float, float]], label: str) -> None:
    """(name, size, value) points, the front (``_front``) larger, labelled and
    joined by a step line."""
    front = set(_front(pts))
    line = []
    for name, p, value in pts:
        on = name in front
        ax.scatter([p], [value], color="C3" if on else "C0", s=40 if on else 15,
                   zorder=3)
        if on:
            ax.annotate(name, (p, value), fontsize=8, xytext=(4, 3),
                        textcoords="offset points")
            line.append((p, value))
    line.sort()
    ax.step([p for p, _ in line], [v for _, v in line], where="post", color="C3",
            alpha=0.6, label=label)


def _all(advice: Advice):
    """Every model that passes, ranked (not only the top k)."""
    # the same requirements, every model
    return advise(advice.requirements.to_dict() | {"top_k": len(advice.catalog)},
                 catalog=advice.catalog, evidence=advice.evaluation.evidence_path)


def capability_vs_size(advice: Advice) -> Figure:
    """Capability on the requested tasks against size (smallest variant) for the
    models that pass, with the front of models no smaller one beats."""
    fig, ax = plt.subplots(figsize=(9, 5.5))
    # one run of every model for the points and the front
    _draw_front(ax, _sized(_all(advice)), "no smaller model does better")
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.set_xlabel("parameters of the checkpoint behind the number (log scale)")
    tasks = ", ".join(advice.requirements.tasks) or "each model's own job"
    ax.set_ylabel(f"capability on {tasks}")
    ax.set_title("Published capability against size, for the models that pass")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def rank_by_tops(requirements: Mapping[str, Any], *, catalog: Catalog | None = None,
                 orders: Sequence[str] = ("capability", "size", "context",
                                          "resolution", "recency")) -> pd.DataFrame:
    """The top three under each rank_by, side by side."""
    rows = {}
    for order in orders:
        advice = advise({**requirements, "rank_by": order, "top_k": 3},
                        catalog=catalog)
        rows[order] = advice.names + [""] * (3 - len(advice))
    return pd.DataFrame(rows, index=["#1", "#2", "#3"])


# a colour per kind of memory term (memory.TERM_KINDS)
MEMORY_SHADES = {"weights": "#4c72b0", "KV cache": "#dd8452",
                 "runtime overhead": "#cccccc", "vision attention": "#8172b3"}


def memory_terms(models: Sequence[str], gpu_memory_gb: float, *,
                 precision: str = "bf16", sides: Sequence[int] = (448, 896, 1344,
                                                                   1792, 2240, 2688),
                 contexts: Sequence[int] = (2_000, 4_000, 16_000, 32_000, 64_000,
                                            128_000),
                 catalog: Catalog | None = None) -> Figure:
    """For each model's largest checkpoint with architecture data: its memory
    terms stacked, against the side of one square image (top, 4k context) and
    against the text context up to its position limit (bottom, one 1024 px
    image), with the GPU as a line."""
    from . import memory  # the estimate's terms; numpy only
    from .engine import checkpoints
    fig, axes = plt.subplots(2, len(models), figsize=(4.2 * len(models), 7.5),
                             squeeze=False)
    for col, model in enumerate(models):
        name, found = checkpoints(model, catalog)
        arch = next((a for a in reversed(found) if a.kv_known and a.rule), found[-1])
        # never past the model's own position limit
        within = [c for c in contexts if c <= (arch.max_positions or c)]
        rows = [([memory.estimate(arch, precision, image_size=(s, s)) for s in sides],
                 sides, "image side (px, one square image, 4k context)"),
                ([memory.estimate(arch, precision, image_size=(1024, 1024),
                                  context_tokens=c) for c in within],
                 within, "text context (tokens, one 1024 px image)")]
        for row, (estimates, xs, label) in enumerate(rows):
            ax = axes[row][col]
            # the terms in their order (their names carry the numbers)
            values = np.array([list(e.terms.values()) for e in estimates]).T
            kinds = [memory.term_kind(k) for k in estimates[0].terms]
            ax.stackplot(xs, values, labels=[memory.TERM_KINDS[k] for k in kinds],
                         colors=[MEMORY_SHADES[k] for k in kinds], alpha=0.85)
            ax.axhline(gpu_memory_gb, color="#c44e52", lw=1.5,
                       label=f"GPU {gpu_memory_gb:g} GB")
            ax.set_xlabel(label)
            if row == 1:  # thousands of tokens, a few ticks: no labels run together
                ax.xaxis.set_major_locator(MaxNLocator(5))
                ax.xaxis.set_major_formatter(FuncFormatter(
                    lambda x, _: f"{x / 1000:g}k" if x else "0"))
            ax.set_ylabel(f"GB ({precision})")
            ax.set_title(f"{arch.checkpoint.split('/')[-1]}", fontsize=10)
            if row == 0 and col == 0:
                ax.legend(fontsize=8, loc="upper left")
    fig.suptitle("Memory terms: weights, KV cache (text + image tokens), overhead")
    fig.tight_layout()
    return fig
