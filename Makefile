# Two commands set everything up: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3
STAMP  := $(VENV)/.installed-stamp
ADDRESS ?= 127.0.0.1:8000
# Debian packages the PDF/DOCX checks and browser tests use (installed when we are root).
DEBS := chromium poppler-utils fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-noto-mono \
        libreoffice-writer-nogui

.PHONY: install run test bench lint messages system-deps serve

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	$(PY) -m undersigned.core.i18n

# Fonts, poppler, LibreOffice and chromium from Debian, when this machine lets us install them;
# otherwise the tests that need them skip locally (and fail in CI) with a clear message.
system-deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "note: Debian packages missing:$$missing (tests that need them will skip)"; fi

# Links in emails point at the address the server really runs on (SITE_URL, unless set).
SITE_URL ?= http://$(ADDRESS)
run: install
	$(PY) -m undersigned.cli migrate --noinput -v0
	SITE_URL=$(SITE_URL) $(PY) -m undersigned.cli demo
	SITE_URL=$(SITE_URL) $(PY) -m undersigned.cli serve $(ADDRESS)

test: install system-deps
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/run.py
