"""Actuals uploaded in the web: the file, the run that loads it, its progress and its outcome."""
