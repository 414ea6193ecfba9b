"""ICS maturity: the region's moderation of a system's self-assessment (issue 16)."""
