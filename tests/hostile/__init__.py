"""Hostile input: bad files against every file-reading command, refused cleanly and cheaply."""
