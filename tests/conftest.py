import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# a fixed seed and a bounded example count in `make test`; `make fuzz` runs longer
_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile("ci", max_examples=150, derandomize=True, deadline=None,
                          suppress_health_check=_QUIET, print_blob=True)
settings.register_profile("fuzz", max_examples=5000, deadline=None,
                          suppress_health_check=_QUIET, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# the CLI caches fitted indexes; the tests (and the CLIs they start) use their own,
# removed when the session ends (issue 17, finding 10: none left in /tmp)
_CACHE = tempfile.mkdtemp(prefix="advisor-test-cache-")
os.environ["ADVISOR_CACHE_DIR"] = _CACHE


def pytest_sessionfinish(session, exitstatus):
    import shutil
    shutil.rmtree(_CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
# copies of the shared seed and facts files, so that a bare clone runs every test
# (tests/fixtures/README.md: where each came from, with its SHA-256)
SHARED = ROOT / "tests" / "fixtures" / "shared"
SEED = SHARED / "seed" / "vlm_models.md"


@pytest.fixture(scope="session")
def catalog():
    """The whole bundled catalog: the seed rows and the curated ones."""
    from advisor import load_catalog
    return load_catalog()


@pytest.fixture(scope="session")
def seed():
    """The 13 rows of the seed table (tests/fixtures/shared/seed/vlm_models.md),
    read exactly as the seed table gives them (no sourced corrections)."""
    from advisor import load_catalog
    return load_catalog(origin="seed", facts="seed")


@pytest.fixture(scope="session")
def seed_sourced():
    """The seed table's rows with the sourced corrections of facts.csv."""
    from advisor import load_catalog
    return load_catalog(origin="seed")


@pytest.fixture
def write_csv(tmp_path):
    """Write a catalog CSV from the bundled header and the given rows (dicts)."""
    import csv

    from advisor.columns import COLUMNS

    def write(rows, columns=COLUMNS, name="my.csv", text=None):
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
            return path
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow(r)
        return path
    return write


@pytest.fixture
def write_evidence(tmp_path):
    """Write an evidence CSV (mine.csv) from evidence.csv's header and the given
    lines."""
    from advisor.evidence import HEADER

    def write(*lines: str):
        path = tmp_path / "mine.csv"
        path.write_text("\n".join([",".join(HEADER), *lines]) + "\n",
                        encoding="utf-8")
        return path
    return write


def model_row(**overrides):
    """A valid catalog row: CLIP's seed values, with overrides."""
    row = dict(name="Tiny", model_type="VLM", architecture="Dual Encoder",
               vision_component="ViT-B/32", text_component="Transformer",
               training_objective="Contrastive Learning",
               loss_function="InfoNCE (Softmax)", parameter_count="~125M",
               token_limit="77", image_resolution="224×224",
               training_data_size="400M pairs", license="OpenAI (open)", url="")
    row.update(overrides)
    return row
