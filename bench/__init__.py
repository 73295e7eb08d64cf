"""Benchmarks: figures and ratios against the bare libraries (never timed tests)."""
