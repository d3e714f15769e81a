"""The steps of scripts/build.py, one module each."""
