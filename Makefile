# Vireo: `make run` serves the platform with demo data, `make test` runs the whole suite.
# Needs only Python 3.11, make and Node/npm; everything else is installed under the repo.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SERVICES := $(PY) platform/config/devservices.py run --
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help setup run test deploy-check chart-check audit bench bench-smoke lint format messages messages-check clean

help:
	@echo "make run    set up and serve http://localhost:8000 and http://demo.localhost:8000"
	@echo "make test   set up and run the whole test suite (browser tests included)"
	@echo "make bench  run the benchmarks in tests/perf and write .bench/results.json"
	@echo "make bench-smoke  every benchmark end to end at a tiny size (BENCH_SMOKE=1; in make test)"
	@echo "make lint   ruff check + format check + import-linter contracts"
	@echo "make chart-check  helm lint + template + Kubernetes schema check, offline (in make test)"
	@echo "make audit  known vulnerabilities in the production Python and npm packages (network)"

$(UV):
	$(PYTHON_BOOT) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==0.13.9

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON_BOOT)
	# platform/ and the root on the venv's path, so bare tools (.venv/bin/lint-imports) work
	printf '%s\n' "$(CURDIR)/platform" "$(CURDIR)" > $$(echo $(VENV)/lib/python3*/site-packages)/vireo-paths.pth
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.copied: node_modules/.installed $(VENV)/.synced platform/common/management/commands/vireo_assets.py
	$(MANAGE) vireo_assets
	touch $@

# Compiled catalogues are build output. Sources: locale/ for the platform and shared
# templates, <app>/locale/ for each app that keeps its own (makemessages run inside it).
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/*.po */locale/*/LC_MESSAGES/*.po */*/locale/*/LC_MESSAGES/*.po)
locale/.compiled: $(VENV)/.synced $(CATALOGUES)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# Debian's PgBouncer for the transaction-pooling tests (tests/tenants/test_pgbouncer.py starts
# it on loopback in front of the test PostgreSQL).
/usr/sbin/pgbouncer:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null; \
	else \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null; \
	fi

# Debian's Dovecot for the helpdesk's e-mail intake: a real IMAP server on loopback for the
# tests and `make run` (modules/helpdesk/devtools/imapserver.py runs it unprivileged with its
# own configuration; the package's system service is never used).
/usr/sbin/dovecot:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null; \
	else \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null; \
	fi

# manage.py steps of the set-up (assets, catalogues) run as development (DEBUG's default is
# false, which would ask for a SECRET_KEY).
setup: export DEBUG ?= true
setup: $(VENV)/.synced static/vendor/.copied locale/.compiled /usr/sbin/dovecot

run: export DEBUG ?= true
run: setup
	$(SERVICES) bash -c '$(MANAGE) migrate_schemas --noinput -v 0 && $(MANAGE) seed_demo && exec $(MANAGE) devrun'

# The benchmarks' smoke mode: every file of tests/perf end to end at a tiny size (loaders,
# pages, SQL replay, assertions; tests/perf/conftest.py `size`), figures printed, nothing
# written to .bench/. A pytest run of its own: the suite's run ignores tests/perf (addopts),
# whose transactional benchmarks flush the public tables and whose committed offices would
# stay in the suite's --reuse-db database; this one gets a fresh database of its own name
# (created and dropped, so it never touches the suite's test_vireo).
BENCH_SMOKE_RUN := BENCH_SMOKE=1 TEST_DATABASE_NAME=test_vireo_bench_smoke $(PY) -m pytest -p no:cacheprovider --override-ini addopts= -q

# The static checks run first: ruff, the import-linter contracts (.importlinter) and a
# migration check (a model change without its migration fails here, not in production).
# The whole suite (no PYTEST_ARGS) then runs the benchmarks' smoke mode (about a minute).
test: setup /usr/bin/chromium /usr/sbin/pgbouncer lint deploy-check
	$(SERVICES) bash -c 'DEBUG=true $(MANAGE) makemigrations --check --dry-run -v 1 && $(PY) -m pytest $(PYTEST_ARGS)$(if $(PYTEST_ARGS),, && $(BENCH_SMOKE_RUN) tests/perf)'

# Django's deployment checks with production settings (no DEBUG, a real-looking key, https):
# any warning fails. No database is needed for them.
deploy-check: $(VENV)/.synced
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	PLATFORM_DOMAIN=vireo.example.com SECURE_SSL_REDIRECT=true \
	$(MANAGE) check --deploy --fail-level WARNING

# The Helm chart and compose file, offline (also part of `make test`): helm lint --strict and
# helm template through Helm's library (the helm-python-sdk wheel; no helm binary is on PyPI,
# npm or Debian), each manifest against the Kubernetes API schemas (kubernetes-validate,
# offline, in place of kubeconform), and what the chart promises (tests/deploy/).
chart-check: setup
	$(SERVICES) $(PY) -m pytest tests/deploy -q

# Known vulnerabilities in what the production image ships: the Python packages of uv.lock
# without the dev group (pip-audit, PyPI's advisory data) and the npm packages without dev
# ones (npm audit). Any finding fails, except the IDs listed with a reason and a review date
# in deploy/audit-ignore.txt. Needs the network at run time (PyPI's per-release JSON and
# npm's advisory endpoint), so it is not part of `make test`; run it in CI where they are
# reachable, and weekly. --strict: a package it could not look up fails too (no silent skip).
AUDIT_REQUIREMENTS := .data/audit-requirements.txt
AUDIT_IGNORES = $(shell sed -n 's/^\([A-Za-z0-9-]*\).*/--ignore-vuln \1/p' deploy/audit-ignore.txt | grep -v -- '--ignore-vuln $$')
audit: $(VENV)/.synced node_modules/.installed
	mkdir -p .data
	$(UV) export --frozen --no-dev --no-hashes --no-emit-project --format requirements-txt -o $(AUDIT_REQUIREMENTS) -q
	$(VENV)/bin/pip-audit --strict --disable-pip --no-deps --desc on -r $(AUDIT_REQUIREMENTS) $(AUDIT_IGNORES)
	npm audit --omit=dev --audit-level=low

# A database name of its own: pytest creates and drops it, and the suite's --reuse-db
# test_vireo stays for the next `make test`.
bench: setup
	$(SERVICES) env TEST_DATABASE_NAME=test_vireo_bench $(PY) -m pytest tests/perf -p no:cacheprovider --override-ini addopts= -s -q

bench-smoke: setup
	$(SERVICES) bash -c '$(BENCH_SMOKE_RUN) $(or $(PYTEST_ARGS),tests/perf)'

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=platform:. $(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The top-level catalogue: platform/, tenants/, templates/ and the apps without a locale/
# folder of their own (those run makemessages inside the app).
LOCALE_APPS := $(wildcard modules/*/locale platform/*/locale */locale)
APPS_WITH_LOCALE := $(foreach d,$(LOCALE_APPS),--ignore=$(patsubst %/locale,%,$(d))/*)
messages: export DEBUG ?= true
messages: $(VENV)/.synced
	mkdir -p .data && $(PY) -m tests.helpers.catalogues --snapshot .data/translations.json
	$(MANAGE) makemessages -l pl -l sk -l en --ignore=.venv --ignore=node_modules --ignore=.tools --ignore=static --ignore=staticfiles --ignore=tests --ignore=deploy --ignore=helm $(APPS_WITH_LOCALE) --no-location --no-obsolete
	@# Each app with its own locale/ keeps its own strings: makemessages run inside it.
	@for dir in $(patsubst %/locale,%,$(LOCALE_APPS)); do \
	  (cd $$dir && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l pl -l sk -l en --no-location --no-obsolete --ignore=static --ignore=node_modules -v 0) || exit 1; \
	done
	$(PY) -m tests.helpers.catalogues --fill .data/translations.json

# Lists msgids that two catalogues translate differently (Django would keep one silently) and
# entries missing from a language; tests/platform/test_translations.py fails on the same.
# --code: also the strings the code and templates use that their catalogue lacks (makemessages
# run in a temporary copy of the tracked files; a few minutes, so not part of make test).
messages-check: export DEBUG ?= true
messages-check: $(VENV)/.synced
	$(PY) -m tests.helpers.catalogues --code

clean:
	rm -rf $(VENV) $(TOOLS) node_modules static/vendor staticfiles .bench
