"""Framework content in the Django admin: editable with inlines; read-only once frozen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from frameworks import services
from frameworks.models import Dial, Enabler, FrameworkVersion, Statement

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "framework",
    "frameworkversion",
    "enabler",
    "statement",
    "scale",
    "activityarea",
    "activity",
    "dialgroup",
    "dial",
    "recommendation",
]


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("model", CHANGELISTS)
def test_every_content_list_renders_and_searches(admin_client, shipped_version, model):
    url = reverse(f"admin:frameworks_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "roadmap"}).status_code == 200


def test_an_enabler_is_edited_with_its_descriptors_and_statements_inline(
    admin_client, shipped_version
):
    enabler = Enabler.objects.filter(version=shipped_version).first()
    url = reverse("admin:frameworks_enabler_change", args=[enabler.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert len(formsets["descriptors"].forms) == 3
    assert len(formsets["statements"].forms) == enabler.statements.count()
    # Level choices come from the same version only.
    level_field = formsets["statements"].forms[0].fields["level"]
    assert {lv.version_id for lv in level_field.queryset} == {shipped_version.pk}


def test_a_statement_edit_in_the_admin_is_saved(admin_client, shipped_version):
    statement = Statement.objects.filter(version=shipped_version).first()
    url = reverse("admin:frameworks_statement_change", args=[statement.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        text="We changed this in the admin.", enabler=statement.enabler_id, level=statement.level_id
    )
    data["reverse_scored"] = "on" if statement.reverse_scored else ""
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement.refresh_from_db()
    assert statement.text == "We changed this in the admin."
    assert statement.version == shipped_version


def test_a_frozen_version_is_read_only_in_the_admin(admin_client, shipped_version):
    services.version_freeze(version=shipped_version)
    statement = Statement.objects.filter(version=shipped_version).first()
    url = reverse("admin:frameworks_statement_change", args=[statement.pk])

    page = admin_client.get(url, follow=True)
    assert "frozen because it has answers" in page.content.decode()
    assert "Fork" in page.content.decode()
    assert b'name="text"' not in page.content  # shown, not editable

    response = admin_client.post(url, {"text": "Sneaky edit"})
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.text != "Sneaky edit"

    dial = Dial.objects.filter(version=shipped_version).first()
    delete = admin_client.post(
        reverse("admin:frameworks_dial_delete", args=[dial.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Dial.objects.filter(pk=dial.pk).exists()


def test_version_actions_publish_retire_and_fork(admin_client, shipped_version):
    changelist = reverse("admin:frameworks_frameworkversion_changelist")
    response = admin_client.post(
        changelist, {"action": "fork", "_selected_action": [shipped_version.pk]}, follow=True
    )
    label = f"{shipped_version.label}-fork1"
    assert f"{label}: done." in response.content.decode()
    fork = FrameworkVersion.objects.get(label=label)
    assert fork.status == "draft"

    response = admin_client.post(
        changelist, {"action": "publish", "_selected_action": [fork.pk]}, follow=True
    )
    fork.refresh_from_db()
    assert fork.status == "published"

    response = admin_client.post(
        changelist, {"action": "publish", "_selected_action": [fork.pk]}, follow=True
    )
    assert "cannot become published" in response.content.decode()


def test_the_version_page_lists_its_content_inline(admin_client, shipped_version):
    response = admin_client.get(
        reverse("admin:frameworks_frameworkversion_change", args=[shipped_version.pk])
    )
    prefixes = {f.formset.prefix for f in response.context["inline_admin_formsets"]}
    assert prefixes == {
        "level_set",
        "enabler_set",
        "scale_set",
        "ownershipkind_set",
        "activityleader_set",
        "activityarea_set",
        "dialgroup_set",
        "gapaction_set",
    }
