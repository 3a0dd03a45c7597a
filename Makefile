PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/vanban.db
PORT ?= 8001

.PHONY: install run test serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

run: install
	$(BIN)/vanban ingest corpus/ --db $(DB)
	$(BIN)/vanban serve --db $(DB) --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) data
