PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/vanban.db
HOST ?= 127.0.0.1
PORT ?= 8001

.PHONY: install run ingest serve test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Python's venv module is missing: on Debian run 'apt-get install python3-venv', then retry."; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

INGEST = $(BIN)/vanban ingest corpus/ --db $(DB)
SERVE = $(BIN)/vanban serve --db $(DB) --host $(HOST) --port $(PORT)

# Ingest the sample corpus, then publish it on http://$(HOST):$(PORT)/ (Ctrl-C stops).
run: install
	$(INGEST)
	$(SERVE)

ingest: install
	$(INGEST)

serve: install
	$(SERVE)

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) data
