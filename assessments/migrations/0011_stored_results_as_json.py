"""Stored results become JSON validated on read, with a schema version, instead of pickles.

The pickled rows are deleted, never unpickled: each round's results are scored afresh
from its answers the next time a report asks (as for a new round), and stored as JSON.
"""

from django.db import migrations, models


def delete_pickled_rows(apps, schema_editor):
    apps.get_model("assessments", "StoredResult").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0010_firm_invitations"),
    ]

    operations = [
        migrations.RunPython(delete_pickled_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="storedresult", name="data"),
        migrations.AddField(
            model_name="storedresult",
            name="data",
            field=models.TextField(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="storedresult",
            name="schema",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
    ]
