"""Demo data: plausible, deterministic strategy delivery plans for the 42 systems of a pack.

Some plans carry deliberate failings (see `ltpif.demo.plans.FAILINGS`) so that assurance,
roll-up and the web demo have something to find.
"""

import datetime as _dt

# The planning calendar's today in the demo: the 2019 round, between the footprint notice and
# the draft deadline. A demo plan's milestone dated before it gives its evidence.
DEMO_TODAY = _dt.date(2019, 9, 16)
