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
PACK     = _build/course-pack/l1tutor-course-pack.zip
ASSIGN   = _build/assignments/l1tutor-assignments-student.zip
PDF      = _build/pdf/l1-loss-executable.pdf
LITE_OUT = _build/lite
CHAPTERS = $(wildcard book/*.ipynb)
PACKAGE  = $(wildcard l1tutor/*.py l1tutor/*/*.py)
# A second interpreter for the test command: the first Python 3.13 found, on the PATH or pyenv's.
PY313   := $(firstword $(foreach p,$(shell command -v python3.13) $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13),$(shell $(p) -c 'import sys; print("$(p)" if sys.version_info[:2] == (3, 13) else "")' 2>/dev/null)))
VENV313  = .venv-py3.13

.PHONY: book student pdf texlive-packages test check pack assignments lint nbval-other-blas test-py313 notebooks lite bench serve clean

# Each step says what it does: a first install takes minutes and should not look like a hang.
# The requirements file installed into $(VENV); the benchmark environment passes its own.
REQS    ?= requirements.txt
$(STAMP): $(REQS) requirements.txt pyproject.toml
	@echo "==> [1/3] virtual environment $(VENV) (Python: $$($(PYTHON) --version 2>&1))"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "==> [2/3] the pinned packages of $(REQS) ($$(grep -c '==' $(REQS)) of them; minutes on a first install)"
	$(BIN)/python -m pip install --progress-bar off -r $(REQS)
	@echo "==> [3/3] l1tutor from this checkout (editable)"
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@
	@echo "==> environment ready: $(VENV)"

# Math is typeset when the book is built, by MathJax under Node (npm's mathjax-full, see
# _ext/lean_pages.py); the site serves MathJax's fonts itself (no CDN): copy them.
$(MATHJAX)/.copied: package.json package-lock.json
	@echo "==> MathJax from npm (package-lock.json); its fonts copied into $(MATHJAX)"
	npm ci --no-audit --no-fund --silent
	rm -rf $(MATHJAX) && mkdir -p $(MATHJAX)/output/chtml/fonts
	cp -r node_modules/mathjax-full/es5/output/chtml/fonts/woff-v2 $(MATHJAX)/output/chtml/fonts/
	touch $@

# The course pack the site offers for download: chapters, the l1tutor wheel, student pins.
$(PACK): $(STAMP) scripts/course_pack.py requirements.txt pyproject.toml $(CHAPTERS) $(PACKAGE)
	@echo "==> course pack $@"
	$(BIN)/python scripts/course_pack.py book $@

# The autograded assignments (otter-grader) made from the chapters' exercises and their tests.
$(ASSIGN): $(STAMP) scripts/assignments.py scripts/student_edition.py scripts/course_pack.py \
           requirements.txt pyproject.toml $(CHAPTERS) $(PACKAGE)
	@echo "==> autograded assignments in $(dir $@) (otter assign on every chapter)"
	$(BIN)/python scripts/assignments.py book $(dir $@)

assignments: $(ASSIGN)

book: $(STAMP) $(MATHJAX)/.copied $(PACK) $(ASSIGN) $(PDF) $(LITE_OUT)/.built
	@echo "==> the website (every chapter executed; warnings are errors)"
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo "==> website ready: _build/html/index.html"

# The student edition: the same book with every solution removed (see scripts/student_edition.py),
# and its own course pack made from those notebooks.
student: $(STAMP) $(MATHJAX)/.copied $(ASSIGN)
	$(BIN)/python scripts/student_edition.py _build_student/src
	$(BIN)/python scripts/course_pack.py _build_student/src/book _build_student/src/$(PACK)
	mkdir -p _build_student/src/$(dir $(ASSIGN)) && cp $(ASSIGN) _build_student/src/$(ASSIGN)
	$(BIN)/jupyter-book build _build_student/src --path-output _build_student $(JB_FLAGS)

# The PDF edition, which the website offers for download: the whole book typeset by XeLaTeX
# (Debian's TeX Live; .ci/run installs it) from the notebooks' stored outputs, which nbval keeps
# current, so no chapter runs again. It builds in a folder of its own, sharing no Sphinx state
# with the website's build.
PDF_OUT = _build/pdf-edition
TEXLIVE = texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex \
          latexmk fonts-freefont-otf xindy
$(PDF): $(STAMP) _config.yml _toc.yml references.bib $(CHAPTERS) $(wildcard book/*.md) \
        $(PACKAGE) $(wildcard _ext/*.py _ext/*.sty)
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null \
	    || { echo "the PDF needs TeX Live: apt-get install $(TEXLIVE)"; exit 1; }
	@echo "==> the PDF edition (LaTeX from the stored outputs, then xelatex; warnings are errors)"
	rm -rf $(PDF_OUT)
	LATEXMKOPTS=-silent $(BIN)/jupyter-book build . --builder pdflatex --path-output $(PDF_OUT) $(JB_FLAGS)
	mkdir -p $(dir $@) && cp $(PDF_OUT)/_build/latex/$(notdir $@) $@
	@echo "==> PDF ready: $@ ($$(pdfinfo $@ 2>/dev/null | awk '/^Pages:/ {print $$2}') pages)"

pdf: $(PDF)

# The Debian packages the PDF needs, for .ci/run (one list, here).
texlive-packages:
	@echo $(TEXLIVE)

# The fast loop for contributors: lint, types, unit tests and doctests (no book, no browser,
# no notebooks, no kernels, no fresh environments; fewer hypothesis examples), on both cores.
check: lint
	$(BIN)/python -m pytest -q -n 2 -m "not site and not install and not kernel" \
	    --hypothesis-profile=quick l1tutor scripts tests

pack: $(PACK)

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# Everything: lint and types, both editions of the book (warnings are errors), then unit,
# property and doctests, nbval on every notebook, the site in a real browser (chromium; CI
# installs it), and coverage of l1tutor (fails below 95%).
test: lint book student
	$(BIN)/python -m pytest --cov=l1tutor --cov-report=term-missing:skip-covered --cov-fail-under=95
	$(MAKE) --no-print-directory nbval-other-blas test-py313

# The stored outputs must not depend on the last bits of a float: nbval again with the BLAS
# kernels of another CPU generation (x86-64 OpenBLAS only; other machines say why they skip).
nbval-other-blas: $(STAMP)
	@if [ "$$(uname -m)" = x86_64 ]; then \
	    echo "==> nbval again with OPENBLAS_CORETYPE=Sandybridge"; \
	    OPENBLAS_CORETYPE=Sandybridge $(BIN)/python -m pytest book -q; \
	else echo "==> nbval with other BLAS kernels skipped: OPENBLAS_CORETYPE is x86-64 only"; fi

# Unit tests, doctests and nbval under Python 3.13 too, in their own environment.
test-py313:
ifeq ($(PY313),)
	@echo "==> Python 3.13 run skipped: no python3.13 on the PATH or under ~/.pyenv/versions"
else
	@$(MAKE) --no-print-directory VENV=$(VENV313) PYTHON=$(PY313) $(VENV313)/.installed
	@echo "==> unit tests, doctests and nbval under $$($(VENV313)/bin/python --version)"
	$(VENV313)/bin/python -m pytest -q -m "not site and not install and not assignments"
endif

# Re-execute every chapter in place so the stored outputs match the code (nbval compares them).
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False book/*.ipynb

# Every chapter in the reader's browser, offline: JupyterLite with Pyodide, all served by the site
# (scripts/build_lite.py; inputs pinned in lite/). _ext/lite_launch.py copies it into the website
# and links it from each chapter. Downloads and tools are cached in _build/lite-cache.
$(LITE_OUT)/.built: $(STAMP) scripts/build_lite.py lite/package.json lite/package-lock.json \
                    lite/build-requirements.txt lite/browser-requirements.txt pyproject.toml \
                    $(CHAPTERS) $(PACKAGE) $(wildcard l1tutor/datasets/data/*)
	$(BIN)/python scripts/build_lite.py --out $(LITE_OUT) --cache _build/lite-cache
	touch $@

lite: $(LITE_OUT)/.built

# Benchmarks print ratios against baselines measured in the same run (never asserted in tests).
# They run in their own environment: the pinned requirements plus the Lasso's peers (skglm,
# celer). R's quantreg and glmnet are used when Rscript finds them (Debian: r-cran-quantreg,
# r-cran-glmnet); their rows say "not available" otherwise.
BENCH_VENV = .venv-bench
bench:
	@$(MAKE) --no-print-directory VENV=$(BENCH_VENV) REQS=benchmarks/requirements.txt $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python benchmarks/run_all.py

serve:
	@test -f _build/html/index.html || { echo "run 'make book' first"; exit 1; }
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

clean:
	rm -rf _build _build_student $(MATHJAX) node_modules dist build *.egg-info .coverage
