"""The working copy compressed with lz4 on PostgreSQL (planning/compression.py): a save
rewrites the whole ~60 kB value (jsonb_set too), and pglz took 2.4 ms of each save's UPDATE
against lz4's 0.9 (reading a copy back: 1.2 ms against 0.8)."""

from django.db import migrations

from ltpif.web.planning.compression import compressed_with_lz4


class Migration(migrations.Migration):
    dependencies = [("planning", "0005_ics_assurance_role")]

    operations = [compressed_with_lz4("planning_plan", "working")]
