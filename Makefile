# GovQA: every set-up step lives here, so people, pre-commit and CI run the same commands.
VENV    := .venv
PY      := $(VENV)/bin/python
GOVQA   := $(VENV)/bin/govqa
STAMP   := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
PYTHON  ?= python3
# torch is pinned here, not in pyproject: any other version pulls a multi-GB CUDA build.
TORCH   := torch==2.13.0
# llama-cpp-python (extra llm) has no wheel on PyPI: pip compiles it (5-6 min on 2 cores, then
# cached). The multimodal part is not used; leaving it out saves a minute.
CMAKE_ARGS ?= -DLLAVA_BUILD=OFF
export CMAKE_ARGS

.PHONY: help install chat test lint fmt eval bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH) -e '.[dev,llm]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) ## Create .venv and install GovQA with its dev tools and LLM backends

chat: $(STAMP) ## Build or update the index, then open the chat on http://127.0.0.1:7860
	$(GOVQA) ingest
	$(GOVQA) chat

test: $(STAMP) ## Run every test (the browser test needs Debian's chromium)
	$(PY) -m pytest

lint: $(STAMP) ## ruff check, ruff format --check, mypy --strict
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src/govqa

fmt: $(STAMP) ## Format and auto-fix
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

eval: $(STAMP) ## Run the eval suite on eval/*.yaml; reports go to eval/runs/
	$(GOVQA) ingest
	$(GOVQA) eval --floors eval/floors.toml

bench: $(STAMP) ## Print speed and memory figures; write bench/results/*.json and summary.json
	nice -n 10 $(PY) bench/bench.py
	nice -n 10 $(PY) bench/llm_backends.py

clean: ## Remove the virtual environment and the index
	rm -rf $(VENV) .govqa
