"""The benchmark scripts (run as ``python bench/scale.py``) and the helpers they share (``bench.harness``).

A regular package, so that ``bench.harness`` imports as one module from the scripts (which put
the repository root on ``sys.path``) and from the tests (``tests/sitebuild.py``).
"""
