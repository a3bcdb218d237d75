"""Benchmarks, run by hand (``.venv/bin/python bench/sweep.py``); not part of the test suite."""
