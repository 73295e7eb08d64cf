"""thidua's domain: aggregates that guard the rules of emulation clusters and term reviews.

No Flask, marshmallow, jinja2, WeasyPrint or SQL here (checked by import-linter).
"""
