# Two entry points: `make run` (the chat on the bundled corpus) and `make test` (everything CI checks).
# Both install what they need into .venv, idempotently (re-installs only when pyproject.toml changes).

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-16)

.PHONY: install run test lint eval bench browser clean-data system-packages ocr-bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

install: system-packages $(STAMP)

# Debian packages for scanned PDFs (Tesseract + Vietnamese data) and .doc/.odt/.xls (LibreOffice headless);
# idempotent: apt-get runs only when one is missing, and needs root or sudo
SYSTEM_PACKAGES = tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui libreoffice-calc-nogui
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; \
	  else echo "Thiếu gói hệ thống:$$missing. Cần quyền root/sudo để cài: sudo apt-get install -y$$missing" \
	       "(không có chúng, tệp PDF quét, .doc, .odt, .xls không đọc được; phần còn lại vẫn chạy)."; exit 0; fi; \
	  echo "Cài gói hệ thống:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends$$missing >/dev/null; \
	fi

# the Gradio app on http://127.0.0.1:7860 (the index is built on first run; models are fetched once)
run: install
	$(BIN)/kehoach models fetch embedder
	$(BIN)/kehoach serve

# Debian's chromium for the browser test (needs root or sudo; idempotent)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check .

test: install browser
	$(BIN)/kehoach models fetch embedder
	$(BIN)/ruff check .
	$(BIN)/pytest -q
	$(BIN)/kehoach eval --report evals/reports/answers.json
	$(BIN)/kehoach eval --no-baseline --gold evals/gold/test.jsonl --report evals/reports/test.json

eval: install
	$(BIN)/kehoach eval --report evals/reports/answers.json

bench: install
	$(BIN)/python -m evals.bench
	$(BIN)/python -m evals.retrieval_eval

# OCR seconds per page of a scanned generated document on this machine
ocr-bench: install
	$(BIN)/python -m evals.ocr_bench
