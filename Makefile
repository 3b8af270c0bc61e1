# debatelens: set-up, the offline demo, and the tests. `make demo` and `make test` each do the whole
# set-up on a fresh machine (Python 3.10+ with venv; no root needed).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.debatelens-installed
PORT   ?= 8765
DEMO   ?= demo

.PHONY: setup demo test benchmarks clean

setup: $(STAMP)

# torch is pinned and installed first: the CPU build 2.13.0; an unpinned torch pulled in by
# sentence-transformers would bring a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[models,postgres,serve,test,scale]'
	touch $(STAMP)

# The main job on the bundled offline sample: serve it on 127.0.0.1, crawl it into a SQLite store,
# analyse it, render the briefing of 2026-W09, run one query, say where the briefing is.
demo: setup
	@set -e; rm -rf $(DEMO); mkdir -p $(DEMO); \
	$(BIN)/python -m crawler.localsite sample/site --port $(PORT) > $(DEMO)/server.log 2>&1 & pid=$$!; \
	trap "kill $$pid 2>/dev/null" EXIT; sleep 1; \
	$(BIN)/debatelens crawl --db $(DEMO)/debatelens.db --delay 0 --allow-private \
	    --sitemap http://127.0.0.1:$(PORT)/sitemap.xml --feed http://127.0.0.1:$(PORT)/feed.xml; \
	$(BIN)/debatelens analyze --db $(DEMO)/debatelens.db; \
	$(BIN)/debatelens report --db $(DEMO)/debatelens.db --period 2026-W08 --out $(DEMO)/briefings > /dev/null; \
	$(BIN)/debatelens report --db $(DEMO)/debatelens.db --period 2026-W09 --out $(DEMO)/briefings; \
	$(BIN)/debatelens query claims --db $(DEMO)/debatelens.db --proposition distillation-is-theft --stance against --limit 5; \
	echo; echo "Briefing written to $$(pwd)/$(DEMO)/briefings/briefing-2026-W09.html"

# The tests, all of them (slow ones included: `pytest` alone skips them, for quick local runs).
# pytest's exit code 5 (no test collected) is turned into a failure.
test: setup
	@$(BIN)/python -m pytest --run-slow; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi; exit $$rc

benchmarks: setup
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/attribution.py

clean:
	rm -rf $(DEMO) briefings .pytest_cache
