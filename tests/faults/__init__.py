"""Fault tests: a real server killed mid-request and restarted; a database gone away."""
