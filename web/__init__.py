"""Flask face of thidua: forms, JSON API, CLI."""
