"""Benchmarks and long runs that print their figures; tests import the chaos and fault runs."""
