"""Actuals in the web database: loaded files and the system-level results they gave."""
