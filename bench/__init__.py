"""Benchmarks: they print tables of measured ratios; they never assert timings."""
