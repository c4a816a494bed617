"""Charters: versions never change, publishing, and the pages as owner, member and outsider."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.charters import services
from assessments.charters.models import Charter, CharterPrinciple, CharterVersion
from assessments.charters.services import CharterRefused, PrincipleIn
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def save(organisation, user, principles=None, department=None, publish=False, note=""):
    return services.charter_save(
        organisation=organisation,
        department=department,
        principles=principles or services.template_principles(),
        note=note,
        user=user,
        publish=publish,
    )


def url(organisation, page="", *args):
    return reverse(f"orgs:charter{page}", args=[organisation.slug, *args])


def body(*rows, note="", publish=False, initial=0):
    data = {"p-TOTAL_FORMS": str(len(rows)), "p-INITIAL_FORMS": str(initial), "note": note}
    for i, row in enumerate(rows):
        data.update({f"p-{i}-{k}": v for k, v in row.items()})
    if publish:
        data["publish"] = "on"
    return data


# --- services ------------------------------------------------------------------------------


def test_saving_makes_a_new_version_and_never_changes_the_earlier_one(organisation, owner):
    first = save(organisation, owner, note="From the template")
    before = list(first.principles.values_list("position", "key", "title", "text"))
    second = save(organisation, owner, [PrincipleIn("Our own principle", "Ours.")], note="Ours")
    assert (first.number, second.number) == (1, 2)
    assert first.charter_id == second.charter_id
    assert list(first.principles.values_list("position", "key", "title", "text")) == before
    assert list(second.principles.values_list("key", "title")) == [("", "Our own principle")]
    assert CharterVersion.objects.count() == 2
    assert Charter.objects.count() == 1


def test_publishing_marks_the_version_members_read(organisation, owner):
    first = save(organisation, owner, publish=True)
    second = save(organisation, owner, [PrincipleIn("Shorter")])
    assert second.published_at is None
    services.charter_publish(version=second)
    from assessments.charters.selectors import published_version

    assert published_version(first.charter).pk == second.pk
    services.charter_publish(version=first)  # back to the first, deliberately
    assert published_version(first.charter).pk == first.pk


def test_a_department_has_its_own_charter_beside_the_organisations(organisation, owner):
    department = DepartmentFactory(organisation=organisation)
    save(organisation, owner)
    own = save(organisation, owner, department=department)
    assert own.number == 1
    assert Charter.objects.filter(organisation=organisation).count() == 2


@pytest.mark.parametrize(
    "principles",
    [[], [PrincipleIn("  ")], [PrincipleIn("x" * 161)], [PrincipleIn("t", "y" * 601)]],
)
def test_a_charter_without_principles_or_with_overlong_ones_is_refused(
    organisation, owner, principles
):
    with pytest.raises(CharterRefused):
        save(organisation, owner, principles or [PrincipleIn("")])
    assert not CharterVersion.objects.exists()


def test_an_unknown_template_key_is_dropped_not_trusted(organisation, owner):
    version = save(organisation, owner, [PrincipleIn("Mine", "", "not-a-template-key")])
    assert version.principles.get().key == ""


# --- pages -----------------------------------------------------------------------------------


def test_with_no_charter_members_see_what_one_is_for_and_admins_are_offered_the_template(
    client, organisation, owner, member
):
    client.force_login(member)
    html = client.get(url(organisation)).content.decode()
    assert "No charter published yet" in html
    assert "what product management is for" in html
    assert "Start from our template" not in html
    client.force_login(owner)
    html = client.get(url(organisation)).content.decode()
    assert "Start from our template" in html


def test_the_edit_page_starts_from_our_template(client, organisation, owner):
    client.force_login(owner)
    html = client.get(url(organisation, "_edit")).content.decode()
    assert "Product managers make the final call on their roadmap" in html


def test_an_admin_saves_reorders_removes_adds_and_publishes(client, organisation, owner):
    client.force_login(owner)
    response = client.post(
        url(organisation, "_edit"),
        body(
            {"title": "Second", "text": "", "key": "", "ORDER": "2"},
            {"title": "First", "text": "Said plainly.", "key": "strategy-first", "ORDER": "1"},
            {"title": "Gone", "text": "", "key": "", "ORDER": "3", "DELETE": "on"},
            {"title": "", "text": "", "key": "", "ORDER": ""},
            note="Our first go",
            publish=True,
        ),
    )
    assert response.status_code == 302
    version = CharterVersion.objects.get()
    assert list(version.principles.values_list("title", "key")) == [
        ("First", "strategy-first"),
        ("Second", ""),
    ]
    assert version.note == "Our first go"
    assert version.saved_by == owner
    html = client.get(url(organisation)).content.decode()
    assert "Said plainly." in html
    assert "data-print" in html


def test_the_history_lists_who_saved_each_version_and_when(client, organisation, owner):
    first = save(organisation, owner, note="From the template", publish=True)
    save(organisation, owner, [PrincipleIn("Shorter")], note="Cut down")
    client.force_login(owner)
    html = client.get(url(organisation, "_history")).content.decode()
    assert "From the template" in html
    assert "Cut down" in html
    assert (owner.get_full_name() or owner.username) in html
    page = client.get(url(organisation, "_version", first.pk))
    assert "Product managers make the final call" in page.content.decode()


def test_members_read_only_the_published_version(client, organisation, owner, member):
    save(organisation, owner, [PrincipleIn("Published words")], publish=True)
    newer = save(organisation, owner, [PrincipleIn("Draft words")])
    client.force_login(member)
    html = client.get(url(organisation)).content.decode()
    assert "Published words" in html
    assert "Draft words" not in html
    assert "Edit the charter" not in html
    for page in (
        client.get(url(organisation, "_edit")),
        client.get(url(organisation, "_history")),
        client.get(url(organisation, "_version", newer.pk)),
        client.post(url(organisation, "_publish", newer.pk)),
    ):
        assert page.status_code == 403
        assert "Every member can read the published charter" in page.content.decode()


def test_another_organisations_charter_or_department_is_not_found(
    client, organisation, owner, outsider
):
    version = save(organisation, owner, publish=True)
    department = DepartmentFactory(organisation=organisation)
    other = outsider.memberships.get().organisation
    client.force_login(outsider)
    assert client.get(url(organisation)).status_code == 404
    assert client.get(url(other, "_version", version.pk)).status_code == 404
    assert client.post(url(other, "_publish", version.pk)).status_code == 404
    foreign_dept = reverse("orgs:charter_department", args=[other.slug, department.pk])
    assert client.get(foreign_dept).status_code == 404


def test_a_department_without_its_own_charter_points_to_the_organisations(
    client, organisation, owner, member
):
    save(organisation, owner, publish=True)
    department = DepartmentFactory(organisation=organisation, name="Payments")
    client.force_login(member)
    html = client.get(
        reverse("orgs:charter_department", args=[organisation.slug, department.pk])
    ).content.decode()
    assert "Payments has no charter of its own" in html
    assert "the organisation’s charter</a> applies here" in html


@pytest.mark.parametrize(
    "data",
    [
        {},  # no management form at all
        {"p-TOTAL_FORMS": "x", "p-INITIAL_FORMS": "0"},
        {"p-TOTAL_FORMS": "99999", "p-INITIAL_FORMS": "0"},
        body({"title": "x" * 500, "ORDER": "1"}),
        body({"title": "ok", "text": "y" * 5000, "ORDER": "1"}),
        body({"title": "ok", "ORDER": "first"}),
        body({"title": "", "text": "no title", "ORDER": "1"}),
        body({"title": "Gone", "ORDER": "1", "DELETE": "on"}),
        body({"title": "ok", "ORDER": "1"}, note="n" * 201),
        body({"title": "ok\x00", "ORDER": "1"}),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, organisation, owner, data):
    client.force_login(owner)
    response = client.post(url(organisation, "_edit"), data)
    if response.status_code == 302:  # a NUL byte is stripped, never stored
        assert "\x00" not in CharterPrinciple.objects.get().title
        return
    assert response.status_code == 400
    assert 'class="alert alert-danger"' in response.content.decode() or "invalid-feedback" in (
        response.content.decode()
    )
    assert not CharterVersion.objects.exists()


def test_the_organisation_page_links_to_the_charter(client, organisation, member):
    client.force_login(member)
    html = client.get(reverse("orgs:organisation", args=[organisation.slug])).content.decode()
    assert url(organisation) in html
