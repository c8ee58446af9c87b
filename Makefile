# kubeship: the quick start is `make demo`, then `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the project metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Render the bundled Harness-style service for a private image with demo credentials.
demo: install
	@printf '%s' 'demo-password' | $(BIN)/kubeship render examples/harness-default \
	    --image registry.example.com/team/web:1.4.2 \
	    --registry-username deploy-bot --registry-password-stdin

# Install the test prerequisites (Debian packages, the Go oracle, the control plane) and run every test.
test: install-test
	scripts/install-test-deps
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .cache tests/oracle/bin tests/cluster/bin
