from tests.monitoring_support import catalogue, long_context, lookups, orgs, pack  # noqa: F401
