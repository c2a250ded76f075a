"""Benchmarks: print figures and ratios; never asserted in tests."""
