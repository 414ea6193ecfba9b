"""Footprint change notices and landscape changes, decided by the region (issue 16)."""
