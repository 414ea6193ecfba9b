"""The planning app: plans, versions, reviews and the audit trail."""
