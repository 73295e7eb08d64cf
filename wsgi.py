"""WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app`."""

from web.site.app import create_app

app = create_app()
