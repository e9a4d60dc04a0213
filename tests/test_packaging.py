"""The wheel carries the catalog and glossary, and loads them outside the checkout."""

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                    "--outdir", str(out), str(ROOT)], check=True, capture_output=True)
    (path,) = out.glob("advisor-*.whl")
    return path


def test_wheel_contains_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "advisor/catalog.csv" in names and "advisor/facts.csv" in names
    assert "advisor/glossary.json" in names
    with zipfile.ZipFile(wheel) as z:
        assert z.read("advisor/catalog.csv") == (ROOT / "catalog.csv").read_bytes()


def test_installed_wheel_loads_the_catalog_outside_the_repo(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--target", str(target), str(wheel)], check=True,
                   capture_output=True)
    code = ("import advisor, advisor.loader as c; cat = advisor.load_catalog(); "
            "print(advisor.__file__); print(c.bundled_catalog_path()); "
            "print(len(cat), cat['clip'].name)")
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         check=True, capture_output=True, text=True).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1].startswith(str(target))
    assert out[2] == "111 CLIP (ViT-B/32)"
