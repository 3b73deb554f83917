# Two commands for users: `make run` and `make test`. Each installs what it needs first.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-pg bench setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider $(ARGS)

test-pg: $(STAMP)
	bash scripts/test_pg.sh $(ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.perf $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
