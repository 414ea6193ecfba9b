"""A plan version's document compressed with lz4 on PostgreSQL (planning/compression.py): a
submission writes the whole ~60 kB document, and pglz took 3.8 ms of its INSERT and commit
against lz4's 2.0; reading a version back is faster too."""

from django.db import migrations

from ltpif.web.planning.compression import compressed_with_lz4


class Migration(migrations.Migration):
    dependencies = [("planning", "0006_working_copy_lz4")]

    operations = [compressed_with_lz4("planning_planversion", "document")]
