"""Performance measurements of the CTiE Workbook (issue 8). Run ``python -m benchmarks --help``.

Not part of the test suite: figures are measured and reported against their targets, never asserted.
"""
