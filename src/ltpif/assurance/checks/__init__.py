"""The built-in check kinds; importing this package registers them."""

from ltpif.assurance.checks import (  # noqa: F401
    commitments,
    fair_share,
    feasibility,
    finance,
    finance_compounds,
    local,
    maturity,
    milestones,
    narrative,
    operational,
    partners,
)
