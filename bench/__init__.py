"""The benchmark of issue 7 (see bench/run.py); not part of the installed package."""
