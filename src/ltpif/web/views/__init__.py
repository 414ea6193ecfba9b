"""Thin views: check who may do what, call queries and actions, render."""
