"""Konjunktiv rules (see below)."""
