from tests.monitoring_support import (  # noqa: F401
    catalogue,
    loader,
    long_context,
    lookups,
    orgs,
    pack,
)
