#!/usr/bin/env bash
# Set up a checkout: Debian packages, .venv, the project installed editable with test deps.
# Idempotent and fast when already done (checks only). Run from anywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# --- Debian packages: each line adds a package if it is missing ----------------------
missing=()
need_pkg() { dpkg -s "$1" >/dev/null 2>&1 || missing+=("$1"); }

[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
need_pkg poppler-utils
need_pkg fonts-liberation2
need_pkg qpdf
need_pkg softhsm2  # PKCS#11 token for the bundle signing tests
need_pkg chromium  # the browser tests drive Debian's Chromium (never `playwright install`)
# The interpreter of .venv: Debian's python3.11 when there is one (built with
# profile-guided and link-time optimisation, libpython linked in): gunicorn spent ~10 %
# less CPU per submission than on a build with a shared libpython and neither
# optimisation, such as pyenv's default (docs/PERFORMANCE.md, P9). Else python3 on PATH.
python=python3
[ -x /usr/bin/python3.11 ] && python=/usr/bin/python3.11
# Debian's own python3 needs python3-venv for `python3 -m venv`.
"$python" -c 'import ensurepip' >/dev/null 2>&1 || need_pkg python3-venv

if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "bootstrap: need root (or sudo) for apt-get" >&2; exit 1; }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python virtual environment -------------------------------------------------------
if ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
    echo "bootstrap: creating .venv ($python)"
    rm -rf .venv
    "$python" -m venv .venv
fi

stamp=.venv/.thidua-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "bootstrap: pip install -e '.[test]'"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
    echo "$want" >"$stamp"
fi

# --- axe-core for the browser tests (tests/browser inject it into each page) ----------
# From npm's registry, pinned by package-lock.json, into node_modules/ (gitignored).
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    if command -v npm >/dev/null; then
        echo "bootstrap: npm ci (axe-core for the browser tests)"
        npm ci --no-audit --no-fund --loglevel=error
    else
        echo "bootstrap: npm not found; the browser tests' accessibility checks will be skipped" >&2
    fi
fi
