"""The use cases between the domain and its front ends: each takes a source and returns a view
model (frozen dataclasses) that the CLI, the web pages, the JSON API and the publication only
render."""
