PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/vanban.db
HOST ?= 127.0.0.1
PORT ?= 8001

.PHONY: install system run ingest serve test bench clean

# OCR of scanned PDFs needs Tesseract with its Vietnamese data, .doc/.odt/.rtf files LibreOffice, and the
# browser test Chromium (driven by Playwright, never downloaded by it): Debian's packages.
system:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie \
		&& command -v soffice >/dev/null && command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie fonts-dejavu-core libreoffice-writer-nogui chromium; \
	else if ! { tesseract --list-langs 2>/dev/null | grep -qx vie && command -v soffice >/dev/null; }; then \
		echo "*** Tesseract (tesseract-ocr, tesseract-ocr-vie) or LibreOffice (libreoffice-writer-nogui) is"; \
		echo "*** missing and cannot be installed here: scanned PDFs, and .doc, .odt and .rtf files, will be"; \
		echo "*** set aside until they are installed."; fi; \
		if ! command -v chromium >/dev/null; then \
		echo "*** Chromium (Debian package chromium) is missing and cannot be installed here (not root):"; \
		echo "*** the browser test tests/test_browser.py will be SKIPPED until it is installed."; fi; fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Python's venv module is missing: on Debian run 'apt-get install python3-venv', then retry."; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

install: system $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

INGEST = $(BIN)/vanban ingest corpus/ --db $(DB)
SERVE = $(BIN)/vanban serve --db $(DB) --host $(HOST) --port $(PORT)

# Ingest the sample corpus, watch inbox/ for new files and publish on http://$(HOST):$(PORT)/
# (Ctrl-C stops both).
run: install
	$(INGEST)
	mkdir -p inbox
	$(BIN)/vanban watch inbox --db $(DB) & watcher=$$!; trap "kill $$watcher 2>/dev/null" EXIT INT TERM; \
		$(SERVE)

ingest: install
	$(INGEST)

serve: install
	$(SERVE)

test: install
	$(BIN)/python -m pytest -q

# Ingest speed, scaling, re-scan and Datasette latency; prints a table, writes bench/results.json.
# Smaller or larger runs: make bench BENCH_ARGS="--docs 8 --serve-tasks 100000" (see bench/run.py --help).
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data
