# cpanalysis: the two commands in the README are `make briefing` and `make test`.
# Both set everything up on a fresh machine first (a virtual environment in .venv
# with the exact versions in constraints.txt; Debian's chromium for browser tests).

PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
QUARTER ?= 2024-25-Q3
STAMP   := $(VENV)/.installed

.PHONY: briefing test setup chromium bench clean lock

briefing: $(STAMP)
	$(BIN)/cpanalysis run --quarter $(QUARTER)

test: $(STAMP) chromium
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@/usr/bin/chromium --version

bench: $(STAMP)
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

# Re-pin constraints.txt to what is installed in .venv now.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -e "^cpanalysis" -e "@ file:" > constraints.txt

clean:
	rm -rf outputs private data/processed/*.parquet
