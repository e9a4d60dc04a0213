"""The notebook's plotting helpers: a figure, labelled axes, unknowns shown, no
warnings (pytest turns every warning into an error)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from advisor import advise, plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labelled(fig):
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    return ax


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_overview_shows_raw_next_to_parsed(catalog):
    ov = plots.overview(catalog).set_index("name")
    assert ov.loc["BLIP", "parameter_count"] == "~250M–500M"
    assert ov.loc["BLIP", "parameter_count low"] == 250_000_000
    assert ov.loc["ImageBind", "parameter_count high"] == "open"
    assert ov.loc["GPT-4o", "unknown"] == "parameter_count"  # 768–2048 px, sourced
    assert ov.loc["Gemini 2.5 Pro", "unknown"] == "parameter_count, image_resolution"


def test_tradeoffs(catalog):
    fig = plots.tradeoffs(catalog)
    ax = labelled(fig)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert "unknown\nparameters" in texts(fig)          # the unknown strip
    names = [t.get_text() for t in ax.texts]
    assert "GPT-4o" in names and "SEED" in names        # unknown params, still shown
    arrows = [t for t in ax.texts if isinstance(t, Annotation)
              and t.arrow_patch is not None and not t.get_text()]
    open_ended = [m.name for m in catalog
                  if m.parameter_count.is_open or m.token_limit.is_open]
    assert open_ended == ["ImageBind"]                   # ~500M+
    assert len(arrows) == len(open_ended)
    # issue 16: names no longer print over names in the 32k / 128k clusters and
    # the unknown strips (118 overlapping pairs of labels before adjustText; a
    # fixed number of steps, so the same layout on a fast or a slow machine)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts
             if t.get_text() in catalog.names]
    assert len(boxes) == len(catalog)
    overlapping = sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert overlapping <= 1
    # nor over the strips' captions (GLM-4.5V once sat on "unknown token limit")
    captions = [t.get_window_extent(renderer) for t in ax.texts
                if t.get_text() in ("unknown token limit", "unknown\nparameters")]
    assert len(captions) == 2
    assert not any(c.overlaps(b) for c in captions for b in boxes)


def test_resolutions(catalog):
    fig = plots.resolutions(catalog)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "image resolution (px on a side)"
    # a bar per model that states its resolution; the others are named, not drawn
    # as a range nobody stated (issue 27)
    known = [m.name for m in catalog if m.image_resolution.known]
    assert [t.get_text() for t in ax.get_yticklabels()] == sorted(
        known, key=lambda n: (catalog[n].image_resolution.low or 0, n))
    said = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    assert said.startswith("unknown: ") and "Claude Opus 4.5" in said
    assert len(ax.patches) == len(known)


def test_feature_map_and_heatmap(catalog):
    fig = plots.feature_map(catalog)
    ax = labelled(fig)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Dual Encoder" in legend
    fig = plots.similarity_heatmap(catalog)
    labelled(fig)
    # legible: at most HEATMAP_MOST models, each labelled
    assert len(fig.axes[0].get_xticklabels()) == plots.HEATMAP_MOST
    # the colour scale spans the data (cosines of these vectors lie in about
    # 0..1: only the standardised numbers can be negative), not -1..1
    image = fig.axes[0].get_images()[0]
    low, high = image.get_clim()
    data = image.get_array()
    assert (low, high) == (float(data.min()), float(data.max())) and low > -0.1
    order = [catalog.names[i] for i in plots.similarity_order(catalog)]
    # families sit together: CLIP's neighbours in the order are dual encoders
    i = order.index("CLIP (ViT-B/32)")
    neighbours = [order[i - 1], order[i + 1]]
    assert all(catalog[n].architecture == "Dual Encoder" for n in neighbours)


def test_score_components_add_up_to_the_score(seed):
    advice = advise({"open_license": True, "tasks": ["vqa"]}, catalog=seed)
    fig = plots.score_components(advice)
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("score")
    widths = {}
    for patch in ax.patches:
        y = round(patch.get_y() + patch.get_height() / 2)
        widths[y] = widths.get(y, 0) + patch.get_width()
    # bars are drawn bottom-up: row 0 is the last pick
    assert [round(widths[y], 6) for y in sorted(widths, reverse=True)] == \
        [round(r.score, 6) for r in advice]


def test_what_if(seed):
    fig = plots.what_if({"open_license": True}, "min_token_limit", [512, 2048],
                        catalog=seed)
    ax = labelled(fig)
    assert ax.get_xlabel() == "min_token_limit"
    lines = {line.get_label() for line in ax.get_lines()}
    assert {"LLaVA (13B)", "MiniGPT-4"} <= lines
    fig = plots.what_if({"similar_to": "clip"}, "weights.similarity", [0, 3],
                        catalog=seed)
    assert labelled(fig).get_xlabel() == "weights.similarity"


def test_pareto(catalog, seed):
    # smallest variant vs largest token limit, with the sourced facts:
    # nomic-embed-vision v1.5 92.9M/77 (its Hub collection, wrong_values.csv; it
    # beats EVA-CLIP B's 149M/77), GIT 177M/1024 and Florence-2 230M/4096
    # (facts.csv), SmolVLM 256M/16,384, LLaVA-OneVision 0.5B/32k, Qwen3-VL
    # MiniCPM-V 4.6 1.3B/262,144 (vLLM's recipe; it beats Qwen3-VL's 2B at the
    # same limit), Llama 4 Scout 109B/10M (Gemini's 770M is not its size), and
    # PaddleOCR-VL 0.9B/131,072 (its config's max_position_embeddings)
    assert plots.pareto_names(catalog) == ["nomic-embed-vision v1.5", "GIT",
                                           "Florence-2", "SmolVLM (256M–2.2B)",
                                           "LLaVA-OneVision", "PaddleOCR-VL (0.9B)",
                                           "MiniCPM-V 4.6", "Llama 4 Scout"]
    assert plots.pareto_names(seed) == ["CLIP (ViT-B/32)", "BLIP", "Gemini"]
    fig = plots.pareto_front(catalog)
    ax = labelled(fig)
    assert {t.get_text() for t in ax.texts} == set(plots.pareto_names(catalog))


def test_capability_vs_size(catalog):
    # open-weight OCR (evidence.csv): PaddleOCR-VL 0.9B (OmniDocBench edit
    # distances 0.105 and 0.035 (v1.5 text), the lowest of 7 and of 6) is the
    # smallest with a number; Qwen2.5-Omni-7B (DocVQA test 95.2, 2nd of 17) and
    # Qwen3.5 (OCRBench 93.1 of 100 for the 397B, CC-OCR 82.0: the Qwen3.5 blog)
    # beat every model smaller than them; Florence-2 has no OCR number and is not
    # drawn
    advice = advise({"tasks": ["ocr"], "open_weights": True}, catalog=catalog)
    front = plots.capability_front(advice)
    assert front[:3] == ["PaddleOCR-VL (0.9B)", "Qwen2.5-Omni-7B",
                         "Qwen3.5 (27B–397B-A17B)"]
    assert "Florence-2" not in front
    fig = plots.capability_vs_size(advice)
    ax = labelled(fig)
    assert {t.get_text() for t in ax.texts} == set(front)
    assert ax.get_ylabel() == "capability on ocr"


def test_rank_by_tops(catalog):
    tops = plots.rank_by_tops({"tasks": ["vqa"], "open_weights": True},
                              catalog=catalog)
    assert list(tops.columns) == ["capability", "size", "context", "resolution",
                                  "recency"]
    assert tops.loc["#1", "size"] == "GIT"  # ~177M, the smallest (facts.csv)
    # Qwen3.5-397B: MMMU 85.0, MMMU-Pro 79.0, MMBench-EN v1.1 dev 93.7 (the Qwen3.5
    # blog), above Gemma 4 31B's MMMU-Pro 76.9
    assert tops.loc["#1", "capability"] == "Qwen3.5 (27B–397B-A17B)"


def test_memory_terms_stack_to_the_estimate():
    from advisor import memory
    fig = plots.memory_terms(["Qwen2.5-VL-7B", "LLaVA (13B)"], 24, sides=(448, 2048))
    axes = fig.axes
    assert len(axes) == 4                                 # 2 rows x 2 models
    top = axes[0]                                         # Qwen2.5-VL vs image side
    assert any(line.get_ydata()[0] == 24 for line in top.get_lines())  # the GPU
    # the stacked areas reach the estimate's total at the largest side
    arch = next(a for a in memory.bundled_archs()
                if a.checkpoint == "Qwen/Qwen2.5-VL-7B-Instruct")
    total = memory.estimate(arch, "bf16", image_size=(2048, 2048)).total
    upper = max(c.get_paths()[0].vertices[:, 1].max() for c in top.collections)
    assert upper == pytest.approx(total)
    # LLaVA's context axis stops at its 4,096 positions
    llava_context = axes[3]
    assert max(llava_context.collections[0].get_paths()[0].vertices[:, 0]) <= 4096
