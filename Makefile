# Two entry points do everything: `make book` builds the website, `make test` runs every test.
# Both create (or reuse) the virtual environment in .venv and install what they need.

PYTHON  ?= python3
VENV    ?= .venv
BIN      = $(VENV)/bin
STAMP    = $(VENV)/.installed
MATHJAX  = _assets/static/mathjax
JB_FLAGS = -W -n --keep-going
PORT    ?= 8000
LINTED   = $(wildcard l1tutor tests benchmarks book scripts _ext)

.PHONY: book student test lint notebooks bench serve clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# MathJax is served from the site itself (no CDN): copy the parts the pages load.
$(MATHJAX)/tex-mml-chtml.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	rm -rf $(MATHJAX) && mkdir -p $(MATHJAX)/output/chtml/fonts $(MATHJAX)/input/tex
	cp node_modules/mathjax/es5/tex-mml-chtml.js $(MATHJAX)/
	cp -r node_modules/mathjax/es5/output/chtml/fonts/woff-v2 $(MATHJAX)/output/chtml/fonts/
	cp -r node_modules/mathjax/es5/input/tex/extensions $(MATHJAX)/input/tex/
	cp -r node_modules/mathjax/es5/ui node_modules/mathjax/es5/a11y node_modules/mathjax/es5/sre $(MATHJAX)/

book: $(STAMP) $(MATHJAX)/tex-mml-chtml.js
	$(BIN)/jupyter-book build . $(JB_FLAGS)

# The student edition: the same book with every solution removed (see scripts/student_edition.py).
student: $(STAMP) $(MATHJAX)/tex-mml-chtml.js
	$(BIN)/python scripts/student_edition.py _build_student/src
	$(BIN)/jupyter-book build _build_student/src --path-output _build_student $(JB_FLAGS)

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# Everything: lint and types, both editions of the book (warnings are errors), then unit,
# property and doctests, nbval on every notebook, the site in a real browser (chromium; CI
# installs it), and coverage of l1tutor (fails below 95%).
test: lint book student
	$(BIN)/python -m pytest --cov=l1tutor --cov-report=term-missing:skip-covered --cov-fail-under=95

# Re-execute every chapter in place so the stored outputs match the code (nbval compares them).
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False book/*.ipynb

# Benchmarks print ratios against baselines measured in the same run (never asserted in tests).
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

serve:
	@test -f _build/html/index.html || { echo "run 'make book' first"; exit 1; }
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

clean:
	rm -rf _build _build_student $(MATHJAX) node_modules dist build *.egg-info .coverage
