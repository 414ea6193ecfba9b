"""Assurance as code: the pack's rules, run by a registry of check kinds, give findings."""
