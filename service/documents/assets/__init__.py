"""Templates, stylesheet and fonts of the PDF documents (package data, not code)."""
