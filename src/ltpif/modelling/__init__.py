"""Models of whether a plan can be delivered: pure Python, no framework or plan knowledge.

`waiting_list` holds the queueing formulas of the NHS's waiting-list work, the stock-and-flow
projection and a seeded stochastic simulator. Callers (the assurance checks, the app) turn plan
trajectories into their plain-number arguments.
"""
