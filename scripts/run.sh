#!/usr/bin/env bash
# THE run command: set up, create the store's schema, load demo data into an empty
# store, then serve with gunicorn (SQLite under instance/ unless THIDUA_DATABASE_URL
# says otherwise) on THIDUA_BIND (default 127.0.0.1:8000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"

# Plain HTTP on this machine: the session cookie may not require HTTPS here.
export THIDUA_SECURE_COOKIES="${THIDUA_SECURE_COOKIES:-0}"

thidua db init
thidua demo
# Demo sign-ins (one per role of the demo's story; password printed), unless turned off.
# For real use create accounts with `thidua users create` and set THIDUA_DEMO_ACCOUNTS=0.
[ "${THIDUA_DEMO_ACCOUNTS:-1}" = "0" ] || thidua users demo-accounts
# Signed bundles: a development CA and signer unless a real key is configured.
if [ -z "${THIDUA_SIGNING_P12:-}" ] && [ -z "${THIDUA_PKCS11_MODULE:-}" ]; then
  # kept with the server's other secrets, outside the folder holding the store
  keys="${THIDUA_SECRETS_PATH:-${THIDUA_INSTANCE_PATH:-$PWD/instance}-secrets}/keys"
  [ -f "$keys/signer.p12" ] || thidua keys dev --dir "$keys" > /dev/null
  export THIDUA_SIGNING_P12="$keys/signer.p12"
  export THIDUA_SIGNING_P12_PASSWORD="${THIDUA_SIGNING_P12_PASSWORD:-thidua-dev}"
  export THIDUA_TRUST_CA="${THIDUA_TRUST_CA:-$keys/ca.pem}"
fi
echo "thidua: serving on http://${THIDUA_BIND:-127.0.0.1:8000}"
exec gunicorn -c gunicorn.conf.py wsgi:app
