"""The built-in check kinds; importing this package registers them."""

from ltpif.assurance.checks import commitments, finance, maturity, narrative, partners  # noqa: F401
