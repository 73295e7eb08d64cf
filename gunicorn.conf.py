"""gunicorn settings for thidua (`gunicorn -c gunicorn.conf.py wsgi:app`).

No preload: each worker imports the app after the fork and builds its own event-store
connection on first use (SQLite connections must not cross a fork). The schema is
created beforehand by `thidua db init`; workers never create tables.
"""

import gc
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
# A worker serves thousands of officers on a deadline day: their accounts, units and
# reports kept decoded (service/platform/app.py; 1,000 elsewhere). At 1,000, P9 with 2,000
# officers spent ~10 % of the workers' CPU decoding aggregates the cache had dropped; at
# 10,000 the two workers held 326 MiB at the end of the run (docs/PERFORMANCE.md, P9).
os.environ.setdefault("THIDUA_AGGREGATE_CACHE", "10000")
# gunicorn ≥ 25.1 opens a control socket in $HOME by default, shared by every instance
# on the machine; thidua does not use gunicornc, so none. (Older gunicorn ignores this.)
control_socket_disable = True


def post_worker_init(worker: object) -> None:
    """The worker has imported the app (after the fork: no preload). Its modules,
    templates and settings live as long as the worker: `gc.freeze()` takes them out of
    the cyclic collector's sight, so a full collection no longer walks them (some 175,000
    objects, 40-120 ms on the 2-core machine, paid by whichever request set it off)."""
    gc.freeze()
