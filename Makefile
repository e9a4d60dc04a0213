# Two commands on a fresh clone: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench fuzz clean readme-table notebook docs screenshot

# compileall: start-up reads bytecode even where PYTHONDONTWRITEBYTECODE is set
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q advisor
	.ci/chromium
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/advisor catalog show
	$(BIN)/advisor recommend --open-license --min-image-resolution 336 --min-token-limit 2k

# two workers, each test file on one (module fixtures such as the executed notebook
# run once): about 90 s on 2 cores, 150 s on one
test: $(STAMP)
	$(BIN)/ruff check advisor tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadfile

clean:
	rm -rf $(VENV) dist build .pytest_cache site

# the documentation site from docs/ (mkdocs.yml), into site/; --strict: a broken
# link or a page left out of the navigation fails the build
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# synthetic catalogs up to 1M rows; ratios measured in one run (under ten minutes)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet scikit-criteria
	$(BIN)/python -m compileall -q advisor
	$(BIN)/python benchmarks/bench.py

readme-table: $(STAMP)
	$(BIN)/python -m advisor.docs .

# the explorer's picture in the README: advisor serve in headless Chromium
screenshot: $(STAMP)
	$(BIN)/python -m advisor.docs screenshot docs/explorer.png

notebook: $(STAMP)
	$(BIN)/python -m advisor.docs notebook notebooks/explore.ipynb docs/tradeoffs.png

# the property tests with many more examples and a fresh random seed each run
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider \
		--hypothesis-show-statistics | tee .fuzz.log
	$(BIN)/python benchmarks/fuzz_report.py .fuzz.log docs/reliability.md
