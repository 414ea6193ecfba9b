"""The web platform: Django, the only package that imports it. Views are thin; writes go
through `planning.actions`; reads that build domain objects go through `planning.queries`."""
