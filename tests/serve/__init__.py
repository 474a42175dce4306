"""Tests of quellenlage.serve (a package, so its conftest never shadows tests/conftest.py as `conftest`)."""
