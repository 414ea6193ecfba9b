"""Targeted funding: applications for the pack's targeted lines, decisions, and each line's
national envelope, which awards never exceed (issue 16 item 5)."""
