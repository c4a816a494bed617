"""Consultant memberships left behind by people no longer in the client's firm are removed:
before, deleting someone's place in a firm left every client membership it had brought."""

from django.db import migrations


def forwards(apps, schema_editor):
    Membership = apps.get_model("assessments", "Membership")
    FirmMember = apps.get_model("assessments", "FirmMember")
    FirmClient = apps.get_model("assessments", "FirmClient")
    firm_of = dict(FirmClient.objects.values_list("organisation_id", "firm_id"))
    works_for = dict(FirmMember.objects.values_list("user_id", "firm_id"))
    stale = [
        pk
        for pk, user_id, org_id in Membership.objects.filter(role="consultant").values_list(
            "pk", "user_id", "organisation_id"
        )
        if org_id in firm_of and works_for.get(user_id) != firm_of[org_id]
    ]
    Membership.objects.filter(pk__in=stale).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0013_release_history")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
