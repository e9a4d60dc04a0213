"""`make bench`: speed and memory of the advisor as ratios measured in one run.

For synthetic catalogs of 13, 10k, 100k and 1M rows (benchmarks/generate.py, fixed
seed, written once to .bench-cache/), each size in fresh processes:
- ``pd.read_csv(path, dtype=str)`` and ``load_catalog(path)``: median time, the ratio,
  and the loader's peak memory (maximum resident set of a process that only loads);
- the first ``advise`` (it fits the feature vectors), then the warm median of three
  requirement mixes against the floor, one ``sum`` over the catalog's own feature
  matrix; and on the same matrix scikit-learn ``NearestNeighbors`` (cosine, brute)
  for ``similar_to`` and scikit-criteria TOPSIS on eight criteria, as references;
at 100k rows and more, a diverse catalog (unique free text in every row) against
the repetitive one of the same size: load and fit, the median of FIT_RUNS fresh
processes each, alternated; then the CLI: ``advisor recommend`` with a warm
cache against ``python -c "import numpy"``, and ``advisor --help`` against
``python -c pass``.

Writes benchmarks/results.json and benchmarks/results.md, and the table in
docs/scale.md.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache"
SIZES = (13, 10_000, 100_000, 1_000_000)
DIVERSE_FROM = 100_000  # the sizes at which a diverse catalog is measured too
FIT_RUNS = 5  # fresh load-and-fit runs of each kind; one run varies by +-10% here
MIXES = {
    "selective": {"open_license": True, "commercial_use": True,
                  "min_token_limit": "32k", "max_params": "8B", "tasks": ["vqa"]},
    "loose": {"max_params": "100B"},
    "similar_to": {"similar_to": "model-0000000"},
}
TARGETS = {  # what the issue asks, as the largest ratio allowed
    "selective": 3, "similar_to": 3, "loose": 5, "load": 2, "cli": 3, "help": 15,
}


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mb() -> float:
    """This process's peak resident memory: VmHWM, which starts afresh at exec.
    (ru_maxrss keeps the parent's size at the fork: a child of a parent that had
    just generated a 1M-row catalog reported 466 MB for 13 rows.)"""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- children: one fresh process per measurement --------------------------------------
def child_read(path: str) -> dict:
    import pandas as pd
    return {"read_s": median_time(lambda: pd.read_csv(path, dtype=str), 3)}


def child_load(path: str) -> dict:
    from advisor import load_catalog
    start = time.perf_counter()
    load_catalog(path)
    first = time.perf_counter() - start
    out = {"load_peak_mb": peak_mb()}
    out["load_s"] = statistics.median([first] + [median_time(lambda: load_catalog(path),
                                                             1) for _ in range(2)])
    return out


def child_fit(path: str) -> dict:
    """Load and fit the feature vectors (what the first question costs), with the
    process's peak memory."""
    from advisor import load_catalog
    start = time.perf_counter()
    cat = load_catalog(path)
    _ = cat.features_
    return {"fit_s": time.perf_counter() - start, "fit_peak_mb": peak_mb(),
            "features": list(cat.features_.matrix_.shape)}


def child_query(path: str) -> dict:
    import numpy as np

    from advisor import advise, load_catalog
    from advisor.vocab import Commercial
    cat = load_catalog(path)
    # synthetic evidence beside the catalog: capability is computed on every query
    evidence = str(Path(path).with_name(Path(path).name.replace("catalog-",
                                                                "evidence-")))
    out: dict = {}
    start = time.perf_counter()
    advise(MIXES["similar_to"], catalog=cat, evidence=evidence)  # fits, reads
    out["first_advise_s"] = time.perf_counter() - start
    X = cat.features_.matrix_
    out["features"] = list(X.shape)
    out["floor_s"] = median_time(lambda: X.sum(), 21)
    for name, req in MIXES.items():
        advise(req, catalog=cat, evidence=evidence)
        out[f"{name}_s"] = median_time(
            lambda r=req: advise(r, catalog=cat, evidence=evidence), 15)
    from sklearn.neighbors import NearestNeighbors
    nn = NearestNeighbors(n_neighbors=6, metric="cosine", algorithm="brute").fit(X)
    out["sklearn_nn_s"] = median_time(lambda: nn.kneighbors(X[:1]), 5)
    try:
        import skcriteria as skc
        from skcriteria.agg.topsis import TOPSIS
    except ImportError:  # make bench installs it
        out["topsis_s"] = None
    else:
        ix = cat.index
        cols = [ix.num["parameter_count_low"], ix.num["token_limit_high"],
                ix.num["image_resolution_high"], ix.documented, ix.open_license,
                ix.codes_of("commercial_use", Commercial),
                X @ X[0], np.bitwise_count(ix.bits("tasks"))]
        M = np.column_stack([np.nan_to_num(np.asarray(c, dtype=float), nan=1.0) + 1
                             for c in cols])
        objectives = [min] + [max] * 7
        out["topsis_s"] = median_time(
            lambda: TOPSIS().evaluate(skc.mkdm(M, objectives, weights=[1] * 8)), 3)
    return out


def run_child(kind: str, path: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", kind, str(path)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def fit_pair(repetitive: Path, diverse: Path) -> dict:
    """The two kinds' load-and-fit, FIT_RUNS fresh processes each, alternated (so a
    slow spell of the machine falls on both): the median time and peak of each,
    with every run's time kept."""
    runs: dict[str, list[dict]] = {"repetitive": [], "diverse": []}
    for _ in range(FIT_RUNS):
        for kind, path in (("repetitive", repetitive), ("diverse", diverse)):
            runs[kind].append(run_child("fit", path))
    return {kind: {"fit_s": statistics.median(r["fit_s"] for r in rs),
                   "fit_peak_mb": statistics.median(r["fit_peak_mb"] for r in rs),
                   "features": rs[0]["features"],
                   "fit_runs_s": [round(r["fit_s"], 3) for r in rs]}
            for kind, rs in runs.items()}


# -- the CLI, timed as whole commands --------------------------------------------------
def command_time(args: list[str], env: dict, repeat: int = 9) -> float:
    def once():
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
    once()
    return median_time(once, repeat)


def cli_times() -> dict:
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(CACHE / "cli-cache")}
    advisor = str(Path(sys.executable).parent / "advisor")
    recommend = [advisor, "recommend", "--open-license", "--min-token-limit", "2k"]
    return {"python_pass_s": command_time([sys.executable, "-c", "pass"], env),
            "python_numpy_s": command_time([sys.executable, "-c", "import numpy"], env),
            "cli_recommend_s": command_time(recommend, env),
            "cli_help_s": command_time([advisor, "--help"], env)}


# -- report ----------------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy
    import pandas
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"numpy {numpy.__version__}, pandas {pandas.__version__}")


def ms(x: float | None) -> str:
    return "-" if x is None else f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def report(results: dict) -> str:
    took = f"{results['elapsed_s'] / 60:.1f} minutes"
    lines = [f"Measured {results['date']} on {results['machine']}; `make bench` took "
             f"{took} (catalogs already generated).", "",
             "| rows | read_csv | load_catalog (ratio) | peak memory | first advise | "
             "floor | selective (ratio) | loose (ratio) | similar_to (ratio) | "
             "sklearn NN (ours faster) | TOPSIS (ours faster) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, r in results["sizes"].items():
        f = r["floor_s"]
        topsis = (f"{ms(r['topsis_s'])} ({r['topsis_s'] / r['similar_to_s']:.0f}x)"
                  if r["topsis_s"] else "-")
        lines.append(
            f"| {int(n):,} | {ms(r['read_s'])} | {ms(r['load_s'])} "
            f"({r['load_s'] / r['read_s']:.2f}x) | {r['load_peak_mb']:.0f} MB | "
            f"{ms(r['first_advise_s'])} | {ms(f)} | "
            + " | ".join(f"{ms(r[k + '_s'])} ({r[k + '_s'] / f:.1f}x)"
                         for k in MIXES)
            + f" | {ms(r['sklearn_nn_s'])} "
              f"({r['sklearn_nn_s'] / r['similar_to_s']:.1f}x)"
            f" | {topsis} |")
    if results.get("diverse"):
        lines += ["", "| rows | fit, repetitive | fit, diverse (ratio) | each run's "
                  "ratio | peak, repetitive | peak, diverse (ratio) | features |",
                  "|---:|---:|---:|---:|---:|---:|---:|"]
        for n, d in results["diverse"].items():
            r, v = d["repetitive"], d["diverse"]
            runs = zip(r.get("fit_runs_s", []), v.get("fit_runs_s", []), strict=True)
            each = ", ".join(f"{b / a:.2f}x" for a, b in runs)
            lines.append(
                f"| {int(n):,} | {ms(r['fit_s'])} | {ms(v['fit_s'])} "
                f"({v['fit_s'] / r['fit_s']:.2f}x) | {each or '-'} | "
                f"{r['fit_peak_mb']:.0f} MB | {v['fit_peak_mb']:.0f} MB "
                f"({v['fit_peak_mb'] / r['fit_peak_mb']:.2f}x) | "
                f"{r['features'][1]} / {v['features'][1]} |")
    c = results["cli"]
    lines += ["", "| command | median | reference | ratio | target |",
              "|---|---:|---:|---:|---:|",
              f"| `advisor recommend ...`, warm cache | {ms(c['cli_recommend_s'])} | "
              f"`python -c \"import numpy\"` {ms(c['python_numpy_s'])} | "
              f"{c['cli_recommend_s'] / c['python_numpy_s']:.1f}x | <= 3x |",
              f"| `advisor --help` | {ms(c['cli_help_s'])} | `python -c pass` "
              f"{ms(c['python_pass_s'])} | {c['cli_help_s'] / c['python_pass_s']:.1f}x "
              "| <= 15x |"]
    lines += ["", "Targets: warm advise on 1M rows at most 3x the floor (selective, "
              "similar_to) and 5x (loose); at least 3x faster than NearestNeighbors "
              "and 30x faster than TOPSIS; load_catalog at most 2x read_csv, peak "
              "memory at most 2 GB; a diverse catalog (unique free text in every row) "
              "within 2x of the repetitive one's load-and-fit time and peak memory "
              f"(each the median of {FIT_RUNS} fresh runs, alternated)."]
    return "\n".join(lines)


def verdicts(results: dict) -> list[str]:
    big = results["sizes"][str(max(int(k) for k in results["sizes"]))]
    f = big["floor_s"]
    checks = [("selective", big["selective_s"] / f, TARGETS["selective"]),
              ("similar_to", big["similar_to_s"] / f, TARGETS["similar_to"]),
              ("loose", big["loose_s"] / f, TARGETS["loose"]),
              ("load_catalog / read_csv", big["load_s"] / big["read_s"], 2),
              ("NearestNeighbors / ours (>= 3)", 3 / (big["sklearn_nn_s"] /
                                                      big["similar_to_s"]), 1),
              ("peak memory GB", big["load_peak_mb"] / 1024, 2),
              ("cli / import numpy", results["cli"]["cli_recommend_s"] /
               results["cli"]["python_numpy_s"], 3),
              ("--help / python", results["cli"]["cli_help_s"] /
               results["cli"]["python_pass_s"], 15)]
    for n, d in results.get("diverse", {}).items():
        r, v = d["repetitive"], d["diverse"]
        checks += [(f"diverse / repetitive fit time, {int(n):,}",
                    v["fit_s"] / r["fit_s"], 2),
                   (f"diverse / repetitive peak memory, {int(n):,}",
                    v["fit_peak_mb"] / r["fit_peak_mb"], 2)]
    if big["topsis_s"]:
        checks.append(("TOPSIS / ours (>= 30)", 30 / (big["topsis_s"] /
                                                      big["similar_to_s"]), 1))
    return [f"{'ok  ' if value <= limit else 'MISS'} {name}: {value:.2f} (<= {limit})"
            for name, value, limit in checks]


def update_readme(table: str) -> None:
    """The table in the manual's page on scale (docs/scale.md)."""
    readme = ROOT / "docs" / "scale.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        i, j = text.index(start) + len(start), text.index(end)
        readme.write_text(text[:i] + "\n" + table + "\n" + text[j:], encoding="utf-8")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        kind, path = sys.argv[2], sys.argv[3]
        fn = {"read": child_read, "load": child_load, "query": child_query,
              "fit": child_fit}[kind]
        print(json.dumps(fn(path)))
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import ensure, ensure_evidence
    sizes = [int(s) for s in sys.argv[1:]] or list(SIZES)
    from rich.progress import Progress
    started = time.perf_counter()
    results = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "sizes": {}}
    with Progress(disable=not sys.stdout.isatty(), transient=True) as bar:
        task = bar.add_task("generating catalogs", total=len(sizes))
        paths = {}
        for n in sizes:
            paths[n] = ensure(n, CACHE)
            ensure_evidence(n, CACHE)
            bar.advance(task)
        task = bar.add_task("measuring", total=len(sizes) * 3 + 2)
        for n in sizes:
            r = {}
            for kind in ("read", "load", "query"):
                bar.update(task, description=f"{n:,} rows: {kind}")
                r |= run_child(kind, paths[n])
                bar.advance(task)
            results["sizes"][str(n)] = r
            if not sys.stdout.isatty():
                print(f"{n:,} rows done", flush=True)
        # unique free text in every row (a hub export) against the repetitive kind
        results["diverse"] = {}
        for n in [s for s in sizes if s >= DIVERSE_FROM]:
            bar.update(task, description=f"{n:,} rows: diverse")
            results["diverse"][str(n)] = fit_pair(paths[n],
                                                  ensure(n, CACHE, diverse=True))
        bar.update(task, description="the CLI")
        results["cli"] = cli_times()
        bar.advance(task)
    results["elapsed_s"] = time.perf_counter() - started
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2))
    table = report(results)
    (ROOT / "benchmarks" / "results.md").write_text(table + "\n")
    update_readme(table)
    print(table)
    print()
    print("\n".join(verdicts(results)))


if __name__ == "__main__":
    main()
