# Two entry points: `make serve` (install, build the knowledge base, serve it) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build test install clean

# An editable install, so the checkout is what runs; setuptools' notice that every editable
# install prints (to mind folders named like the package: none here) is silenced, nothing else.
$(BIN)/claimbase: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/claimbase

build: install
	$(BIN)/claimbase build

serve: build
	$(BIN)/claimbase serve

test: install
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) claims.db
