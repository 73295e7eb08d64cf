#!/usr/bin/env bash
# THE run command: set up, create the store's schema, load demo data into an empty
# store, then serve with gunicorn (SQLite under instance/ unless THIDUA_DATABASE_URL
# says otherwise) on THIDUA_BIND (default 127.0.0.1:8000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"

thidua db init
thidua demo
echo "thidua: serving on http://${THIDUA_BIND:-127.0.0.1:8000}"
exec gunicorn -c gunicorn.conf.py wsgi:app
