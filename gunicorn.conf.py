"""gunicorn settings for thidua (`gunicorn -c gunicorn.conf.py wsgi:app`).

No preload: each worker imports the app after the fork and builds its own event-store
connection on first use (SQLite connections must not cross a fork). The schema is
created beforehand by `thidua db init`; workers never create tables.
"""

import os

bind = os.environ.get("THIDUA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("THIDUA_WORKERS", "2"))
worker_class = "sync"
preload_app = False
timeout = int(os.environ.get("THIDUA_TIMEOUT", "60"))  # long enough for a signed PDF bundle
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("THIDUA_LOG_LEVEL", "info")
proc_name = "thidua"
# gunicorn ≥ 25.1 opens a control socket in $HOME by default, shared by every instance
# on the machine; thidua does not use gunicornc, so none. (Older gunicorn ignores this.)
control_socket_disable = True
