"""A plan belongs to one round; a system has one plan per round (issue 12 item 3).

Existing plans are linked to the round of their pack and version, opened here (with an empty
calendar) when `ltpif round open` has not opened it yet."""

import django.db.models.deletion
from django.db import migrations, models


def link_rounds(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    Round = apps.get_model("organisations", "Round")
    for pack, version in Plan.objects.values_list("pack", "pack_version").distinct():
        round_, _ = Round.objects.get_or_create(pack=pack, pack_version=version)
        Plan.objects.filter(pack=pack, pack_version=version).update(round=round_)
    if schema_editor.connection.vendor == "postgresql":
        # check the new foreign keys now, so that the column can be altered in this transaction
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("planning", "0002_deadlines_extensions_and_query_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="round",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="organisations.round",
            ),
        ),
        migrations.RunPython(link_rounds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="plan",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="organisations.round",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="system",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="planning.system",
            ),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                fields=("system", "round"), name="one_plan_per_round"
            ),
        ),
    ]
