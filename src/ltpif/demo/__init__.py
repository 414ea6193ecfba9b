"""Demo data: plausible, deterministic strategy delivery plans for the 42 systems of a pack.

Some plans carry deliberate failings (see `ltpif.demo.plans.FAILINGS`) so that assurance,
roll-up and the web demo have something to find.
"""
