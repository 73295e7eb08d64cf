"""A small valid PDF for upload tests (shared with the browser test's walk)."""

from tests.browser.test_member_year import minimal_pdf

__all__ = ["minimal_pdf"]
